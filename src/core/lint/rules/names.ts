import type { Rule, LintContext } from '../context';
import { FIELD_NAME, PARAM_NAME, stepGroups, dagTasks } from '../argo';
import type { YNode } from '../ynode';

const MAX_FIELD_NAME = 128;

/** Names of templates, steps, tasks, parameters and artifacts: required, well-formed and unique in their list. */
export const names: Rule = {
  id: 'invalid-name',
  severity: 'error',
  description: 'Template, step, task, parameter and artifact names must be present, well-formed and unique.',
  check(ctx) {
    checkList(ctx, ctx.templates.map((t) => t.node), 'templates', false);
    for (const t of ctx.templates) {
      const where = `templates.${t.name ?? '?'}`;
      checkList(ctx, stepGroups(t.node).flat(), `${where}.steps`, false);
      checkList(ctx, dagTasks(t.node), `${where}.dag.tasks`, false);
      for (const io of ['inputs', 'outputs'] as const) {
        checkList(ctx, t.node.get(io).get('parameters').items(), `${where}.${io}.parameters`, true);
        checkList(ctx, t.node.get(io).get('artifacts').items(), `${where}.${io}.artifacts`, true);
      }
      for (const inv of [...stepGroups(t.node).flat(), ...dagTasks(t.node)]) {
        const n = inv.get('name').str() ?? '?';
        checkList(ctx, inv.get('arguments').get('parameters').items(), `${where}.${n}.arguments.parameters`, true);
        checkList(ctx, inv.get('arguments').get('artifacts').items(), `${where}.${n}.arguments.artifacts`, true);
      }
    }
    checkList(ctx, ctx.spec.get('arguments').get('parameters').items(), 'spec.arguments.parameters', true);
    checkList(ctx, ctx.spec.get('arguments').get('artifacts').items(), 'spec.arguments.artifacts', true);
  },
};

function checkList(ctx: LintContext, items: YNode[], where: string, paramOrArtifact: boolean): void {
  const seen = new Map<string, YNode>();
  for (const item of items) {
    if (!item.isMap) continue;
    const nameNode = item.get('name');
    const name = nameNode.str();
    if (name === undefined || name === '') {
      ctx.report(nameNode.exists ? nameNode : item, `${where}: name is required.`, { at: nameNode.exists ? 'value' : 'key' });
      continue;
    }
    // Placeholders are filled at run time; what surrounds them must still be valid.
    const checked = name.replace(/\{\{[^}]*\}\}/g, 'x');
    const fmt = paramOrArtifact ? PARAM_NAME : FIELD_NAME;
    if (!fmt.test(checked) || checked.length > MAX_FIELD_NAME) {
      const rule = paramOrArtifact ? "letters, digits, '-' and '_'" : "letters, digits and '-', starting with a letter or digit";
      ctx.report(nameNode, `${where}: name '${name}' is invalid: use ${rule} (at most ${MAX_FIELD_NAME} characters).`);
    }
    if (name.includes('{{')) continue;
    if (seen.has(name)) ctx.report(nameNode, `${where}: name '${name}' is not unique.`);
    else seen.set(name, nameNode);
  }
}
