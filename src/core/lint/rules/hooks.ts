import type { Rule } from '../context';
import { invocations } from '../argo';
import type { YNode } from '../ynode';

/** Lifecycle hooks other than `exit` need an expression saying when they run. */
export const hooks: Rule = {
  id: 'hook-expression',
  severity: 'error',
  description: "Lifecycle hooks other than 'exit' need an expression.",
  check(ctx) {
    const check = (hooksNode: YNode, where: string) => {
      for (const [name, hook] of hooksNode.entries()) {
        if (name === 'exit') continue;
        if (!hook.get('expression').str())
          ctx.report(
            hook,
            `${where}hooks.${name} Expression required: say when the hook runs, e.g. expression: steps.main.status == "Failed".`,
            { at: 'key' },
          );
        if (!hook.has('template') && !hook.has('templateRef'))
          ctx.report(hook, `${where}hooks.${name}: template or templateRef is required.`, { at: 'key' });
      }
    };
    check(ctx.spec.get('hooks'), '');
    for (const inv of invocations(ctx)) check(inv.node.get('hooks'), `${inv.kind} '${inv.name ?? '?'}' `);
  },
};
