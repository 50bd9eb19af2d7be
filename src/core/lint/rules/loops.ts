import type { Rule } from '../context';
import { invocations } from '../argo';

/** withItems, withParam and withSequence are mutually exclusive; withSequence takes count or end, not both. */
export const loops: Rule = {
  id: 'loop-exclusive',
  severity: 'error',
  description: 'Use only one of withItems, withParam and withSequence; withSequence needs count or end, not both.',
  check(ctx) {
    for (const inv of invocations(ctx)) {
      const present = ['withItems', 'withParam', 'withSequence'].filter((k) => inv.node.has(k));
      if (present.length > 1) {
        ctx.report(
          inv.node.get(present[1]!),
          `${inv.kind} '${inv.name ?? '?'}': only one of withItems, withParam and withSequence may be used (found ${present.join(', ')}).`,
          { at: 'key' },
        );
      }
      const seq = inv.node.get('withSequence');
      if (seq.exists) {
        if (seq.has('count') && seq.has('end'))
          ctx.report(
            seq.get('end'),
            `${inv.kind} '${inv.name ?? '?'}': withSequence takes either count or end, not both.`,
            { at: 'key' },
          );
        if (!seq.has('count') && !seq.has('end'))
          ctx.report(seq, `${inv.kind} '${inv.name ?? '?'}': withSequence needs count or end.`, { at: 'key' });
      }
    }
  },
};
