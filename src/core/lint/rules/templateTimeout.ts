import type { Rule } from '../context';
import { argoTemplateType, isLeafTemplate } from '../argo';

/** How Argo names template types in its messages (Template.GetType()). */
const TYPE_NAME: Record<string, string> = { steps: 'Steps', dag: 'DAG', suspend: 'Suspend' };

/** A template's `timeout`: only on templates that run a pod, and a duration with a unit, not a bare number. */
export const templateTimeout: Rule = {
  id: 'template-timeout',
  severity: 'error',
  description:
    'A template timeout is a duration with a unit (e.g. "30s", "5m"), only on templates that run a pod (not steps, dag or suspend).',
  check(ctx) {
    for (const t of ctx.templates) {
      const timeout = t.node.get('timeout');
      if (!timeout.exists || timeout.isNull) continue;
      const name = t.name ?? '?';
      const type = argoTemplateType(t.node);
      if (type === undefined) continue;
      if (!isLeafTemplate(t.node)) {
        ctx.report(
          timeout,
          `templates.${name}.timeout: a ${TYPE_NAME[type] ?? type} template does not support timeout; set it on the templates it runs, or use activeDeadlineSeconds on the workflow.`,
          { at: 'key' },
        );
        continue;
      }
      const value = timeout.str();
      // Argo rejects what strconv.Atoi parses: an optional sign and decimal digits, nothing else.
      if (value !== undefined && /^[+-]?\d+$/.test(value)) {
        ctx.report(
          timeout,
          `templates.${name}.timeout "${value}" has no unit: Argo wants a duration such as "${value.replace(/^\+/, '')}s" or "5m".`,
        );
      }
    }
  },
};
