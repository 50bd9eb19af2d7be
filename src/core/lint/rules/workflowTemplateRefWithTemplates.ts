import type { Rule } from '../context';

export const workflowTemplateRefWithTemplates: Rule = {
  id: 'workflow-template-ref-with-templates',
  severity: 'error',
  description: 'A Workflow that uses workflowTemplateRef takes its templates from it and must not define its own.',
  kinds: ['Workflow', 'CronWorkflow'],
  check(ctx) {
    if (!ctx.usesWorkflowTemplateRef) return;
    const templates = ctx.spec.get('templates');
    if (templates.items().length > 0) {
      ctx.report(
        templates,
        'spec.templates must be empty when spec.workflowTemplateRef is used: the templates come from the referenced WorkflowTemplate.',
        { at: 'key' },
      );
    }
  },
};
