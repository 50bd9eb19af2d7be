import type { Rule } from '../context';
import type { YNode } from '../ynode';

const POLICIES = ['Always', 'OnFailure', 'OnError', 'OnTransientError'];

export const retryStrategy: Rule = {
  id: 'retry-strategy',
  severity: 'error',
  description: 'retryStrategy.retryPolicy must be a known policy and limit a non-negative number.',
  check(ctx) {
    const strategies: [YNode, string][] = [[ctx.spec.get('retryStrategy'), 'spec.retryStrategy']];
    for (const t of ctx.templates)
      strategies.push([t.node.get('retryStrategy'), `templates.${t.name ?? '?'}.retryStrategy`]);
    for (const [rs, where] of strategies) {
      if (!rs.exists) continue;
      const p = rs.get('retryPolicy');
      const v = p.str();
      if (v !== undefined && !v.includes('{{') && !POLICIES.includes(v))
        ctx.report(p, `${where}.retryPolicy '${v}' is invalid: use one of ${POLICIES.join(', ')}.`);
      const limit = rs.get('limit');
      const n = limit.num();
      // Argo accepts a negative limit and then never retries: worth a warning, not an error.
      if (limit.exists && n !== undefined && n < 0)
        ctx.report(limit, `${where}.limit is negative: Argo will not retry at all.`, { severity: 'warning' });
    }
  },
};
