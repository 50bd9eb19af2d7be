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
      } else if (types[0] === 'plugin' && t.node.get('plugin').isMap && t.node.get('plugin').keys().length !== 1) {
        // Argo decodes `plugin` as exactly one key: the plugin's name, with its configuration below.
        ctx.report(
          t.node.get('plugin'),
          `templates.${name}.plugin must have exactly one key, the plugin's name (found ${t.node.get('plugin').keys().length}).`,
          { at: 'key' },
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
