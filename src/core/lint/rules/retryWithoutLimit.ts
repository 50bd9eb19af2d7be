import type { Rule } from '../context';
import type { YNode } from '../ynode';

export const retryWithoutLimit: Rule = {
  id: 'retry-without-limit',
  severity: 'warning',
  description: 'A retryStrategy without limit retries a failing step forever.',
  check(ctx) {
    const list: [YNode, string][] = [[ctx.spec.get('retryStrategy'), 'spec.retryStrategy']];
    for (const t of ctx.templates) list.push([t.node.get('retryStrategy'), `templates.${t.name ?? '?'}.retryStrategy`]);
    for (const [rs, where] of list) {
      if (rs.exists && !rs.has('limit'))
        ctx.report(rs, `${where} has no limit: a step that keeps failing is retried forever. Add e.g. limit: 3.`, {
          at: 'key',
        });
    }
  },
};
