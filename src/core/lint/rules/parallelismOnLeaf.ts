import type { Rule } from '../context';
import { templateTypes } from '../argo';

export const parallelismOnLeaf: Rule = {
  id: 'parallelism-on-leaf',
  severity: 'error',
  description: 'parallelism limits steps or DAG tasks; it is not allowed on container, script or resource templates.',
  check(ctx) {
    for (const t of ctx.templates) {
      const p = t.node.get('parallelism');
      if (!p.exists) continue;
      const types = templateTypes(t.node);
      if (types.length && !types.includes('steps') && !types.includes('dag')) {
        ctx.report(
          p,
          `templates.${t.name ?? '?'}.parallelism is only valid for steps and dag templates; a ${types[0]} template runs one pod.`,
          { at: 'key' },
        );
      }
    }
  },
};
