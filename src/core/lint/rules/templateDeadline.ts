import type { Rule } from '../context';
import { templateTypes } from '../argo';

/** What Argo takes for a template's activeDeadlineSeconds: an integer (or its string) or a {{variable}}. */
function deadlineProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value < 0 ? 'is negative' : undefined;
  if (typeof value !== 'string') return undefined; // a map or list: the schema check reports the type
  if (/^[+-]?\d+$/.test(value.trim()) && value.trim() === value) return Number(value) < 0 ? 'is negative' : undefined;
  if (value.startsWith('{{') && value.endsWith('}}')) return undefined;
  return 'is not a number';
}

export const templateDeadline: Rule = {
  id: 'template-deadline',
  severity: 'error',
  description:
    "A template's activeDeadlineSeconds must be a non-negative number or a {{variable}}, and only on templates that run a pod.",
  check(ctx) {
    for (const t of ctx.templates) {
      const d = t.node.get('activeDeadlineSeconds');
      if (!d.exists) continue;
      const name = t.name ?? '?';
      const types = templateTypes(t.node);
      if (types.includes('steps') || types.includes('dag')) {
        ctx.report(
          d,
          `templates.${name}.activeDeadlineSeconds is only valid for templates that run a pod (not ${types.includes('dag') ? 'dag' : 'steps'}): set it on the workflow (spec.activeDeadlineSeconds) or on the leaf templates.`,
          { at: 'key' },
        );
        continue;
      }
      const problem = deadlineProblem(d.scalar());
      if (problem)
        ctx.report(
          d,
          `templates.${name}.activeDeadlineSeconds ${problem}: use a number of seconds (0 or more) or a {{variable}}.`,
        );
    }
  },
};
