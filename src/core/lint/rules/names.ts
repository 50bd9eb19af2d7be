import type { Rule, LintContext } from '../context';
import { FIELD_NAME, PARAM_NAME, stepGroups, dagTasks } from '../argo';
import type { YNode } from '../ynode';

const MAX_FIELD_NAME = 128;
const PLACEHOLDER = /\{\{[^}]*\}\}/g;
/** Argo's checks of an output's globalName: skipped when it holds a {{parameter}}, else a parameter name. */
const GLOBAL_PARAMETER = /\{\{[-a-zA-Z0-9]+(\.[-a-zA-Z0-9_]+)*\}\}/;
const GLOBAL_NAME = /^[-a-zA-Z0-9_]+$/;

/** Names of templates, steps, tasks, parameters and artifacts: required, well-formed and unique in their list. */
export const names: Rule = {
  id: 'invalid-name',
  severity: 'error',
  description: 'Template, step, task, parameter and artifact names must be present, well-formed and unique.',
  check(ctx) {
    checkList(
      ctx,
      ctx.templates.map((t) => t.node),
      'templates',
      '',
      false,
    );
    for (const t of ctx.templates) {
      const where = `templates.${t.name ?? '?'}`;
      const steps = stepGroups(t.node).flat();
      const tasks = dagTasks(t.node);
      checkList(ctx, steps, where, '.steps', false);
      checkList(ctx, tasks, where, '.dag.tasks', false);
      for (const io of ['inputs', 'outputs'] as const) {
        const node = t.node.get(io);
        if (!node.exists) continue;
        checkList(
          ctx,
          node.get('parameters').items(),
          where,
          io === 'inputs' ? '.inputs.parameters' : '.outputs.parameters',
          true,
        );
        checkList(
          ctx,
          node.get('artifacts').items(),
          where,
          io === 'inputs' ? '.inputs.artifacts' : '.outputs.artifacts',
          true,
        );
      }
      for (const o of [
        ...t.node.get('outputs').get('parameters').items(),
        ...t.node.get('outputs').get('artifacts').items(),
      ]) {
        const g = o.get('globalName');
        const gn = g.str();
        if (gn && !GLOBAL_PARAMETER.test(gn) && !GLOBAL_NAME.test(gn))
          ctx.report(
            g,
            `${where}.outputs: globalName '${gn}' is invalid: use letters, digits, '-' and '_' (e.g. my_param_1).`,
          );
      }
      for (const c of t.node.get('initContainers').items())
        if (!c.get('name').str()) ctx.report(c, `${where}.initContainers: every init container needs a name.`);
      for (const list of [steps, tasks]) {
        for (const inv of list) {
          const args = inv.get('arguments');
          if (!args.exists) continue;
          const params = args.get('parameters').items();
          const artifacts = args.get('artifacts').items();
          if (params.length === 0 && artifacts.length === 0) continue;
          const n = inv.get('name').str() ?? '?';
          checkList(ctx, params, where, `.${n}.arguments.parameters`, true);
          checkList(ctx, artifacts, where, `.${n}.arguments.artifacts`, true);
        }
      }
    }
    // With a workflowTemplateRef, Argo merges the arguments with the template's, keeping the first of each name.
    const unique = !ctx.usesWorkflowTemplateRef;
    checkList(ctx, ctx.spec.get('arguments').get('parameters').items(), 'spec.arguments.parameters', '', true, unique);
    checkList(ctx, ctx.spec.get('arguments').get('artifacts').items(), 'spec.arguments.artifacts', '', true, unique);
  },
};

/** Checks one list; `where` (for messages) is `prefix + suffix`, joined only when something is reported. */
function checkList(
  ctx: LintContext,
  items: YNode[],
  prefix: string,
  suffix: string,
  paramOrArtifact: boolean,
  unique = true,
): void {
  if (items.length === 0) return;
  let seen: Map<string, YNode> | undefined;
  for (const item of items) {
    if (!item.isMap) continue;
    const nameNode = item.get('name');
    const name = nameNode.str();
    if (name === undefined || name === '') {
      ctx.report(nameNode.exists ? nameNode : item, `${prefix}${suffix}: name is required.`, {
        at: nameNode.exists ? 'value' : 'key',
      });
      continue;
    }
    // Placeholders are filled at run time; what surrounds them must still be valid.
    const placeholder = name.includes('{{');
    const checked = placeholder ? name.replace(PLACEHOLDER, 'x') : name;
    const fmt = paramOrArtifact ? PARAM_NAME : FIELD_NAME;
    // Argo limits the length of template, step and task names only.
    if (!fmt.test(checked) || (!paramOrArtifact && checked.length > MAX_FIELD_NAME)) {
      const rule = paramOrArtifact
        ? "letters, digits, '-' and '_'"
        : `letters, digits and '-', starting with a letter or digit (at most ${MAX_FIELD_NAME} characters)`;
      ctx.report(nameNode, `${prefix}${suffix}: name '${name}' is invalid: use ${rule}.`);
    }
    if (placeholder || !unique) continue;
    seen ??= new Map();
    if (seen.has(name)) ctx.report(nameNode, `${prefix}${suffix}: name '${name}' is not unique.`);
    else seen.set(name, nameNode);
  }
}
