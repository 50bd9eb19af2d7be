import type { Rule } from '../context';
import { invocations } from '../argo';
import type { YNode } from '../ynode';

export const parameterEnum: Rule = {
  id: 'parameter-enum',
  severity: 'error',
  description: "A parameter's enum must not be empty, and its value must be one of the enum values.",
  check(ctx) {
    const lists: [YNode[], string][] = [[ctx.spec.get('arguments').get('parameters').items(), 'spec.arguments']];
    for (const t of ctx.templates)
      lists.push([t.node.get('inputs').get('parameters').items(), `templates.${t.name ?? '?'}.inputs`]);
    // Step and task arguments: Argo wants a value there (validateArgumentsValues without allowEmptyValues).
    const args = new Set<YNode[]>();
    for (const inv of invocations(ctx)) {
      const list = inv.node.get('arguments').get('parameters').items();
      args.add(list);
      lists.push([
        list,
        `templates.${inv.parentName ?? '?'}.${inv.kind === 'step' ? 'steps' : 'tasks'}.${inv.name ?? '?'}.arguments`,
      ]);
    }
    for (const [params, where] of lists) {
      for (const p of params) {
        const en = p.get('enum');
        if (!en.exists) continue;
        const name = p.get('name').str() ?? '?';
        const values = en.items().map((v) => v.str());
        if (values.length === 0) {
          ctx.report(en, `${where}.${name}.enum should contain at least one value.`, { at: 'key' });
          continue;
        }
        const v = p.get('value');
        const value = v.str();
        if (args.has(params) && !v.exists && p.has('valueFrom')) {
          ctx.report(en, `${where}.${name}.value is required: pick one of the enum values (${values.join(', ')}).`, {
            at: 'key',
          });
          continue;
        }
        if (value !== undefined && !value.includes('{{') && !values.includes(value)) {
          ctx.report(
            v,
            `${where}.${name}.value should be present in ${where}.${name}.enum list (${values.join(', ')}).`,
          );
        }
      }
    }
  },
};
