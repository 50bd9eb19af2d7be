import type { Rule } from '../context';
import { closest, invocations } from '../argo';
import type { YNode } from '../ynode';

/** `template:`, `onExit:` and hook templates must name a template of this document. */
export const undefinedTemplate: Rule = {
  id: 'undefined-template',
  severity: 'error',
  description: 'Steps, tasks, onExit handlers and hooks must reference templates that exist.',
  check(ctx) {
    if (ctx.usesWorkflowTemplateRef && ctx.templates.length === 0) return;
    const check = (ref: YNode, what: string) => {
      const name = ref.str();
      if (name === undefined || name.includes('{{') || ctx.templateByName.has(name)) return;
      const suggestion = closest(name, ctx.templateByName.keys());
      ctx.report(ref, `${what} references template '${name}', which is not defined${suggestion ? `: did you mean '${suggestion}'?` : '.'}`, {
        fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: ref.range(), newText: suggestion }], preferred: true }] : undefined,
      });
    };
    for (const inv of invocations(ctx)) {
      const label = `${inv.kind === 'step' ? 'Step' : 'Task'} '${inv.name ?? '?'}'`;
      check(inv.node.get('template'), label);
      check(inv.node.get('onExit'), `${label} onExit`);
      for (const [hookName, hook] of inv.node.get('hooks').entries()) check(hook.get('template'), `${label} hook '${hookName}'`);
    }
    check(ctx.spec.get('onExit'), 'spec.onExit');
    for (const [hookName, hook] of ctx.spec.get('hooks').entries()) check(hook.get('template'), `Workflow hook '${hookName}'`);
  },
};
