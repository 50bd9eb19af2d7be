import type { Rule } from '../context';
import { closest } from '../argo';

export const entrypoint: Rule = {
  id: 'entrypoint',
  severity: 'error',
  description: 'A Workflow needs an entrypoint that names one of its templates.',
  check(ctx) {
    const ep = ctx.spec.get('entrypoint');
    const name = ep.str();
    if (ctx.usesWorkflowTemplateRef) return; // the referenced WorkflowTemplate supplies it
    // An empty entrypoint is no entrypoint (Go reads '' as unset).
    if (name === undefined || name === '') {
      if (ctx.kind === 'Workflow' || ctx.kind === 'CronWorkflow') {
        const where = name === '' ? ep : ctx.spec.exists ? ctx.spec : ctx.root;
        ctx.report(where, 'spec.entrypoint is required: name the template the workflow starts with.', { at: 'key' });
      }
      return;
    }
    if (name.includes('{{')) return;
    if (ctx.templateByName.has(name)) return;
    const suggestion = closest(name, ctx.templateByName.keys());
    ctx.report(
      ep,
      `spec.entrypoint template '${name}' is not defined in spec.templates${suggestion ? `: did you mean '${suggestion}'?` : '.'}`,
      {
        fixes: suggestion
          ? [
              {
                title: `Change to '${suggestion}'`,
                edits: [{ range: ep.range(), newText: suggestion }],
                preferred: true,
              },
            ]
          : undefined,
      },
    );
  },
};
