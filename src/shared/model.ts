/**
 * The model the webview renders, re-exported from src/core so that the webview imports only src/shared (the lint
 * rules in eslint.config.mjs enforce that). Types, and the phase predicates so "failed" means the same everywhere.
 */
export { isFailed } from '../core/model/phase';
export type {
  Attempt,
  Banner,
  Condition,
  ContainerInfo,
  EventInfo,
  KeyValue,
  NodeInfo,
  PodInfo,
  Placement,
  Read,
  StepInfo,
  StepSnapshot,
} from '../core/model/stepDetails';
export type { UsageRow, UsageVerdict, UsageView } from '../core/model/usage';
export type { Diagnosis } from '../core/diagnose/diagnose';
export type { Insight, InsightSeverity } from '../core/model/insight';
export type { TimelineGroup, TimelineRow, TimelineSegment, WorkflowTimeline } from '../core/model/timeline';
