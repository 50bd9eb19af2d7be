import type { Invocation, LintContext, Rule } from '../context';
import { closest, invocations } from '../argo';
import type { YNode } from '../ynode';

/** `template:`, `onExit:` and hook templates must name a template of this document. */
export const undefinedTemplate: Rule = {
  id: 'undefined-template',
  severity: 'error',
  description: 'Steps, tasks, onExit handlers and hooks must reference templates that exist.',
  check(ctx) {
    if (ctx.usesWorkflowTemplateRef && ctx.templates.length === 0) return;
    // Labels are only spelled out for a reference that is reported.
    for (const inv of invocations(ctx)) {
      const template = inv.node.get('template');
      if (!template.exists && !inv.node.has('templateRef') && !inv.node.has('inline')) {
        const name = inv.node.get('name');
        ctx.report(
          name.exists ? name : inv.node,
          `${label(inv)} names no template: add 'template: <name>' (or templateRef, or inline); Argo cannot run it.`,
        );
        continue;
      }
      if (undefinedName(ctx, template) !== undefined) report(ctx, template, label(inv));
      const onExit = inv.node.get('onExit');
      if (undefinedName(ctx, onExit) !== undefined) report(ctx, onExit, `${label(inv)} onExit`);
      const hooks = inv.node.get('hooks');
      if (!hooks.exists) continue;
      for (const [hookName, hook] of hooks.entries()) {
        const ref = hook.get('template');
        if (undefinedName(ctx, ref) !== undefined) report(ctx, ref, `${label(inv)} hook '${hookName}'`);
      }
    }
    const onExit = ctx.spec.get('onExit');
    if (undefinedName(ctx, onExit) !== undefined) report(ctx, onExit, 'spec.onExit');
    for (const [hookName, hook] of ctx.spec.get('hooks').entries()) {
      const ref = hook.get('template');
      if (undefinedName(ctx, ref) !== undefined) report(ctx, ref, `Workflow hook '${hookName}'`);
    }
  },
};

function label(inv: Invocation): string {
  return `${inv.kind === 'step' ? 'Step' : 'Task'} '${inv.name ?? '?'}'`;
}

/** The template name of a reference when no template of the document has it. */
function undefinedName(ctx: LintContext, ref: YNode): string | undefined {
  const name = ref.str();
  if (name === undefined || name.includes('{{') || ctx.templateByName.has(name)) return undefined;
  return name;
}

function report(ctx: LintContext, ref: YNode, what: string): void {
  const name = ref.str()!;
  const suggestion = closest(name, ctx.templateByName.keys());
  ctx.report(
    ref,
    `${what} references template '${name}', which is not defined${suggestion ? `: did you mean '${suggestion}'?` : '.'}`,
    {
      fixes: suggestion
        ? [
            {
              title: `Change to '${suggestion}'`,
              edits: [{ range: ref.range(), newText: suggestion }],
              preferred: true,
            },
          ]
        : undefined,
    },
  );
}
