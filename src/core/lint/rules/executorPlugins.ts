import type { Rule } from '../context';

export const executorPlugins: Rule = {
  id: 'executor-plugins',
  severity: 'error',
  description: 'Each executor plugin needs a metadata name.',
  check(ctx) {
    for (const p of ctx.spec.get('executorPlugins').items()) {
      if (!p.get('metadata').get('name').str())
        ctx.report(p, 'spec.executorPlugins: executor plugin metadata name is mandatory.');
    }
  },
};
