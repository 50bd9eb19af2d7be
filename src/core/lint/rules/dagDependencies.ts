import type { LintContext, Rule } from '../context';
import { closest, dagTasks } from '../argo';
import { parseDepends } from '../depends';
import type { YNode } from '../ynode';

/** DAG tasks: dependencies and depends must name tasks of the same DAG, with valid depends syntax. */
export const dagDependencies: Rule = {
  id: 'dag-dependencies',
  severity: 'error',
  description: 'DAG dependencies and depends expressions must be valid and name tasks of the same DAG.',
  check(ctx) {
    for (const t of ctx.templates) {
      const tasks = dagTasks(t.node);
      if (tasks.length === 0) {
        const dag = t.node.get('dag');
        if (dag.isMap)
          ctx.report(dag, `templates.${t.name ?? '?'} must have at least one task under dag.tasks.`, { at: 'key' });
        continue;
      }
      const names = new Set(tasks.map((x) => x.get('name').str()).filter((n): n is string => !!n));
      const where = `templates.${t.name ?? '?'}`;
      const withDepends = tasks.filter((x) => x.has('depends'));
      const withDependencies = tasks.filter((x) => x.has('dependencies'));
      if (withDepends.length > 0 && withDependencies.length > 0) {
        const culprit =
          withDepends.length <= withDependencies.length
            ? withDepends[0]!.get('depends')
            : withDependencies[0]!.get('dependencies');
        ctx.report(
          culprit,
          `${where} cannot use both 'depends' and 'dependencies' in the same DAG template: convert the 'dependencies' lists to 'depends' expressions.`,
          { at: 'key' },
        );
      }
      for (const task of tasks) {
        const name = task.get('name').str() ?? '?';
        const deps = task.get('dependencies');
        const depends = task.get('depends');
        for (const d of deps.items()) {
          const dep = d.str();
          if (dep && !names.has(dep)) unknown(ctx, names, where, d, dep, name);
          if (dep === name) ctx.report(d, `${where}.tasks.${name} depends on itself.`);
        }
        const expr = depends.str();
        if (expr === undefined || expr.includes('{{')) continue;
        const parsed = parseDepends(expr);
        if (parsed.error) {
          ctx.report(depends, `${where}.tasks.${name}.depends is not a valid expression: ${parsed.error.message}.`);
          continue;
        }
        for (const ref of parsed.tasks) {
          if (!names.has(ref.name)) {
            unknown(ctx, names, where, depends, ref.name, name);
            continue;
          }
          // .AnySucceeded / .AllFailed are about a task's items: the task must loop.
          const result = /^\.(AnySucceeded|AllFailed)\b/.exec(expr.slice(ref.end))?.[1];
          const dep = tasks.find((x) => x.get('name').str() === ref.name);
          if (result && dep && !['withItems', 'withParam', 'withSequence'].some((k) => dep.has(k)))
            ctx.report(
              depends,
              `${where}.tasks.${name}: '${ref.name}.${result}' is about the items of a loop, but task '${ref.name}' has no withItems, withParam or withSequence.`,
            );
        }
      }
      for (const task of tasks) {
        const name = task.get('name').str() ?? '';
        if (/^\d/.test(name) && tasks.some((x) => x.has('depends'))) {
          ctx.report(
            task.get('name'),
            `${where}.tasks.${name}: task names cannot start with a digit when the DAG uses 'depends'.`,
          );
        }
      }
    }
  },
};

function unknown(ctx: LintContext, names: Set<string>, where: string, node: YNode, dep: string, task: string): void {
  const s = closest(dep, names);
  ctx.report(
    node,
    `${where}.tasks.${task} dependency '${dep}' is not a task of this DAG${s ? `: did you mean '${s}'?` : '.'}`,
  );
}
