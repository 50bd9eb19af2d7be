import type { Rule } from '../context';

const STRATEGIES = ['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export const podGC: Rule = {
  id: 'pod-gc',
  severity: 'error',
  description: 'podGC.strategy and its label selector must be valid.',
  check(ctx) {
    const gc = ctx.spec.get('podGC');
    if (!gc.exists) return;
    const s = gc.get('strategy');
    const v = s.str();
    if (v !== undefined && v !== '' && !STRATEGIES.includes(v))
      ctx.report(s, `podGC.strategy '${v}' is invalid: use one of ${STRATEGIES.join(', ')}.`);
    for (const e of gc.get('labelSelector').get('matchExpressions').items()) {
      const op = e.get('operator');
      const o = op.str();
      if (o !== undefined && !OPERATORS.includes(o))
        ctx.report(
          op,
          `podGC.labelSelector invalid: "${o}" is not a valid label selector operator (${OPERATORS.join(', ')}).`,
        );
    }
  },
};
