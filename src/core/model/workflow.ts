// The Argo objects as the extension reads them. Lenient on purpose: every field is optional because real objects
// from older or newer Argo versions miss or add fields, and reading one must never throw.
import type { ArgoNode } from './argoNode';
import type { WorkflowPhase } from './phase';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export interface WorkflowStatus {
  phase?: WorkflowPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** "done/total" steps, e.g. "3/5". */
  progress?: string;
  nodes?: Record<string, ArgoNode>;
  /** Base64 of gzip of the node map, written by the controller for large workflows. */
  compressedNodes?: string;
  /** Set when the node status lives in Argo's database instead of the object. */
  offloadNodeStatusVersion?: string;
  [k: string]: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  workflowTemplateRef?: { name?: string; clusterScope?: boolean };
  suspend?: boolean;
  shutdown?: string;
  podGC?: { strategy?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** An Argo Workflow (argoproj.io/v1alpha1). */
export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: WorkflowSpec;
  status?: WorkflowStatus;
  [k: string]: unknown;
}

/** The "namespace/name" key the stores and views use. */
export function workflowKey(wf: Workflow): string {
  return `${wf.metadata?.namespace ?? ''}/${wf.metadata?.name ?? ''}`;
}
