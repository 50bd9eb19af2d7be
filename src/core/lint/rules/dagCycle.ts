import type { LintContext, Rule } from '../context';
import { dagTasks } from '../argo';
import { parseDepends } from '../depends';
import type { YNode } from '../ynode';

/** Task dependencies of a DAG, from `dependencies` or `depends` (a fresh array: callers may use it as a stack). */
export function taskDeps(task: YNode): string[] {
  let deps = task.memo.deps;
  if (!deps) {
    deps = task
      .get('dependencies')
      .items()
      .map((d) => d.str())
      .filter((d): d is string => !!d);
    const expr = task.get('depends').str();
    if (expr && !expr.includes('{{')) for (const t of parseDepends(expr).tasks) deps.push(t.name);
    task.memo.deps = deps;
  }
  return deps.slice();
}

export const dagCycle: Rule = {
  id: 'dag-cycle',
  severity: 'error',
  description: 'DAG tasks must not depend on each other in a cycle.',
  check(ctx) {
    for (const t of ctx.templates) {
      const tasks = dagTasks(t.node);
      if (tasks.length === 0) continue;
      const search: CycleSearch = {
        ctx,
        templateName: t.name,
        tasks,
        graph: new Map(tasks.map((x) => [x.get('name').str() ?? '', taskDeps(x)])),
        state: new Map(),
        path: [],
        reported: new Set(),
      };
      for (const n of search.graph.keys()) if (!search.state.has(n)) visit(search, n);
    }
  },
};

interface CycleSearch {
  ctx: LintContext;
  templateName: string | undefined;
  tasks: YNode[];
  graph: Map<string, string[]>;
  state: Map<string, 1 | 2>;
  path: string[];
  reported: Set<string>;
}

function visit(s: CycleSearch, n: string): void {
  s.state.set(n, 1);
  s.path.push(n);
  for (const d of s.graph.get(n) ?? []) {
    if (!s.graph.has(d)) continue;
    if (s.state.get(d) === 1) {
      const cycle = [...s.path.slice(s.path.indexOf(d)), d];
      const key = [...cycle].sort().join(',');
      if (!s.reported.has(key)) {
        s.reported.add(key);
        const node = s.tasks.find((x) => x.get('name').str() === d)!;
        s.ctx.report(node.get('name'), `templates.${s.templateName ?? '?'}: dependency cycle ${cycle.join(' -> ')}.`);
      }
    } else if (!s.state.has(d)) visit(s, d);
  }
  s.path.pop();
  s.state.set(n, 2);
}
