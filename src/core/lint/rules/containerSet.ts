import type { Rule } from '../context';

const RESERVED = ['init', 'wait'];

/** containerSet: containers with unique names, known dependencies, and a `main` container for inputs/outputs. */
export const containerSet: Rule = {
  id: 'container-set',
  severity: 'error',
  description:
    "containerSet containers need unique names and known dependencies, and a 'main' container when the template has inputs or outputs.",
  check(ctx) {
    for (const t of ctx.templates) {
      const cs = t.node.get('containerSet');
      if (!cs.exists) continue;
      const where = `templates.${t.name ?? '?'}.containerSet`;
      const containers = cs.get('containers').items();
      if (containers.length === 0) {
        ctx.report(cs, `${where}.containers must have at least one container.`, { at: 'key' });
        continue;
      }
      const names = new Set<string>();
      for (const c of containers) {
        const n = c.get('name').str();
        if (!n) {
          ctx.report(c, `${where}.containers: name is required.`);
          continue;
        }
        if (names.has(n)) ctx.report(c.get('name'), `${where}.containers: name '${n}' is not unique.`);
        if (RESERVED.includes(n))
          ctx.report(
            c.get('name'),
            `${where}.containers: '${n}' is reserved for Argo's own containers; choose another name.`,
          );
        names.add(n);
      }
      for (const c of containers) {
        for (const d of c.get('dependencies').items()) {
          const dep = d.str();
          if (dep && !names.has(dep))
            ctx.report(d, `${where}.containers.${c.get('name').str() ?? '?'} dependency '${dep}' not defined.`);
        }
      }
      const io = ['inputs', 'outputs'].some(
        (k) => t.node.get(k).get('parameters').items().length + t.node.get(k).get('artifacts').items().length > 0,
      );
      if (io && !names.has('main'))
        ctx.report(
          cs.get('containers'),
          `${where}.containers must have a container named "main" for input or output.`,
          { at: 'key' },
        );
    }
  },
};
