import type { Rule } from '../context';
import { dagTasks } from '../argo';
import { parseDepends } from '../depends';
import type { YNode } from '../ynode';

/** Task dependencies of a DAG, from `dependencies` or `depends`. */
export function taskDeps(task: YNode): string[] {
  const deps = task.get('dependencies').items().map((d) => d.str()).filter((d): d is string => !!d);
  const expr = task.get('depends').str();
  if (expr && !expr.includes('{{')) deps.push(...parseDepends(expr).tasks.map((t) => t.name));
  return deps;
}

export const dagCycle: Rule = {
  id: 'dag-cycle',
  severity: 'error',
  description: 'DAG tasks must not depend on each other in a cycle.',
  check(ctx) {
    for (const t of ctx.templates) {
      const tasks = dagTasks(t.node);
      const graph = new Map(tasks.map((x) => [x.get('name').str() ?? '', taskDeps(x)]));
      const state = new Map<string, 1 | 2>();
      const path: string[] = [];
      const reported = new Set<string>();
      const visit = (n: string): void => {
        state.set(n, 1);
        path.push(n);
        for (const d of graph.get(n) ?? []) {
          if (!graph.has(d)) continue;
          if (state.get(d) === 1) {
            const cycle = [...path.slice(path.indexOf(d)), d];
            const key = [...cycle].sort().join(',');
            if (!reported.has(key)) {
              reported.add(key);
              const node = tasks.find((x) => x.get('name').str() === d)!;
              ctx.report(node.get('name'), `templates.${t.name ?? '?'}: dependency cycle ${cycle.join(' -> ')}.`);
            }
          } else if (!state.has(d)) visit(d);
        }
        path.pop();
        state.set(n, 2);
      };
      for (const n of graph.keys()) if (!state.has(n)) visit(n);
    }
  },
};
