import type { Rule } from '../context';

/** `steps` is a list of step groups, each a list of steps that run in parallel. */
export const stepsShape: Rule = {
  id: 'steps-list-of-lists',
  severity: 'error',
  description: 'steps must be a list of lists (groups of parallel steps).',
  check(ctx) {
    for (const t of ctx.templates) {
      const steps = t.node.get('steps');
      if (!steps.exists) continue;
      if (!steps.isSeq) {
        ctx.report(steps, `templates.${t.name ?? '?'}.steps must be a list of lists of steps.`, { at: 'key' });
        continue;
      }
      for (const group of steps.items()) {
        if (group.isSeq) continue;
        const r = group.range();
        ctx.report(
          group,
          `templates.${t.name ?? '?'}.steps: each entry must be a list of steps (a group that runs in parallel); put '- ' before this step to make it a group of one.`,
          {
            fixes: group.isMap
              ? [
                  {
                    title: 'Wrap the step in its own group',
                    edits: [{ range: { start: r.start, end: r.start }, newText: '- ' }],
                    preferred: true,
                  },
                ]
              : undefined,
          },
        );
      }
    }
  },
};
