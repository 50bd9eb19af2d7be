/**
 * Messages between the extension host and the workflow panel's webview. Both sides validate what they receive, as
 * for the step panel (protocol.ts): the webview is untrusted input for the host, and the host's data comes from the
 * cluster.
 */
import type { Insight, TimelineSegment, WorkflowTimeline } from './model';
import { isRecord } from './protocol';

/** Which workflow a panel shows: what a restored panel needs to find it again. */
export interface WorkflowRef {
  context: string;
  namespace: string;
  workflow: string;
}

/** Webview → host. */
export type ToWorkflowHost = { type: 'ready' } | { type: 'openStep'; nodeId: string } | { type: 'refresh' };

/** Host → webview. */
export type ToWorkflowWebview =
  | { type: 'ref'; ref: WorkflowRef }
  | { type: 'timeline'; timeline: WorkflowTimeline; insights: Insight[] }
  /** The workflow is known only by its summary so far: it is being read whole. */
  | { type: 'loading'; message: string }
  | { type: 'error'; message: string };

const MAX_ID = 300;
const isId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length < MAX_ID;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optStr = (v: unknown) => v === undefined || typeof v === 'string';

export function isWorkflowRef(v: unknown): v is WorkflowRef {
  return (
    isRecord(v) &&
    (['context', 'namespace', 'workflow'] as const).every(
      (k) => typeof v[k] === 'string' && (v[k] as string).length < MAX_ID,
    ) &&
    v.workflow !== ''
  );
}

export function isToWorkflowHost(value: unknown): value is ToWorkflowHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'openStep':
      return isId(value.nodeId);
    default:
      return false;
  }
}

export function isInsight(v: unknown): v is Insight {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info') &&
    typeof v.title === 'string' &&
    typeof v.detail === 'string' &&
    (v.nodeId === undefined || isId(v.nodeId))
  );
}

function isSegment(v: unknown): v is TimelineSegment {
  return (
    isRecord(v) &&
    isId(v.nodeId) &&
    isCount(v.attempt) &&
    typeof v.phase === 'string' &&
    isTime(v.start) &&
    isTime(v.end) &&
    v.end >= v.start &&
    typeof v.open === 'boolean' &&
    typeof v.critical === 'boolean' &&
    optStr(v.host) &&
    optStr(v.gone) &&
    optStr(v.pod) &&
    optStr(v.message)
  );
}

/** Validates a timeline: every row, segment and group, and that groups tile the rows they name. */
export function isWorkflowTimeline(v: unknown): v is WorkflowTimeline {
  if (!isRecord(v)) return false;
  const { workflow, groups, rows, critical } = v;
  if (
    !isRecord(workflow) ||
    typeof workflow.name !== 'string' ||
    typeof workflow.namespace !== 'string' ||
    typeof workflow.phase !== 'string' ||
    !isTime(v.start) ||
    !isTime(v.end) ||
    !isTime(v.now) ||
    v.end < v.start ||
    !isCount(v.segments) ||
    !isCount(v.gone) ||
    !isRecord(critical) ||
    !isCount(critical.steps) ||
    !isTime(critical.waitingMs) ||
    !isTime(critical.runningMs) ||
    !optStr(v.message) ||
    !Array.isArray(groups) ||
    !Array.isArray(rows)
  )
    return false;
  let next = 0;
  for (const g of groups) {
    if (!isRecord(g) || typeof g.node !== 'string' || !optStr(g.zone) || g.first !== next || !isCount(g.count))
      return false;
    next += g.count;
  }
  if (next !== rows.length) return false;
  for (const r of rows)
    if (
      !isRecord(r) ||
      !isId(r.id) ||
      typeof r.label !== 'string' ||
      typeof r.path !== 'string' ||
      !isCount(r.group) ||
      r.group >= groups.length ||
      !Array.isArray(r.segments) ||
      !r.segments.every(isSegment)
    )
      return false;
  return true;
}

export function isToWorkflowWebview(value: unknown): value is ToWorkflowWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ref':
      return isWorkflowRef(value.ref);
    case 'timeline':
      return isWorkflowTimeline(value.timeline) && Array.isArray(value.insights) && value.insights.every(isInsight);
    case 'loading':
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
