import type { Rule } from '../context';

/**
 * Workflow-level arguments: a parameter needs a value (or valueFrom) by the time the Workflow is submitted. `argo lint`
 * accepts one without (it comes from `argo submit -p`), so this is information, not an error: Argo rejects it only at
 * submit when nothing supplies it.
 */
export const workflowArguments: Rule = {
  id: 'argument-value-missing',
  severity: 'information',
  description:
    'spec.arguments parameters without a value must be supplied at submit (argo submit -p name=value); in a CronWorkflow, where nothing can supply them, this is an error.',
  kinds: ['Workflow', 'CronWorkflow'],
  check(ctx) {
    for (const p of ctx.spec.get('arguments').get('parameters').items()) {
      const name = p.get('name').str();
      if (!name) continue;
      if (ctx.kind === 'CronWorkflow') {
        // Nobody submits a CronWorkflow's runs with -p: argo lint validates it as submitted, where only value and
        // valueFrom count (ValidateCronWorkflow runs ValidateWorkflow without Lint).
        if ((p.has('value') && !p.get('value').isNull) || p.has('valueFrom') || ctx.usesWorkflowTemplateRef) continue;
        ctx.report(
          p.get('name'),
          `spec.arguments.${name}.value or spec.arguments.${name}.valueFrom is required: a CronWorkflow's runs are ` +
            'submitted by the controller, with nothing to supply it (a default does not count here).',
          { severity: 'error' },
        );
        continue;
      }
      if (p.has('value') || p.has('valueFrom') || p.has('default')) {
        if (!p.get('value').isNull || p.has('valueFrom') || p.has('default')) continue;
      }
      if (ctx.usesWorkflowTemplateRef) continue; // the WorkflowTemplate may supply it
      ctx.report(
        p.get('name'),
        `spec.arguments.${name}.value or spec.arguments.${name}.valueFrom is required at submit: ` +
          `supply it with \`argo submit -p ${name}=VALUE\`, or give it a value here.`,
      );
    }
  },
};
