// What the sidebar keeps of a workflow it is not showing in detail: the row's fields, never the node status. A
// workflow of 200 nodes is ~80 KB of JSON; its summary is well under 1 KB, so 10,000 of them stay small.
import type { ArgoNode } from './argoNode';
import { failedStepOf } from './failedStep';
import { isFailed } from './phase';
import type { Workflow } from './workflow';

/** A workflow without its node status: `failedStep` stands in for the nodes of a failed one. */
export interface WorkflowSummary extends Workflow {
  /** Present on summaries only: the step a failed workflow failed at (without its children). */
  summary: { failedStep?: ArgoNode };
}

export function isSummary(wf: Workflow | undefined): wf is WorkflowSummary {
  return !!wf && typeof (wf as Partial<WorkflowSummary>).summary === 'object';
}

/** The status fields a row shows; everything else of the status (nodes, stored templates, ...) is dropped. */
const STATUS_KEPT = [
  'phase',
  'message',
  'startedAt',
  'finishedAt',
  'progress',
  'estimatedDuration',
  'offloadNodeStatusVersion',
  'resourcesDuration',
] as const;

const SPEC_KEPT = ['entrypoint', 'workflowTemplateRef', 'suspend', 'shutdown'] as const;

function pick<T extends object>(from: T | undefined, keys: readonly string[]): Partial<T> | undefined {
  if (!from) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if ((from as Record<string, unknown>)[k] !== undefined) out[k] = (from as never)[k];
  return out as Partial<T>;
}

/** The summary of a whole workflow (a summary is returned as is). */
export function summarizeWorkflow(wf: Workflow): WorkflowSummary {
  if (isSummary(wf)) return wf;
  const { managedFields: _managed, ...metadata } = wf.metadata ?? {};
  const failed = isFailed(wf.status?.phase) ? failedStepOf(wf) : undefined;
  return {
    apiVersion: wf.apiVersion,
    kind: wf.kind,
    metadata,
    spec: pick(wf.spec, SPEC_KEPT),
    status: pick(wf.status, STATUS_KEPT),
    summary: failed ? { failedStep: { ...failed, children: undefined } } : {},
  };
}

/**
 * The row of a workflow known by its metadata only (names, labels, times): Argo's phase label until the summary is
 * read.
 */
export function metadataOnlyWorkflow(meta: Workflow['metadata']): WorkflowSummary {
  const { managedFields: _managed, ...metadata } = meta ?? {};
  const phase = metadata.labels?.['workflows.argoproj.io/phase'];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata,
    status: phase ? { phase: phase as never } : {},
    summary: {},
  };
}

/** failedStepOf per workflow object (objects from a watch are never modified; each version is a new object). */
const failedSteps = new WeakMap<Workflow, ArgoNode | null>();

/** The step a failed workflow failed at, from its nodes (found once per object) or its summary. */
export function failedStepOfAny(wf: Workflow): ArgoNode | undefined {
  if (isSummary(wf)) return wf.summary.failedStep;
  let hit = failedSteps.get(wf);
  if (hit === undefined) failedSteps.set(wf, (hit = failedStepOf(wf) ?? null));
  return hit ?? undefined;
}
