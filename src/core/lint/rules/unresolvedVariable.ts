import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { LintContext, Rule } from '../context';
import { dagTasks, exitHandlerTemplates, stepGroups, templateTags, templateTypes } from '../argo';
import { taskDeps } from './dagCycle';
import type { YNode } from '../ynode';

/** What a `{{steps.X...}}` or `{{tasks.X...}}` reference may read of X. */
interface Producer {
  outputParameters: Set<string> | undefined; // undefined: unknown callee, allow any
  outputArtifacts: Set<string> | undefined;
}

interface Scope {
  inMetrics?: boolean;
  template: YNode;
  templateName: string;
  isExitHandler: boolean;
  inLoop: boolean;
  steps: Map<string, Producer>;
  tasks: Map<string, Producer>;
}

const WORKFLOW_FIELDS = new Set(['name', 'namespace', 'uid', 'serviceAccountName', 'mainEntrypoint', 'priority', 'duration', 'scheduledTime', 'creationTimestamp', 'parameters', 'annotations', 'labels', 'outputs', 'status', 'failures', 'id']);
const NODE_FIELDS = new Set(['status', 'id', 'ip', 'startedAt', 'finishedAt', 'exitCode', 'hostNodeName', 'outputs']);

/**
 * `{{...}}` variables must resolve in their scope, as Argo's validator checks: inputs of the template, outputs of
 * earlier steps or upstream tasks, workflow parameters and metadata, loop items, exit-handler-only variables.
 */
export const unresolvedVariable: Rule = {
  id: 'unresolved-variable',
  severity: 'error',
  description: '{{...}} variables must resolve where they are used.',
  check(ctx) {
    const exit = exitHandlerTemplates(ctx);
    for (const t of ctx.templates) {
      // Most templates use no variable at all: skip them without walking.
      if (!t.node.sourceText().includes('{{')) continue;
      const base: Scope = { template: t.node, templateName: t.name ?? '?', isExitHandler: exit.has(t.name ?? ''), inLoop: false, steps: new Map(), tasks: new Map() };
      const types = templateTypes(t.node);
      const structural = types.includes('steps') || types.includes('dag');
      // Everything but the steps/tasks (and, for steps/dag templates, the outputs that read them).
      for (const [key, value] of t.node.entries()) {
        if (key === 'steps' || key === 'dag' || (structural && key === 'outputs')) continue;
        checkStrings(ctx, value, key === 'metrics' ? { ...base, inMetrics: true } : base);
      }
      const groups = stepGroups(t.node);
      const earlier = new Map<string, Producer>();
      for (const group of groups) {
        for (const step of group) checkInvocation(ctx, step, { ...base, steps: new Map(earlier), inLoop: hasLoop(step) }, 'steps');
        for (const step of group) {
          const n = step.get('name').str();
          if (n) earlier.set(n, producer(ctx, step));
        }
      }
      const tasks = dagTasks(t.node);
      const byName = new Map(tasks.map((x) => [x.get('name').str() ?? '', x]));
      for (const task of tasks) {
        const visible = new Map<string, Producer>();
        const stack = taskDeps(task);
        while (stack.length) {
          const d = stack.pop()!;
          const dt = byName.get(d);
          if (!dt || visible.has(d)) continue;
          visible.set(d, producer(ctx, dt));
          stack.push(...taskDeps(dt));
        }
        checkInvocation(ctx, task, { ...base, tasks: visible, inLoop: hasLoop(task) }, 'tasks');
      }
      if (structural) {
        const all = new Map<string, Producer>([...earlier]);
        const allTasks = new Map(tasks.map((x) => [x.get('name').str() ?? '', producer(ctx, x)]));
        checkStrings(ctx, t.node.get('outputs'), { ...base, steps: all, tasks: allTasks });
      }
    }
  },
};

/** A step or task; its own hooks and onExit arguments may read the step itself. */
function checkInvocation(ctx: LintContext, inv: YNode, scope: Scope, kind: 'steps' | 'tasks'): void {
  for (const [key, value] of inv.entries()) {
    if (key !== 'hooks') {
      checkStrings(ctx, value, scope);
      continue;
    }
    const self = new Map(scope[kind]);
    const name = inv.get('name').str();
    if (name) self.set(name, producer(ctx, inv));
    checkStrings(ctx, value, { ...scope, [kind]: self });
  }
}

function hasLoop(inv: YNode): boolean {
  return inv.has('withItems') || inv.has('withParam') || inv.has('withSequence');
}

function producer(ctx: LintContext, inv: YNode): Producer {
  const local = ctx.templateByName.get(inv.get('template').str() ?? '');
  if (local && !inv.has('templateRef')) {
    const names = (k: 'parameters' | 'artifacts') => new Set(local.get('outputs').get(k).items().map((p) => p.get('name').str() ?? ''));
    return { outputParameters: names('parameters'), outputArtifacts: names('artifacts') };
  }
  const ref = inv.get('templateRef');
  const src = ref.exists ? ctx.index.get(ref.get('clusterScope').bool() ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate', ref.get('name').str() ?? '') : undefined;
  const info = src?.templates.get(ref.get('template').str() ?? '');
  if (info) return { outputParameters: new Set(info.outputParameters), outputArtifacts: new Set(info.outputArtifacts) };
  return { outputParameters: undefined, outputArtifacts: undefined };
}

function checkStrings(ctx: LintContext, node: YNode, scope: Scope): void {
  const visit = (n: Node | null, depth: number): void => {
    if (!n || depth > 60) return;
    if (isScalar(n)) {
      if (typeof n.value !== 'string' || !n.value.includes('{{')) return;
      for (const { tag } of templateTags(n.value)) {
        if (tag.includes('{{')) continue; // a reference built from another variable: only known at run time
        const problem = resolve(ctx, tag, scope);
        if (problem) ctx.report(rangeOf(ctx, n, node, `{{${tag}}}`), problem.message, { severity: problem.severity });
      }
    } else if (isMap(n)) {
      for (const item of n.items) if (isPair(item)) visit(item.value as Node | null, depth + 1);
    } else if (isSeq(n)) {
      for (const item of n.items) visit(item as Node | null, depth + 1);
    }
  };
  visit(node.node, 0);
}

function rangeOf(ctx: LintContext, n: Node, fallback: YNode, needle: string) {
  return n.range ? ctx.parsed.ydoc.findRange(needle, n.range[0], n.range[1]) : fallback.range();
}

type Problem = { message: string; severity?: 'warning' };
const METRIC_VARS = new Set(['duration', 'status', 'exitCode', 'resourcesDuration', 'retries', 'inputs', 'outputs', 'workflow']);

/** Returns the problem when the tag cannot resolve in scope, else undefined. */
function resolve(ctx: LintContext, rawTag: string, scope: Scope): Problem | undefined {
  const tag = rawTag.trim();
  if (tag.startsWith('=')) return undefined; // expr-lang expression, checked by the expression rule
  const fail = (why?: string): Problem => ({ message: `failed to resolve {{${rawTag}}}${why ? `: ${why}` : ''}.` });
  const parts = tag.split('.');
  const [head, second, third] = parts;
  if (scope.inMetrics && METRIC_VARS.has(head ?? '')) return undefined;
  switch (head) {
    case 'inputs': {
      if (second !== 'parameters' && second !== 'artifacts') return fail();
      if (third === undefined) return undefined;
      const declared = scope.template.get('inputs').get(second).items().map((p) => p.get('name').str());
      return declared.includes(third) ? undefined : fail(`template '${scope.templateName}' has no input ${second === 'parameters' ? 'parameter' : 'artifact'} '${third}'`);
    }
    case 'outputs':
    case 'pod':
    case 'node':
    case 'retries':
    case 'lastRetry':
      return undefined;
    case 'item':
      return scope.inLoop || parts.length >= 1 ? undefined : fail();
    case 'workflow':
      return resolveWorkflow(ctx, parts.slice(1), scope, fail);
    case 'steps':
    case 'tasks': {
      if (second === 'name' && parts.length === 2) return undefined;
      const known = head === 'steps' ? scope.steps : scope.tasks;
      const p = second === undefined ? undefined : known.get(second);
      if (!p) {
        return fail(head === 'steps' ? `'${second}' is not a step of an earlier step group` : `'${second}' is not a task this task depends on (directly or indirectly)`);
      }
      if (third === undefined || !NODE_FIELDS.has(third)) return third === undefined ? fail() : fail(`'${third}' is not a field of a ${head === 'steps' ? 'step' : 'task'}`);
      if (third === 'outputs') {
        const kind = parts[3];
        const name = parts[4];
        if (kind === 'result' || kind === undefined || name === undefined) return undefined;
        const set = kind === 'parameters' ? p.outputParameters : kind === 'artifacts' ? p.outputArtifacts : new Set<string>();
        if (set && !set.has(name)) return fail(`'${second}' has no output ${kind === 'parameters' ? 'parameter' : kind === 'artifacts' ? 'artifact' : kind} '${name}'`);
      }
      return undefined;
    }
    default:
      // Argo rejects unknown variables, but controllers can add their own (custom variables): warn.
      return { message: `${fail().message} Argo only knows inputs.*, outputs.*, steps.*, tasks.*, item, workflow.*, pod.name, retries and similar.`, severity: 'warning' };
  }
}

function resolveWorkflow(ctx: LintContext, rest: string[], scope: Scope, fail: (why?: string) => Problem): Problem | undefined {
  const [field, sub] = rest;
  if (field === undefined || !WORKFLOW_FIELDS.has(field)) return fail(`'workflow.${field ?? ''}' is not a workflow variable`);
  if (field === 'failures' && !scope.isExitHandler) {
    return fail(`workflow.${field} is only available in exit handlers (onExit templates)`);
  }
  if (field === 'parameters' && sub !== undefined && sub !== 'json' && ctx.kind !== 'WorkflowTemplate' && ctx.kind !== 'ClusterWorkflowTemplate' && !ctx.usesWorkflowTemplateRef) {
    const declared = ctx.spec.get('arguments').get('parameters').items().map((p) => p.get('name').str());
    if (!declared.includes(rest.slice(1).join('.'))) return fail(`'${rest.slice(1).join('.')}' is not in spec.arguments.parameters`);
  }
  if ((field === 'labels' || field === 'annotations') && sub !== undefined && sub !== 'json') {
    const key = rest.slice(1).join('.');
    const known = [ctx.root.get('metadata').get(field), ctx.spec.get('workflowMetadata').get(field)].flatMap((m) => m.keys());
    const from = ctx.spec.get('workflowMetadata').get(`${field}From`).keys();
    if (!known.includes(key) && !from.includes(key)) {
      // The controller's workflowDefaults or the submitting Workflow may set it: a warning, not an error.
      return { message: fail(`no ${field === 'labels' ? 'label' : 'annotation'} '${key}' is set in metadata.${field} or spec.workflowMetadata.${field} (fine if the controller's workflowDefaults set it)`).message, severity: 'warning' };
    }
  }
  return undefined;
}
