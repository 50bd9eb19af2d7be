import type { Rule } from '../context';
import { dagTasks } from '../argo';

export const dagTargets: Rule = {
  id: 'dag-targets',
  severity: 'error',
  description: 'dag.target must name tasks of the DAG.',
  check(ctx) {
    for (const t of ctx.templates) {
      const target = t.node.get('dag').get('target');
      const value = target.str();
      if (!value || value.includes('{{')) continue;
      const names = new Set(dagTasks(t.node).map((x) => x.get('name').str()));
      for (const name of value.split(/\s+/).filter(Boolean)) {
        if (!names.has(name))
          ctx.report(target, `templates.${t.name ?? '?'}.dag.target: task '${name}' is not defined in this DAG.`);
      }
    }
  },
};
