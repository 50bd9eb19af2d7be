import type { Rule } from '../context';
import { closest, invocations } from '../argo';
import type { YNode } from '../ynode';

/** `templateRef` and `workflowTemplateRef` must point at a known WorkflowTemplate and template. */
export const templateRef: Rule = {
  id: 'template-ref',
  severity: 'error',
  description: 'templateRef and workflowTemplateRef must name a WorkflowTemplate (and template) that exists.',
  check(ctx) {
    const checkRef = (ref: YNode, what: string) => {
      const name = ref.get('name').str();
      const template = ref.get('template').str();
      if (!name || name.includes('{{')) {
        if (!ref.has('name')) ctx.report(ref, `${what}.name is required.`, { at: 'key' });
        else if (name === '') ctx.report(ref.get('name'), `${what}.name is empty: name the WorkflowTemplate to run.`);
        return;
      }
      // Argo checks this before it looks the WorkflowTemplate up.
      if (template === undefined && what !== 'spec.workflowTemplateRef') {
        ctx.report(ref, `${what}.template is required.`, { at: 'key' });
        return;
      }
      const kind = ref.get('clusterScope').bool() ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
      const source = ctx.index.get(kind, name);
      if (!source) {
        if (ctx.index.complete) ctx.report(ref.get('name'), `${kind} '${name}' was not found (${what}).`);
        return;
      }
      if (source.invalidTemplates?.length && what === 'spec.workflowTemplateRef') {
        ctx.report(
          ref.get('name'),
          `${kind} '${name}' (${source.origin}) is invalid: template${source.invalidTemplates.length > 1 ? 's' : ''} ${source.invalidTemplates.map((t) => `'${t}'`).join(', ')} must have exactly one type (container, script, steps, dag...).`,
        );
      }
      if (template === undefined) {
        // A workflowTemplateRef runs the referenced template's entrypoint, or the Workflow's own spec.entrypoint.
        const ep = ctx.spec.get('entrypoint');
        const entry = ep.str() || source.entrypoint;
        if (!entry)
          ctx.report(
            ref.get('name'),
            `spec.entrypoint is required: ${kind} '${name}' (${source.origin}) has no entrypoint, so the Workflow must name one.`,
          );
        const onExit = ctx.spec.get('onExit');
        const exit = onExit.str();
        if (exit && !exit.includes('{{') && !source.templates.has(exit))
          ctx.report(onExit, `spec.onExit '${exit}' is not a template of ${kind} '${name}' (${source.origin}).`);
        if (entry && !entry.includes('{{') && !source.templates.has(entry)) {
          const suggestion = closest(entry, source.templates.keys());
          ctx.report(
            ep.exists ? ep : ref.get('name'),
            `the entrypoint '${entry}' is not a template of ${kind} '${name}' (${source.origin})${suggestion ? `: did you mean '${suggestion}'?` : '.'}`,
          );
        }
        return;
      }
      if (template.includes('{{') || source.templates.has(template)) return;
      const suggestion = closest(template, source.templates.keys());
      const t = ref.get('template');
      ctx.report(
        t,
        `template '${template}' is not defined in ${kind} '${name}' (${source.origin})${suggestion ? `: did you mean '${suggestion}'?` : '.'}`,
        {
          fixes: suggestion
            ? [
                {
                  title: `Change to '${suggestion}'`,
                  edits: [{ range: t.range(), newText: suggestion }],
                  preferred: true,
                },
              ]
            : undefined,
        },
      );
    };
    for (const inv of invocations(ctx)) {
      if (!inv.node.has('templateRef')) continue;
      if (inv.node.has('template'))
        ctx.report(
          inv.node.get('template'),
          `${inv.kind} '${inv.name ?? '?'}' has both template and templateRef: keep one.`,
          { at: 'key' },
        );
      checkRef(inv.node.get('templateRef'), `${inv.kind} '${inv.name ?? '?'}' templateRef`);
    }
    if (ctx.spec.has('workflowTemplateRef')) checkRef(ctx.spec.get('workflowTemplateRef'), 'spec.workflowTemplateRef');
  },
};
