/**
 * The Argo vocabulary the lint modules share: the document kinds and the template types. It imports nothing, so
 * parse.ts, ynode.ts, context.ts and argo.ts can all use it without importing each other.
 */

/** The kinds of Argo documents the linter checks. */
export const ARGO_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'] as const;
export type ArgoKind = (typeof ARGO_KINDS)[number];

/** The template types; a template has exactly one. */
export const TEMPLATE_TYPES = [
  'container',
  'script',
  'resource',
  'steps',
  'dag',
  'suspend',
  'data',
  'http',
  'containerSet',
  'plugin',
] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];
