import {
  isMap as yamlIsMap,
  isPair as yamlIsPair,
  isScalar as yamlIsScalar,
  isSeq as yamlIsSeq,
  type Node,
} from 'yaml';
import type { LintContext, Rule } from '../context';
import { dagTasks, exitHandlerTemplates, isSet, refTemplate, stepGroups, templateTags, templateTypes } from '../argo';
import { taskDeps } from './dagCycle';
import type { YNode } from '../ynode';

// yaml's node guards, bound once: a bundled CommonJS module would otherwise reach each through a getter per call.
const isMap: typeof yamlIsMap = yamlIsMap;
const isPair: typeof yamlIsPair = yamlIsPair;
const isScalar: typeof yamlIsScalar = yamlIsScalar;
const isSeq: typeof yamlIsSeq = yamlIsSeq;

/** What a `{{steps.X...}}` or `{{tasks.X...}}` reference may read of X. */
interface Producer {
  outputParameters: Set<string> | undefined; // undefined: unknown callee, allow any
  outputArtifacts: Set<string> | undefined;
  /** The step or task loops: its outputs.parameters (all iterations' outputs, as JSON) exist. */
  loops?: boolean;
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

const WORKFLOW_FIELDS = new Set([
  'name',
  'namespace',
  'uid',
  'serviceAccountName',
  'mainEntrypoint',
  'priority',
  'duration',
  'scheduledTime',
  'creationTimestamp',
  'parameters',
  'annotations',
  'labels',
  'outputs',
  'status',
  'failures',
  'id',
]);
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
    // Producers are pure functions of the step or task: computed once per invocation however often they are read.
    const producers = new Map<YNode, Producer>();
    const producerOf = (inv: YNode): Producer => {
      let p = producers.get(inv);
      if (!p) {
        p = producer(ctx, inv);
        producers.set(inv, p);
      }
      return p;
    };
    for (const t of ctx.templates) {
      // Most templates use no variable at all: skip them without walking.
      if (!t.node.sourceText().includes('{{')) continue;
      const base: Scope = {
        template: t.node,
        templateName: t.name ?? '?',
        isExitHandler: exit.has(t.name ?? ''),
        inLoop: false,
        steps: new Map(),
        tasks: new Map(),
      };
      const types = templateTypes(t.node);
      const structural = types.includes('steps') || types.includes('dag');
      // Everything but the steps/tasks (and, for steps/dag templates, the outputs that read them).
      for (const [key, value] of t.node.fields()) {
        if (key === 'steps' || key === 'dag' || (structural && key === 'outputs')) continue;
        checkStrings(ctx, value, key === 'metrics' ? { ...base, inMetrics: true } : base);
      }
      const groups = stepGroups(t.node);
      const earlier = new Map<string, Producer>();
      for (const group of groups) {
        // Steps of a group see the steps of earlier groups only; nothing changes `earlier` while they are checked.
        for (const step of group)
          checkInvocation(ctx, step, { ...base, steps: earlier, inLoop: hasLoop(step) }, 'steps', producerOf);
        for (const step of group) {
          const n = step.get('name').str();
          if (n) earlier.set(n, producerOf(step));
        }
      }
      const tasks = dagTasks(t.node);
      if (tasks.length > 0) {
        const byName = new Map(tasks.map((x) => [x.get('name').str() ?? '', x]));
        for (const task of tasks) {
          const visible = new Map<string, Producer>();
          const stack = taskDeps(task);
          while (stack.length) {
            const d = stack.pop()!;
            const dt = byName.get(d);
            if (!dt || visible.has(d)) continue;
            visible.set(d, producerOf(dt));
            for (const x of taskDeps(dt)) stack.push(x);
          }
          checkInvocation(ctx, task, { ...base, tasks: visible, inLoop: hasLoop(task) }, 'tasks', producerOf);
        }
      }
      if (structural) {
        const allTasks = new Map(tasks.map((x) => [x.get('name').str() ?? '', producerOf(x)]));
        checkStrings(ctx, t.node.get('outputs'), { ...base, steps: earlier, tasks: allTasks });
        // dag.target is resolved in the DAG's scope too (validateDAG), after every task's outputs are known.
        checkStrings(ctx, t.node.get('dag').get('target'), { ...base, steps: earlier, tasks: allTasks });
      }
    }
  },
};

/** A step or task; its own hooks and onExit arguments may read the step itself. */
function checkInvocation(
  ctx: LintContext,
  inv: YNode,
  scope: Scope,
  kind: 'steps' | 'tasks',
  producerOf: (inv: YNode) => Producer,
): void {
  for (const [key, value] of inv.fields()) {
    if (key !== 'hooks') {
      checkStrings(ctx, value, scope);
      continue;
    }
    const self = new Map(scope[kind]);
    const name = inv.get('name').str();
    if (name) self.set(name, producerOf(inv));
    checkStrings(ctx, value, { ...scope, [kind]: self });
  }
}

function hasLoop(inv: YNode): boolean {
  return inv.has('withItems') || isSet(inv, 'withParam') || inv.has('withSequence');
}

function outputNames(local: YNode, k: 'parameters' | 'artifacts'): Set<string> {
  const out = new Set<string>();
  for (const p of local.get('outputs').get(k).items()) out.add(p.get('name').str() ?? '');
  return out;
}

function producer(ctx: LintContext, inv: YNode): Producer {
  // Argo aggregates the outputs of withItems and withParam loops (not withSequence ones).
  return { ...producerOutputs(ctx, inv), loops: inv.has('withItems') || isSet(inv, 'withParam') };
}

function producerOutputs(ctx: LintContext, inv: YNode): Producer {
  const local = ctx.templateByName.get(inv.get('template').str() ?? '');
  if (local && !inv.has('templateRef')) {
    return { outputParameters: outputNames(local, 'parameters'), outputArtifacts: outputNames(local, 'artifacts') };
  }
  const info = refTemplate(ctx, inv.get('templateRef'));
  if (info) return { outputParameters: new Set(info.outputParameters), outputArtifacts: new Set(info.outputArtifacts) };
  return { outputParameters: undefined, outputArtifacts: undefined };
}

function checkStrings(ctx: LintContext, node: YNode, scope: Scope): void {
  visitStrings(ctx, node.node, node, scope, 0);
}

function visitStrings(ctx: LintContext, n: Node | null, fallback: YNode, scope: Scope, depth: number): void {
  if (!n || depth > 60) return;
  if (isScalar(n)) {
    if (typeof n.value !== 'string' || !n.value.includes('{{')) return;
    for (const { tag } of templateTags(n.value)) {
      // `{{a} and {{b}}`: a broken tag, unclosed-variable's finding.
      if (tag.includes('}') && !tag.trimStart().startsWith('=')) continue;
      if (tag.includes('{{')) continue; // a reference built from another variable: only known at run time
      const problem = resolve(ctx, tag, scope);
      if (problem) ctx.report(rangeOf(ctx, n, fallback, `{{${tag}}}`), problem.message, { severity: problem.severity });
    }
  } else if (isMap(n)) {
    if (!mayHoldTag(ctx, n)) return;
    for (const item of n.items)
      if (isPair(item)) visitStrings(ctx, item.value as Node | null, fallback, scope, depth + 1);
  } else if (isSeq(n)) {
    if (!mayHoldTag(ctx, n)) return;
    for (const item of n.items) visitStrings(ctx, item as Node | null, fallback, scope, depth + 1);
  }
}

/** An escape of a double-quoted scalar that could spell '{' (\x, \u, \U) or join '{' to '{' (an escaped line break). */
const MAY_ESCAPE_BRACE = /\\[xuU\r\n]/;

/** False when no string under the collection can hold '{{': its source has neither '{{' nor an escape that spells it. */
function mayHoldTag(ctx: LintContext, n: Node): boolean {
  const r = n.range;
  if (!r) return true;
  const source = ctx.parsed.ydoc.text.slice(r[0], Math.max(r[1], r[2]));
  return source.includes('{{') || (source.includes('\\') && MAY_ESCAPE_BRACE.test(source));
}

function rangeOf(ctx: LintContext, n: Node, fallback: YNode, needle: string) {
  return n.range ? ctx.parsed.ydoc.findRange(needle, n.range[0], n.range[1]) : fallback.range();
}

type Problem = { message: string; severity?: 'warning' };
const METRIC_VARS = new Set([
  'duration',
  'status',
  'exitCode',
  'resourcesDuration',
  'retries',
  'inputs',
  'outputs',
  'workflow',
]);

/** Returns the problem when the tag cannot resolve in scope, else undefined. */
function resolve(ctx: LintContext, rawTag: string, scope: Scope): Problem | undefined {
  const tag = rawTag.trim();
  if (tag.startsWith('=')) return undefined; // expr-lang expression, checked by the expression rule
  const parts = tagParts(tag);
  const [head, second, third] = parts;
  if (scope.inMetrics && METRIC_VARS.has(head ?? '')) return undefined;
  switch (head) {
    case 'inputs': {
      if (second !== 'parameters' && second !== 'artifacts') return failure(rawTag);
      if (third === undefined) return undefined;
      return scope.template
        .get('inputs')
        .get(second)
        .items()
        .some((p) => p.get('name').str() === third)
        ? undefined
        : failure(
            rawTag,
            `template '${scope.templateName}' has no input ${second === 'parameters' ? 'parameter' : 'artifact'} '${third}'`,
          );
    }
    case 'outputs':
    case 'pod':
    case 'node':
    case 'retries':
    case 'lastRetry':
      return undefined;
    case 'item':
      return scope.inLoop || parts.length >= 1 ? undefined : failure(rawTag);
    case 'workflow':
      return resolveWorkflow(ctx, parts.slice(1), scope, rawTag);
    case 'steps':
    case 'tasks': {
      if (second === 'name' && parts.length === 2) return undefined;
      const known = head === 'steps' ? scope.steps : scope.tasks;
      const p = second === undefined ? undefined : known.get(second);
      if (!p) {
        return failure(
          rawTag,
          head === 'steps'
            ? `'${second}' is not a step of an earlier step group`
            : `'${second}' is not a task this task depends on (directly or indirectly)`,
        );
      }
      if (third === undefined || !NODE_FIELDS.has(third))
        return third === undefined
          ? failure(rawTag)
          : failure(rawTag, `'${third}' is not a field of a ${head === 'steps' ? 'step' : 'task'}`);
      if (third === 'outputs') {
        const kind = parts[3];
        const name = parts[4];
        if (kind !== undefined && kind !== 'result' && kind !== 'parameters' && kind !== 'artifacts')
          return failure(
            rawTag,
            `'${kind}' is not an output of a ${head === 'steps' ? 'step' : 'task'} (result, parameters.NAME, artifacts.NAME)`,
          );
        if (kind === 'parameters' && name === undefined && !p.loops)
          return failure(
            rawTag,
            `'${second}' does not loop: name one of its output parameters (${kind}.NAME); all outputs as JSON exist only for a step with withItems or withParam`,
          );
        if (kind === 'result' || kind === undefined || name === undefined) return undefined;
        const set =
          kind === 'parameters' ? p.outputParameters : kind === 'artifacts' ? p.outputArtifacts : new Set<string>();
        if (set && !set.has(name))
          return failure(
            rawTag,
            `'${second}' has no output ${kind === 'parameters' ? 'parameter' : kind === 'artifacts' ? 'artifact' : kind} '${name}'`,
          );
      }
      return undefined;
    }
    default:
      // Argo rejects unknown variables, but controllers can add their own (custom variables): warn.
      return {
        message: `${failure(rawTag).message} Argo only knows inputs.*, outputs.*, steps.*, tasks.*, item, workflow.*, pod.name, retries and similar.`,
        severity: 'warning',
      };
  }
}

/** The dot-separated parts of a tag; the same tags come back again and again (shared arrays: not modified). */
const partsMemo = new Map<string, readonly string[]>();

function tagParts(tag: string): readonly string[] {
  let parts = partsMemo.get(tag);
  if (!parts) {
    parts = tag.split('.');
    if (partsMemo.size > 2000) partsMemo.clear();
    partsMemo.set(tag, parts);
  }
  return parts;
}

function failure(rawTag: string, why?: string): Problem {
  return { message: `failed to resolve {{${rawTag}}}${why ? `: ${why}` : ''}.` };
}

function resolveWorkflow(ctx: LintContext, rest: readonly string[], scope: Scope, rawTag: string): Problem | undefined {
  const [field, sub] = rest;
  if (field === undefined || !WORKFLOW_FIELDS.has(field))
    return failure(rawTag, `'workflow.${field ?? ''}' is not a workflow variable`);
  if (field === 'failures' && !scope.isExitHandler) {
    return failure(rawTag, `workflow.${field} is only available in exit handlers (onExit templates)`);
  }
  if (
    field === 'parameters' &&
    sub !== undefined &&
    sub !== 'json' &&
    ctx.kind !== 'WorkflowTemplate' &&
    ctx.kind !== 'ClusterWorkflowTemplate' &&
    !ctx.usesWorkflowTemplateRef
  ) {
    const wanted = rest.slice(1).join('.');
    if (
      !ctx.spec
        .get('arguments')
        .get('parameters')
        .items()
        .some((p) => p.get('name').str() === wanted)
    )
      return failure(rawTag, `'${wanted}' is not in spec.arguments.parameters`);
  }
  if ((field === 'labels' || field === 'annotations') && sub !== undefined && sub !== 'json') {
    const key = rest.slice(1).join('.');
    const known = [ctx.root.get('metadata').get(field), ctx.spec.get('workflowMetadata').get(field)].flatMap((m) =>
      m.keys(),
    );
    const from = ctx.spec.get('workflowMetadata').get(`${field}From`).keys();
    if (!known.includes(key) && !from.includes(key)) {
      // The controller's workflowDefaults or the submitting Workflow may set it: a warning, not an error.
      return {
        message: failure(
          rawTag,
          `no ${field === 'labels' ? 'label' : 'annotation'} '${key}' is set in metadata.${field} or spec.workflowMetadata.${field} (fine if the controller's workflowDefaults set it)`,
        ).message,
        severity: 'warning',
      };
    }
  }
  return undefined;
}
