import type { Rule } from '../context';
import {
  artifactHasLocationOrKey,
  invocations,
  parameterHasOwnValue as hasOwnValue,
  refSource,
  refTemplate,
} from '../argo';
import type { YNode } from '../ynode';

/** An argument parameter of a step or task has a value (its valueFrom sources are argument-source's). */
const hasValue = (p: YNode) => (p.has('value') && !p.get('value').isNull) || p.has('default') || p.has('valueFrom');
/** An input artifact that needs no argument: optional, or with a location of its own (ProcessArgs). */
const selfSupplied = (a: YNode) => a.get('optional').bool() === true || artifactHasLocationOrKey(a);

/** Input artifacts of `callee` that `args` (an arguments node) does not supply: [name, name node]. */
function missingArtifacts(callee: YNode, args: YNode): [string, YNode][] {
  const given = new Set(
    args
      .get('artifacts')
      .items()
      .map((a) => a.get('name').str()),
  );
  return callee
    .get('inputs')
    .get('artifacts')
    .items()
    .filter((a) => !selfSupplied(a) && !given.has(a.get('name').str()))
    .map((a): [string, YNode] => [a.get('name').str() ?? '?', a.get('name')])
    .filter(([n]) => n !== '?');
}

/**
 * Every input parameter without a default must be supplied: by the caller's arguments for a step or task, by
 * spec.arguments for the entrypoint. Step/task argument parameters need a value themselves.
 */
export const inputsSupplied: Rule = {
  id: 'input-not-supplied',
  severity: 'error',
  description:
    'Input parameters without a default, and input artifacts without a location, must be supplied by the caller (or spec.arguments for the entrypoint).',
  check(ctx) {
    for (const inv of invocations(ctx)) {
      const where = `templates.${inv.parentName ?? '?'}.${inv.kind === 'step' ? 'steps' : 'tasks'}.${inv.name ?? '?'}`;
      const args = inv.node.get('arguments').get('parameters').items();
      for (const a of args) {
        const n = a.get('name').str();
        if (n && !hasValue(a))
          ctx.report(
            a.get('name'),
            `${where}.arguments.parameters.${n}.value or ${where}.arguments.parameters.${n}.valueFrom is required.`,
          );
      }
      const supplied = new Set(args.map((a) => a.get('name').str()));
      const ref = inv.node.get('templateRef');
      if (ref.exists) {
        for (const p of refTemplate(ctx, ref)?.inputParameters ?? []) {
          if (p.hasDefault || supplied.has(p.name)) continue;
          ctx.report(
            inv.node.get('name').exists ? inv.node.get('name') : inv.node,
            `${where}: ${ref.get('name').str()}.${ref.get('template').str()} inputs.parameters.${p.name} was not supplied.`,
          );
        }
        continue;
      }
      const callee = ctx.templateByName.get(inv.node.get('template').str() ?? '');
      if (!callee) continue;
      for (const [n] of missingArtifacts(callee, inv.node.get('arguments')))
        ctx.report(
          inv.node.get('name').exists ? inv.node.get('name') : inv.node,
          `${where}: templates.${inv.node.get('template').str()} inputs.artifacts.${n} was not supplied.`,
        );
      for (const p of callee.get('inputs').get('parameters').items()) {
        const n = p.get('name').str();
        if (!n || hasOwnValue(p) || supplied.has(n)) continue;
        ctx.report(
          inv.node.get('name').exists ? inv.node.get('name') : inv.node,
          `${where}: templates.${inv.node.get('template').str()} inputs.parameters.${n} was not supplied.`,
        );
      }
    }
    // The entrypoint's inputs come from spec.arguments when the workflow is submitted.
    if (ctx.kind === 'WorkflowTemplate' || ctx.kind === 'ClusterWorkflowTemplate') return;
    // Workflow arguments by name (the first of a name, as Argo merges them).
    const argByName = new Map<string | undefined, YNode>();
    for (const a of ctx.spec.get('arguments').get('parameters').items())
      if (!argByName.has(a.get('name').str())) argByName.set(a.get('name').str(), a);
    if (ctx.usesWorkflowTemplateRef) {
      // The referenced template's entrypoint takes the Workflow's arguments merged with the template's own.
      const ref = ctx.spec.get('workflowTemplateRef');
      const src = refSource(ctx, ref);
      const entry = ctx.spec.get('entrypoint').str() || src?.entrypoint;
      const info = entry === undefined ? undefined : src?.templates.get(entry);
      if (!src || !info) return;
      const given = new Set([...argByName.keys(), ...(src.argumentNames ?? [])]);
      for (const p of info.inputParameters) {
        if (p.hasDefault || given.has(p.name)) continue;
        ctx.report(
          ref.get('name').exists ? ref.get('name') : ref,
          `inputs.parameters.${p.name} of the entrypoint '${entry}' (${src.kind} ${src.name}) was not supplied: add it to spec.arguments.parameters.`,
        );
      }
      return;
    }
    const epNode = ctx.spec.get('entrypoint');
    const entry = ctx.templateByName.get(epNode.str() ?? '');
    if (!entry) return;
    for (const [n, node] of missingArtifacts(entry, ctx.spec.get('arguments')))
      ctx.report(
        node,
        `inputs.artifacts.${n} of the entrypoint '${epNode.str()}' was not supplied: add it to spec.arguments.artifacts, give it a location or make it optional.`,
      );
    for (const p of entry.get('inputs').get('parameters').items()) {
      const n = p.get('name').str();
      if (!n) continue;
      const arg = argByName.get(n);
      if (arg && !hasValue(arg)) {
        // Argo hands the entrypoint the argument as it is: without a value it replaces the input's default too.
        ctx.report(
          arg.get('name'),
          `spec.arguments.parameters.${n} has no value, and the entrypoint's input '${n}' takes it: argo lint rejects this (inputs.parameters.${n} was not supplied). Give it a value here; argo submit -p ${n}=... still overrides it.`,
        );
        continue;
      }
      if (hasOwnValue(p) || arg) continue;
      ctx.report(
        p.get('name'),
        `inputs.parameters.${n} of the entrypoint '${epNode.str()}' was not supplied: add it to spec.arguments.parameters or give it a default value.`,
      );
    }
  },
};
