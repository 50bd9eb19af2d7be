// An insight about a workflow: one thing worth knowing about a run (the step that failed, what a step waits for,
// a run much slower than its history, pods that are gone), shown in the workflow panel with a link to the step.

export type InsightSeverity = 'error' | 'warning' | 'info';

export interface Insight {
  /** Stable per kind and subject (e.g. "failed:<nodeId>", "slow-run"), so a live panel updates it in place. */
  id: string;
  severity: InsightSeverity;
  /** One line, plain words. */
  title: string;
  /** The evidence and what to do, plain text. */
  detail: string;
  /** The step it is about: the panel links to that step's panel. */
  nodeId?: string;
}
