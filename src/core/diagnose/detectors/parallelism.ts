// Parallelism: the workflow or step waits for a free slot. The controller's `parallelism` (all workflows), the
// namespace's (label `workflows.argoproj.io/parallelism-limit` or the controller's `namespaceParallelism`), the
// workflow's `spec.parallelism` or a template's `parallelism` (its steps at once).
import type { ArgoNode } from '../../model/argoNode';
import { rec, str, type Obj } from '../../model/json';
import { unstartedSteps, type UnstartedStep } from '../../model/unstartedSteps';
import { templatesOf } from '../../model/workflowTemplates';
import type { Facts } from '../bundle';
import {
  controllerSetting,
  isKind,
  labelsOf,
  nameOf,
  namespaceOf,
  nodesOf,
  phaseOf,
  relatedWorkflows,
  templateOf,
} from '../waitingFacts';
import type { Detector, Finding } from './common';
import { argoEvidence, Subject, workflowLine } from './texts';

type Scope = 'controller' | 'namespace' | 'workflow' | 'template';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  where: (scope: Scope, source: string, ns: string) =>
    scope === 'controller'
      ? `parallelism in the ${source} (the most workflows running at once in the whole cluster)`
      : scope === 'namespace'
        ? `the parallelism limit of namespace ${ns} (${source}: the most workflows running at once there)`
        : scope === 'workflow'
          ? "the workflow's spec.parallelism (the most of its steps running at once)"
          : `the parallelism of template ${source} (the most of its steps running at once)`,
  cause: (f: Facts, scope: Scope, limit: number | undefined, source: string, running: string[]) => {
    const lim = limit !== undefined ? `: ${text.where(scope, source, f.workflowNamespace)} is ${limit}` : '';
    const count = running.length
      ? ` and ${running.length} ${scope === 'controller' || scope === 'namespace' ? 'workflows are' : 'steps are'} ` +
        `running (${text.names(running)})`
      : '';
    const what =
      scope === 'controller' || scope === 'namespace'
        ? 'Argo postponed it: it has not started, nothing failed'
        : 'it has not started, nothing failed';
    return (
      `${Subject(f)} is waiting for a free parallelism slot${lim}${count}. ${what}; it will wait until one ` +
      'of the running ones finishes, then start by itself.'
    );
  },
  generic: (f: Facts) =>
    `${Subject(f)} is waiting: Argo postponed it because too many workflows are already running (a parallelism ` +
    'limit of the controller or of the namespace is reached). It will wait until one finishes, then start.',
  names: (n: string[]) => (n.length > 6 ? `${n.slice(0, 6).join(', ')} and ${n.length - 6} more` : n.join(', ')),
  fix: (scope: Scope, f: Facts, source: string, cmNamespace: string) =>
    scope === 'controller'
      ? 'Nothing is broken: it waits its turn. To run more workflows at once, raise `parallelism` in the ' +
        `${source}${cmNamespace ? ` (namespace ${cmNamespace})` : ''}, or stop workflows that are stuck.`
      : scope === 'namespace'
        ? 'Nothing is broken: it waits its turn. To run more at once in this namespace, raise its limit ' +
          `(\`kubectl label namespace ${f.workflowNamespace || 'NAMESPACE'} ` +
          'workflows.argoproj.io/parallelism-limit=N --overwrite`, or `namespaceParallelism` in the ' +
          'workflow-controller-configmap), or stop workflows that are stuck.'
        : scope === 'workflow'
          ? 'Nothing is broken: the steps run a few at a time by design. Raise `spec.parallelism` for more at once.'
          : `Nothing is broken: template ${source} runs its steps a few at a time. Raise its \`parallelism\`.`,
  genericFix: () =>
    'Nothing is broken: it waits its turn. Raise `parallelism` (or `namespaceParallelism`) in the ' +
    'workflow-controller-configmap, or the namespace label workflows.argoproj.io/parallelism-limit, to run more ' +
    'at once.',
  notStarted: (f: Facts, scope: Scope, limit: number, source: string, running: string[], waiting: string[]) =>
    `${Subject(f)} runs at most ${limit} ${limit === 1 ? 'step' : 'steps'} at once ` +
    `(${scope === 'workflow' ? 'spec.parallelism' : `parallelism of template ${source}`}: ${limit}) ` +
    `and ${running.length} ${running.length === 1 ? 'is' : 'are'} running (${text.names(running)}), so ` +
    `${text.names(waiting)} ${waiting.length === 1 ? 'has' : 'have'} not started yet. Nothing failed: ` +
    `${waiting.length === 1 ? 'it starts' : 'they start'} by itself when a running step finishes.`,
  notStartedLine: (names: string[]) => `Not started (no node yet): ${text.names(names)}`,
  limitLine: (where: string, limit: number) => `${where}: parallelism ${limit}`,
  runningLine: (names: string[]) => `Running: ${text.names(names)}`,
  summary: (running: number, limit: number | undefined, scope: Scope | 'any') =>
    `waiting for a parallelism slot${limit !== undefined ? `: ${running} of ${limit} running` : ''}` +
    `${scope === 'any' ? '' : ` (${scope} limit)`}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const POSTPONED = /Workflow processing has been postponed|too many workflows are already running|max parallelism/i;

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : Number.parseInt(str(v), 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The running workflows among the related ones, in a namespace or all. */
const runningWorkflows = (f: Facts, ns?: string): Obj[] =>
  relatedWorkflows(f).filter((w) => phaseOf(w) === 'Running' && (!ns || (namespaceOf(w) || ns) === ns));

/** The controller or namespace limit that holds the workflow back. */
function workflowLevel(f: Facts): Finding {
  const ev = [...workflowLine(f), ...argoEvidence(f)];
  const nsObj = f.related.find((o) => isKind(o, 'Namespace') && nameOf(o) === f.workflowNamespace);
  const nsLabel = num(labelsOf(nsObj ?? {})['workflows.argoproj.io/parallelism-limit']);
  const nsSetting = controllerSetting(f, 'namespaceParallelism');
  const ctrl = controllerSetting(f, 'parallelism');
  const nsLimit = nsLabel ?? num(nsSetting?.value);
  const ctrlLimit = num(ctrl?.value);
  const inNs = runningWorkflows(f, f.workflowNamespace).map(nameOf);
  const all = runningWorkflows(f).map(nameOf);
  // The namespace's limit when it is reached (or the only one known), else the controller's.
  const useNs = nsLimit !== undefined && (ctrlLimit === undefined || inNs.length >= nsLimit || all.length < ctrlLimit);
  if (useNs) {
    const source = nsLabel !== undefined ? 'label workflows.argoproj.io/parallelism-limit' : 'namespaceParallelism';
    ev.push(text.limitLine(`Namespace ${f.workflowNamespace} ${source}`, nsLimit), text.runningLine(inNs));
    return {
      id: 'parallelism-limit',
      score: 94,
      cause: text.cause(f, 'namespace', nsLimit, source, inNs),
      fix: text.fix('namespace', f, source, ''),
      evidence: ev.filter(Boolean),
      summary: text.summary(inNs.length, nsLimit, 'namespace'),
    };
  }
  if (ctrlLimit !== undefined) {
    const cm = nameOf(ctrl!.configMap) || 'workflow-controller-configmap';
    ev.push(text.limitLine(`ConfigMap ${namespaceOf(ctrl!.configMap)}/${cm}`, ctrlLimit));
    if (all.length) ev.push(text.runningLine(all));
    return {
      id: 'parallelism-limit',
      score: 94,
      cause: text.cause(f, 'controller', ctrlLimit, cm, all),
      fix: text.fix('controller', f, cm, namespaceOf(ctrl!.configMap)),
      evidence: ev,
      summary: text.summary(all.length, ctrlLimit, 'controller'),
    };
  }
  if (all.length) ev.push(text.runningLine(all));
  return {
    id: 'parallelism-limit',
    score: 90,
    cause: text.generic(f),
    fix: text.genericFix(),
    evidence: ev,
    summary: text.summary(all.length, undefined, 'any'),
  };
}

/** The workflow's or a template's own parallelism: its steps run a few at a time. */
function stepLevel(f: Facts): Finding | undefined {
  if (!f.hasStep || f.podName || f.step.phase !== 'Pending' || f.message) return undefined;
  const spec = rec(f.workflow.spec);
  const hints = rec(f.bundle.workflowSpecHints);
  const running = [...(f.bundle.relatedNodes ?? []), ...nodesOf(f.workflow)]
    .filter((n) => str(n.type) === 'Pod' && str(n.phase) === 'Running')
    .map((n) => str(n.displayName) || str(n.name));
  const names = [...new Set(running)];
  const wfLimit = num(spec.parallelism ?? hints.parallelism);
  const tmplName = str(rec(f.bundle.templateHints).parentTemplate);
  const tmplLimit = tmplName ? num(templateOf(f.workflow, tmplName).parallelism) : undefined;
  const [scope, limit, source] =
    tmplLimit !== undefined && names.length >= tmplLimit
      ? (['template', tmplLimit, tmplName] as const)
      : wfLimit !== undefined && names.length >= wfLimit
        ? (['workflow', wfLimit, 'spec.parallelism'] as const)
        : [];
  if (!scope) return undefined;
  return {
    id: 'parallelism-limit',
    score: 70,
    cause: text.cause(f, scope, limit, source, names),
    fix: text.fix(scope, f, source, ''),
    evidence: [
      text.limitLine(scope === 'workflow' ? 'Workflow spec' : `Template ${source}`, limit),
      text.runningLine(names),
    ],
    summary: text.summary(names.length, limit, scope),
  };
}

/**
 * A running workflow whose steps wait for a slot of its own or its template's parallelism: Argo creates no node for a
 * step it holds back, so they are found from the templates (steps of a running group, DAG tasks whose dependencies
 * succeeded, without a node).
 */
function notStarted(f: Facts): Finding | undefined {
  if (f.hasStep) return undefined;
  const byId = Object.fromEntries(nodesOf(f.workflow).map((n) => [str(n.id), n as unknown as ArgoNode]));
  const waiting = unstartedSteps(f.workflow, byId);
  if (!waiting.length) return undefined;
  const pods = nodesOf(f.workflow).filter((n) => str(n.type) === 'Pod' && str(n.phase) === 'Running');
  const name = (n: Obj) => str(n.displayName) || str(n.name);
  const templates = templatesOf(f.workflow);
  const found = (scope: Scope, limit: number, source: string, running: Obj[], held: UnstartedStep[]): Finding => {
    const names = [...new Set(held.map((s) => s.name))];
    const runningNames = [...new Set(running.map(name))];
    return {
      id: 'parallelism-limit',
      score: 88,
      cause: text.notStarted(f, scope, limit, source, runningNames, names),
      fix: text.fix(scope, f, source, ''),
      evidence: [
        text.limitLine(scope === 'workflow' ? 'Workflow spec' : `Template ${source}`, limit),
        text.runningLine(runningNames),
        text.notStartedLine(names),
      ],
      summary:
        `${names.length} ${names.length === 1 ? 'step' : 'steps'} waiting for a parallelism slot: ` +
        `${runningNames.length} of ${limit} running (${scope} limit)`,
    };
  };
  for (const template of new Set(waiting.map((s) => s.template))) {
    const limit = num(templates.get(template)?.parallelism);
    const held = waiting.filter((s) => s.template === template);
    const running = pods.filter((p) => held.some((s) => s.boundaryId === str(p.boundaryID)));
    if (limit !== undefined && running.length >= limit) return found('template', limit, template, running, held);
  }
  const limit = num(
    rec(f.workflow.spec).parallelism ?? rec(rec(f.workflow.status).storedWorkflowTemplateSpec).parallelism,
  );
  if (limit !== undefined && pods.length >= limit) return found('workflow', limit, 'spec.parallelism', pods, waiting);
  return undefined;
}

/**
 * The whole workflow, running, with as many pods active as its spec.parallelism: Argo creates no further step (the
 * steps waiting for a slot do not exist yet), so the workflow waits rather than one of its steps.
 */
function ownSlots(f: Facts): Finding | undefined {
  if (f.hasStep || f.workflowPhase !== 'Running') return undefined;
  const limit = num(rec(f.workflow.spec).parallelism);
  if (limit === undefined) return undefined;
  const active = nodesOf(f.workflow).filter(
    (n) => str(n.type) === 'Pod' && ['Running', 'Pending'].includes(str(n.phase)),
  );
  if (active.length < limit) return undefined;
  const names = active.map((n) => str(n.displayName) || str(n.name));
  return {
    id: 'parallelism-limit',
    score: 88,
    cause: text.cause(f, 'workflow', limit, 'spec.parallelism', names),
    fix: text.fix('workflow', f, 'spec.parallelism', ''),
    evidence: [text.limitLine('Workflow spec', limit), text.runningLine(names)],
    summary: text.summary(names.length, limit, 'workflow'),
  };
}

export const parallelism: Detector = (f) => {
  if (!f.active) return [];
  if (POSTPONED.test(f.workflowMessage) || POSTPONED.test(f.message)) return [workflowLevel(f)];
  const own = stepLevel(f) ?? notStarted(f) ?? ownSlots(f);
  return own ? [own] : [];
};
