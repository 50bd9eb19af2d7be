import type { Rule } from '../context';

/** Workflow-level arguments: a parameter needs a value (or valueFrom) when the Workflow is submitted. */
export const workflowArguments: Rule = {
  id: 'argument-value-missing',
  severity: 'error',
  description: 'spec.arguments parameters need a value or valueFrom.',
  kinds: ['Workflow', 'CronWorkflow'],
  check(ctx) {
    for (const p of ctx.spec.get('arguments').get('parameters').items()) {
      const name = p.get('name').str();
      if (!name) continue;
      if (p.has('value') || p.has('valueFrom') || p.has('default')) {
        if (!p.get('value').isNull || p.has('valueFrom') || p.has('default')) continue;
      }
      if (ctx.usesWorkflowTemplateRef) continue; // the WorkflowTemplate may supply it
      ctx.report(p.get('name'), `spec.arguments.${name}.value or spec.arguments.${name}.valueFrom is required.`);
    }
  },
};
