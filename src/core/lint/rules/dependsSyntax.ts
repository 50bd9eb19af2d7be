import type { Rule } from '../context';
import { dagTasks } from '../argo';
import { parseDepends } from '../depends';

/**
 * The syntax of a depends expression. Argo's validator only picks task names out of it; the controller parses it
 * when the DAG runs and fails the workflow there. Task names and results are dag-dependencies' (Argo checks them).
 */
export const dependsSyntax: Rule = {
  id: 'depends-syntax',
  severity: 'error',
  description: "A DAG task's depends expression must be well-formed: names joined by &&, || and !, with parentheses.",
  beyondArgo:
    'argo lint accepts a malformed depends expression; the workflow controller fails the workflow when it evaluates it.',
  check(ctx) {
    for (const t of ctx.templates) {
      for (const task of dagTasks(t.node)) {
        const depends = task.get('depends');
        const expr = depends.str();
        if (expr === undefined || expr.trim() === '' || expr.includes('{{')) continue;
        const error = parseDepends(expr).error;
        // An unknown result such as .Finished: Argo rejects it, dag-dependencies reports it.
        if (!error || error.message.includes('is not a task result')) continue;
        ctx.report(
          depends,
          `templates.${t.name ?? '?'}.tasks.${task.get('name').str() ?? '?'}.depends is not a valid expression: ${error.message}. Argo accepts it at submit and fails the workflow when the DAG runs.`,
        );
      }
    }
  },
};
