/**
 * The contract between the simulated cluster's object store (src/demo/server*) and the scenarios that move it in
 * time (src/demo/scenarios/*). Scenarios only ever talk to a WorldWriter, so they stay pure data-and-time logic.
 */

/** A Kubernetes object as JSON (apiVersion, kind, metadata, spec, status...). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The kinds the simulated cluster serves. */
export type ResourceKind =
  | 'Namespace'
  | 'Node'
  | 'Pod'
  | 'Event'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'ConfigMap'
  | 'ResourceQuota'
  | 'LimitRange'
  | 'Deployment'
  | 'Workflow'
  | 'WorkflowTemplate'
  | 'ClusterWorkflowTemplate'
  | 'CronWorkflow';

/** What a scenario may do to the world. The store assigns uid, resourceVersion and creationTimestamp. */
export interface WorldWriter {
  /** The simulated clock (may run faster than real time, or be stepped by tests). */
  now(): Date;
  /** Creates or replaces an object; watchers see ADDED or MODIFIED. Returns the stored copy. */
  put(obj: KubeObject): KubeObject;
  /** Deletes an object if present; watchers see DELETED. */
  remove(kind: ResourceKind, namespace: string | undefined, name: string): void;
  get(kind: ResourceKind, namespace: string | undefined, name: string): KubeObject | undefined;
  /**
   * Appends log lines to a container of a pod. `previous: true` writes the log of the container's previous
   * instance (what `kubectl logs --previous` returns after a restart).
   */
  appendLog(namespace: string, pod: string, container: string, lines: string[], opts?: { previous?: boolean }): void;
}

/** One thing that happens at a moment of a scenario. */
export interface ScenarioStep {
  /** Milliseconds of simulated time after the scenario's start. */
  atMs: number;
  apply(world: WorldWriter): void;
}

/** A story the demo cluster plays: e.g. a pandas step killed for out-of-memory. */
export interface Scenario {
  /** Stable id, e.g. "oom-main". */
  id: string;
  /** One sentence for the README and the demo's log. */
  description: string;
  /** The failure-signature id (../shared/failures/signatures.json) this scenario ends in, if it fails. */
  expectedRootCause?: string;
  /** It waits instead of failing: `expectedRootCause` is what Explain names while it waits (a waiting signature). */
  waits?: boolean;
  /** The steps, in time order. `start` is the simulated time the scenario begins at. */
  steps(start: Date): ScenarioStep[];
}
