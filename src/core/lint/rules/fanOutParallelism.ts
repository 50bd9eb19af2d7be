import type { Rule } from '../context';
import { invocations } from '../argo';

const LARGE = 20;

/** Large withItems / withParam fan-outs without a parallelism limit start every pod at once. */
export const fanOutParallelism: Rule = {
  id: 'fan-out-without-parallelism',
  severity: 'warning',
  description: 'Large fan-outs (withItems, withParam) should set parallelism.',
  check(ctx) {
    if (ctx.spec.has('parallelism')) return;
    for (const inv of invocations(ctx)) {
      if (inv.parent.has('parallelism')) continue;
      const items = inv.node.get('withItems');
      const dynamic = inv.node.has('withParam');
      const count = items.items().length;
      if (count > LARGE || dynamic) {
        const what = dynamic ? 'withParam (its size is only known at run time)' : `withItems (${count} items)`;
        ctx.report(
          dynamic ? inv.node.get('withParam') : items,
          `${inv.kind} '${inv.name ?? '?'}' fans out over ${what} with no parallelism on template '${inv.parentName ?? '?'}' or the workflow: every pod starts at once. Set parallelism to limit the load on the cluster.`,
          { at: 'key' },
        );
      }
    }
  },
};
