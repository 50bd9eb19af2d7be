/**
 * Messages between the extension host and webviews. Both sides validate what they receive: a webview is
 * untrusted input for the host, and the host's data comes from the cluster.
 */
import type { Diagnosis, StepSnapshot } from './model';

export interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  tailLines: number;
}

/** Webview → host. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'logOptions'; options: LogOptions }
  /** `find`: a log line to reveal (from an evidence line), at most MAX_FIND characters. */
  | { type: 'openLogsInEditor'; container: string; find?: string }
  | { type: 'openStep'; nodeId: string }
  /** The step's workflow in the workflow panel. */
  | { type: 'openWorkflow' }
  | { type: 'explain' }
  /** The explanation as a Markdown report (to copy into a ticket). */
  | { type: 'openReport' }
  /** Retry the workflow from its failed steps (offered when the failure was not the step's fault). */
  | { type: 'retry' }
  | { type: 'refresh' };

export type LogState = 'idle' | 'following' | 'ended' | 'failed';

/** Which step a panel shows: what a restored panel needs to find it again (no cluster data beyond names). */
export interface StepRef {
  context: string;
  namespace: string;
  workflow: string;
  nodeId: string;
}

/** A diagnosis as the step panel shows it: the engine's Diagnosis and what the host knows about the step. */
export interface Explanation extends Diagnosis {
  /** The step's display name. */
  step?: string;
  /** When part of the evidence was recorded by Argo Doctor (the pod or events are gone since), ISO time. */
  recordedAt?: string;
  /** Pods of this workflow that no longer exist, and why: at most MAX_DISAPPEARED of them (see disappearedTotal). */
  disappeared?: { step: string; pod: string; why: string }[];
  /** How many pods of this workflow no longer exist, when `disappeared` lists only some of them. */
  disappearedTotal?: number;
  /** Why retrying the workflow as it is can succeed (the step was not at fault), when it can. */
  retry?: string;
}

/** Host → webview. */
export type ToWebview =
  | { type: 'explanation'; explanation: Explanation }
  | { type: 'ref'; ref: StepRef }
  | { type: 'snapshot'; snapshot: StepSnapshot }
  | { type: 'logs'; container: string; lines: string[]; reset: boolean }
  | { type: 'logState'; container: string; state: LogState; message?: string }
  | { type: 'error'; message: string };

export const MAX_TAIL_LINES = 100_000;
export const MAX_FIND = 2000;
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates log options from a webview: a container name as Kubernetes allows, a sane tail. */
export function isLogOptions(v: unknown): v is LogOptions {
  return (
    isRecord(v) &&
    typeof v.container === 'string' &&
    NAME.test(v.container) &&
    typeof v.follow === 'boolean' &&
    typeof v.previous === 'boolean' &&
    typeof v.tailLines === 'number' &&
    Number.isInteger(v.tailLines) &&
    v.tailLines > 0 &&
    v.tailLines <= MAX_TAIL_LINES
  );
}

/** Validates a message received by the host. */
export function isToHost(value: unknown): value is ToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
    case 'explain':
    case 'openReport':
    case 'openWorkflow':
    case 'retry':
      return true;
    case 'logOptions':
      return isLogOptions(value.options);
    case 'openLogsInEditor':
      return (
        typeof value.container === 'string' &&
        NAME.test(value.container) &&
        (value.find === undefined || (typeof value.find === 'string' && value.find.length <= MAX_FIND))
      );
    case 'openStep':
      return typeof value.nodeId === 'string' && value.nodeId.length > 0 && value.nodeId.length < 300;
    default:
      return false;
  }
}

const isCount = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

function isSnapshot(v: unknown): v is StepSnapshot {
  if (!isRecord(v)) return false;
  const { workflow, step, pod, node } = v;
  return (
    isRecord(workflow) &&
    typeof workflow.name === 'string' &&
    isRecord(step) &&
    typeof step.id === 'string' &&
    Array.isArray(step.attempts) &&
    isCount(step.attemptsTotal) &&
    Array.isArray(step.inputs) &&
    Array.isArray(step.outputs) &&
    isRecord(pod) &&
    typeof pod.state === 'string' &&
    (pod.state !== 'present' || Array.isArray(pod.containers)) &&
    isRecord(node) &&
    typeof node.state === 'string' &&
    Array.isArray(v.events) &&
    Array.isArray(v.placement) &&
    isCount(v.placementTotal) &&
    Array.isArray(v.zones) &&
    (v.timeline === undefined || isTimeline(v.timeline)) &&
    (v.usage === undefined || isUsage(v.usage))
  );
}

const optString = (v: unknown) => v === undefined || typeof v === 'string';
const VERDICTS = new Set(['over-provisioned', 'near-limit', 'ok', 'unmeasured']);

/** Validates the "Requested vs used" part of a snapshot: every shown value a string, verdicts from the known set. */
function isUsage(v: unknown): boolean {
  return (
    isRecord(v) &&
    (v.source === 'metrics' || v.source === 'argo' || v.source === 'none') &&
    isCount(v.samples) &&
    optString(v.sampledFor) &&
    optString(v.note) &&
    isStrings(v.lines) &&
    Array.isArray(v.rows) &&
    v.rows.every(
      (r) =>
        isRecord(r) &&
        typeof r.container === 'string' &&
        (r.resource === 'cpu' || r.resource === 'memory') &&
        typeof r.verdict === 'string' &&
        VERDICTS.has(r.verdict) &&
        [r.request, r.limit, r.peak, r.average, r.suggestedRequest, r.advice].every(optString) &&
        (r.percentOfRequest === undefined || isMs(r.percentOfRequest)),
    ) &&
    (v.argo === undefined || (isRecord(v.argo) && typeof v.argo.duration === 'string'))
  );
}

const isMs = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isTimeline(v: unknown): boolean {
  return (
    isRecord(v) &&
    Array.isArray(v.segments) &&
    v.segments.every((x) => isRecord(x) && typeof x.phase === 'string' && typeof x.label === 'string' && isMs(x.ms)) &&
    Array.isArray(v.pulls) &&
    v.pulls.every((x) => isRecord(x) && typeof x.image === 'string' && (x.ms === undefined || isMs(x.ms))) &&
    isMs(v.waitingMs) &&
    isMs(v.runningMs)
  );
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Validates a diagnosis: its cause and fixes as separate parts. */
function isDiagnosis(v: unknown): v is Diagnosis & Record<string, unknown> {
  return (
    isRecord(v) &&
    typeof v.rootCause === 'string' &&
    typeof v.cause === 'string' &&
    typeof v.confidence === 'number' &&
    isStrings(v.evidence) &&
    isStrings(v.fixes) &&
    isStrings(v.docs) &&
    isStrings(v.secondaryCauses)
  );
}

export function isStepRef(v: unknown): v is StepRef {
  return (
    isRecord(v) &&
    (['context', 'namespace', 'workflow', 'nodeId'] as const).every(
      (k) => typeof v[k] === 'string' && (v[k] as string).length < 300,
    ) &&
    v.workflow !== '' &&
    v.nodeId !== ''
  );
}

/** Validates a message received by a webview. */
export function isToWebview(value: unknown): value is ToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ref':
      return isStepRef(value.ref);
    case 'explanation': {
      const e = value.explanation;
      return (
        isDiagnosis(e) &&
        (e.step === undefined || typeof e.step === 'string') &&
        (e.recordedAt === undefined || typeof e.recordedAt === 'string') &&
        (e.retry === undefined || typeof e.retry === 'string') &&
        isCount(e.disappearedTotal) &&
        (e.disappeared === undefined ||
          (Array.isArray(e.disappeared) &&
            e.disappeared.every(
              (d) =>
                isRecord(d) && typeof d.step === 'string' && typeof d.pod === 'string' && typeof d.why === 'string',
            )))
      );
    }
    case 'snapshot':
      return isSnapshot(value.snapshot);
    case 'logs':
      return (
        typeof value.container === 'string' &&
        typeof value.reset === 'boolean' &&
        Array.isArray(value.lines) &&
        value.lines.every((l) => typeof l === 'string')
      );
    case 'logState':
      return (
        typeof value.container === 'string' &&
        ['idle', 'following', 'ended', 'failed'].includes(value.state as string) &&
        (value.message === undefined || typeof value.message === 'string')
      );
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
