import type { Rule } from '../context';
import { invocations } from '../argo';
import { label, reportUndefined, undefinedName } from './undefinedTemplate';

const AT_RUN_TIME = ' Argo accepts it at submit; the hook fails when it fires.';

/** Lifecycle hooks (workflow-level and on steps or tasks) must run templates that exist. */
export const hookTemplate: Rule = {
  id: 'hook-template',
  severity: 'error',
  description: 'Lifecycle hooks and onExit handlers of steps and tasks must reference templates that exist.',
  beyondArgo:
    "argo lint checks only a hook's expression, not its template; a missing template fails when the hook runs.",
  check(ctx) {
    if (ctx.usesWorkflowTemplateRef && ctx.templates.length === 0) return;
    for (const inv of invocations(ctx)) {
      // A step's or task's onExit is the older spelling of hooks.exit.
      const onExit = inv.node.get('onExit');
      if (undefinedName(ctx, onExit) !== undefined) reportUndefined(ctx, onExit, `${label(inv)} onExit`, AT_RUN_TIME);
      for (const [hookName, hook] of inv.node.get('hooks').entries()) {
        const ref = hook.get('template');
        if (undefinedName(ctx, ref) !== undefined)
          reportUndefined(ctx, ref, `${label(inv)} hook '${hookName}'`, AT_RUN_TIME);
      }
    }
    for (const [hookName, hook] of ctx.spec.get('hooks').entries()) {
      const ref = hook.get('template');
      if (undefinedName(ctx, ref) !== undefined) reportUndefined(ctx, ref, `Workflow hook '${hookName}'`, AT_RUN_TIME);
    }
  },
};
