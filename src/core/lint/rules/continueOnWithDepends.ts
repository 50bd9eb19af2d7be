import type { Rule } from '../context';
import { dagTasks } from '../argo';

export const continueOnWithDepends: Rule = {
  id: 'continueon-with-depends',
  severity: 'error',
  description: "continueOn does nothing with 'depends': express it in the depends expression instead.",
  check(ctx) {
    for (const t of ctx.templates) {
      const tasks = dagTasks(t.node);
      if (!tasks.some((x) => x.has('depends'))) continue;
      for (const task of tasks) {
        if (task.has('continueOn')) {
          ctx.report(
            task.get('continueOn'),
            `templates.${t.name ?? '?'}.tasks.${task.get('name').str() ?? '?'}: continueOn cannot be used in a DAG that uses 'depends'; write e.g. "depends: A.Succeeded || A.Failed" instead.`,
            { at: 'key' },
          );
        }
      }
    }
  },
};
