import type { LintContext, Rule } from '../context';
import { closest, dagTasks } from '../argo';
import { argoDependsRefs, DEPENDS_RESULTS } from '../depends';
import type { YNode } from '../ynode';

/** DAG tasks: dependencies and depends must name tasks of the same DAG (the expression's syntax: depends-syntax). */
export const dagDependencies: Rule = {
  id: 'dag-dependencies',
  severity: 'error',
  description: 'DAG dependencies and depends expressions must name tasks of the same DAG, with known task results.',
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
        // As Argo's validator: task references by regular expression; the syntax is depends-syntax's.
        for (const ref of argoDependsRefs(expr)) {
          if (ref.result !== undefined && !(DEPENDS_RESULTS as readonly string[]).includes(ref.result)) {
            ctx.report(
              depends,
              `${where}.tasks.${name}: '${ref.result}' is not a task result of '${ref.name}'; use one of ${DEPENDS_RESULTS.join(', ')}.`,
            );
            continue;
          }
          if (!names.has(ref.name)) {
            unknown(ctx, names, where, depends, ref.name, name);
            continue;
          }
          if (ref.result === 'AnySucceeded' || ref.result === 'AllFailed') {
            const dep = tasks.find((x) => x.get('name').str() === ref.name);
            if (dep && !dep.has('withItems') && !dep.has('withParam') && !dep.has('withSequence'))
              ctx.report(
                depends,
                `${where}.tasks.${name}: '${ref.name}.${ref.result}' needs a task that loops (withItems, withParam or withSequence); '${ref.name}' runs once: use ${ref.name}.Succeeded or ${ref.name}.Failed.`,
              );
          }
        }
      }
      for (const task of tasks) {
        const name = task.get('name').str() ?? '';
        if (/^\d/.test(name) && (tasks.some((x) => x.has('depends')) || task.get('dependencies').items().length)) {
          ctx.report(
            task.get('name'),
            `${where}.tasks.${name}: task names cannot start with a digit when the DAG uses 'depends' or 'dependencies'.`,
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
