// The timeline of a workflow as the workflow panel draws it (laid out by workflowTimeline.ts). Types only: the
// webview reads them through src/shared/model.ts.

export interface TimelineSegment {
  nodeId: string;
  /** 1, 2, … for the attempts of a retried step; 1 otherwise. */
  attempt: number;
  phase: string;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  /** Still running: `end` is now. (A step that never ended in a workflow that did ends with the workflow.) */
  open: boolean;
  /** The Kubernetes node it ran on. */
  host?: string;
  /** On the workflow's critical path. */
  critical: boolean;
  /** Its pod no longer exists: why. */
  gone?: string;
  /** The pod's name, when it is gone. */
  pod?: string;
  /** Argo's message (cut). */
  message?: string;
}

export interface TimelineRow {
  /** The step's node id (the retry node's for a retried step). */
  id: string;
  /** The step's display name. */
  label: string;
  /** The node's full name without the workflow's name (e.g. "train(3).validate"), to tell equal labels apart. */
  path: string;
  /** Index in `groups`. */
  group: number;
  /** In start order. */
  segments: TimelineSegment[];
}

export interface TimelineGroup {
  /** The Kubernetes node; empty for steps that ran on none (suspends, pods not scheduled). */
  node: string;
  /** From the node's topology.kubernetes.io/zone label, when known. */
  zone?: string;
  /** Rows of this group: rows[first … first + count - 1]. */
  first: number;
  count: number;
}

export interface WorkflowTimeline {
  workflow: { name: string; namespace: string; phase: string };
  /** The span drawn: the workflow's start (or the first step's) to its end (or now). */
  start: number;
  end: number;
  now: number;
  groups: TimelineGroup[];
  /** By group, then by start. */
  rows: TimelineRow[];
  segments: number;
  /** Segments whose pod no longer exists. */
  gone: number;
  critical: { steps: number; waitingMs: number; runningMs: number };
  /** Why there are no rows, when there are none for a reason (node status offloaded, not decodable). */
  message?: string;
}
