import type { Rule } from '../context';
import { artifactHasLocationOrKey, invocations } from '../argo';
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
 * An input parameter has a value of its own: a value, a default, or a valueFrom that Argo resolves without the
 * caller (a ConfigMap, a value supplied while suspended, an event). Other valueFrom sources (path, expression, a
 * default alone) leave it unsupplied, as Argo's ProcessArgs sees it.
 */
const hasOwnValue = (p: YNode) => {
  if ((p.has('value') && !p.get('value').isNull) || p.has('default')) return true;
  const vf = p.get('valueFrom');
  return vf.has('configMapKeyRef') || vf.has('supplied') || vf.has('event');
};

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
      const callee = ctx.templateByName.get(inv.node.get('template').str() ?? '');
      if (!callee) continue;
      for (const [n] of missingArtifacts(callee, inv.node.get('arguments')))
        ctx.report(
          inv.node.get('name').exists ? inv.node.get('name') : inv.node,
          `${where}: templates.${inv.node.get('template').str()} inputs.artifacts.${n} was not supplied.`,
        );
      const supplied = new Set(args.map((a) => a.get('name').str()));
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
    if (ctx.kind === 'WorkflowTemplate' || ctx.kind === 'ClusterWorkflowTemplate' || ctx.usesWorkflowTemplateRef)
      return;
    const epNode = ctx.spec.get('entrypoint');
    const entry = ctx.templateByName.get(epNode.str() ?? '');
    if (!entry) return;
    const wfArgs = new Set(
      ctx.spec
        .get('arguments')
        .get('parameters')
        .items()
        .map((a) => a.get('name').str()),
    );
    for (const [n, node] of missingArtifacts(entry, ctx.spec.get('arguments')))
      ctx.report(
        node,
        `inputs.artifacts.${n} of the entrypoint '${epNode.str()}' was not supplied: add it to spec.arguments.artifacts, give it a location or make it optional.`,
      );
    for (const p of entry.get('inputs').get('parameters').items()) {
      const n = p.get('name').str();
      if (!n || hasOwnValue(p) || wfArgs.has(n)) continue;
      ctx.report(
        p.get('name'),
        `inputs.parameters.${n} of the entrypoint '${epNode.str()}' was not supplied: add it to spec.arguments.parameters or give it a default value.`,
      );
    }
  },
};
