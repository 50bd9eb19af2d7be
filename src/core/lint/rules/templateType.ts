import type { Rule } from '../context';
import { templateTypes } from '../argo';
import { TEMPLATE_TYPES } from '../kinds';

export const templateType: Rule = {
  id: 'template-type',
  severity: 'error',
  description:
    'Each template has exactly one type: container, script, resource, steps, dag, suspend, data, http, containerSet or plugin.',
  check(ctx) {
    for (const t of ctx.templates) {
      const types = templateTypes(t.node);
      const name = t.name ?? '?';
      if (types.length === 0) {
        ctx.report(
          t.node.get('name').exists ? t.node.get('name') : t.node,
          `template '${name}' type is unspecified: give it one of ${TEMPLATE_TYPES.join(', ')}.`,
        );
      } else if (types.length > 1) {
        ctx.report(
          t.node.get(types[1]!),
          `template '${name}' has multiple types (${types.join(', ')}); a template must have exactly one.`,
          { at: 'key' },
        );
      }
    }
  },
};
