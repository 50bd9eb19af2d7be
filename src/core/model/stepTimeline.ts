// Where a step's time went, from its pod's own timestamps and events: waiting for the controller to create the pod,
// scheduling, pulling images, init containers, starting, running, and finishing (outputs saved by the wait
// container). Pure: the same node, pod and events give the same answer; missing timestamps drop their phase.
import type { ArgoNode } from './argoNode';
import { arr, rec, type Obj } from './json';

export type StepPhase = 'controller' | 'scheduling' | 'initialising' | 'starting' | 'running' | 'finishing';

export interface TimelineSegment {
  phase: StepPhase;
  start: string;
  end: string;
  ms: number;
}

export interface StepTimeline {
  /** Consecutive segments from the node's start to its end (or now, while it runs). */
  segments: TimelineSegment[];
  /** Image pulls (they overlap initialising and starting): each image with how long it took, when known. */
  pulls: { image: string; ms?: number }[];
  /** Time before the main container ran (controller, scheduling, initialising, starting) vs running and after. */
  waitingMs: number;
  runningMs: number;
}

const LABELS: Record<StepPhase, string> = {
  controller: 'waiting for the controller to create the pod',
  scheduling: 'waiting to be scheduled on a node',
  initialising: 'init containers (and their image pulls)',
  starting: 'starting the containers (image pulls, volumes)',
  running: 'running',
  finishing: 'saving outputs and logs',
};

/** Plain words for a segment's phase. */
export function stepPhaseLabel(p: StepPhase): string {
  return LABELS[p];
}

const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function conditionTime(pod: Obj, type: string): number | undefined {
  const c = arr(rec(pod.status).conditions)
    .map(rec)
    .find((x) => x.type === type && x.status === 'True');
  return c ? time(c.lastTransitionTime) : undefined;
}

/** When the main container started and ended (its current or last run). */
function mainTimes(pod: Obj): { started?: number; finished?: number } {
  const statuses = arr(rec(pod.status).containerStatuses).map(rec);
  const main = statuses.find((s) => s.name === 'main') ?? statuses[0];
  if (!main) return {};
  const state = rec(main.state);
  const run = rec(state.running);
  const term = rec(state.terminated);
  const last = rec(rec(main.lastState).terminated);
  return {
    started: time(run.startedAt) ?? time(term.startedAt) ?? time(last.startedAt),
    finished: time(term.finishedAt),
  };
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };

/** The Go duration after "in " in the kubelet's "Successfully pulled image "x" in 1m2.5s (…)", in ms. */
export function pullMs(message: string): number | undefined {
  const d = / in ((?:\d+(?:\.\d+)?(?:h|ms|m|s|µs|us|ns))+)/.exec(message)?.[1];
  if (!d) return undefined;
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|µs|us|ns)/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return Math.round(ms);
}

/** The breakdown of one step (a Pod node) from its pod and the pod's events; undefined without a start time. */
export function stepTimeline(node: ArgoNode, pod: unknown, events: unknown[], now: Date): StepTimeline | undefined {
  const start = time(node.startedAt);
  if (start === undefined) return undefined;
  const p = rec(pod);
  const end = time(node.finishedAt) ?? now.getTime();
  const created = time(rec(p.metadata).creationTimestamp);
  const podEvents = events.map(rec);
  const eventTime = (reason: string) =>
    podEvents
      .filter((e) => e.reason === reason)
      .map((e) => time(e.firstTimestamp) ?? time(e.eventTime) ?? time(e.lastTimestamp))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b)[0];
  const scheduled = conditionTime(p, 'PodScheduled') ?? eventTime('Scheduled');
  const initialised = conditionTime(p, 'Initialized');
  const { started, finished } = mainTimes(p);
  // Marks in order; each segment runs from one known mark to the next, clamped to the node's span.
  const marks: [StepPhase, number | undefined][] = [
    ['controller', start],
    ['scheduling', created],
    ['initialising', scheduled],
    ['starting', initialised],
    ['running', started],
    ['finishing', finished],
  ];
  const known = marks.filter((m): m is [StepPhase, number] => m[1] !== undefined);
  const segments: TimelineSegment[] = [];
  let cursor = start;
  for (let i = 0; i < known.length; i++) {
    const [phase, at] = known[i]!;
    const from = Math.min(Math.max(at, cursor), end);
    const to = Math.min(Math.max(known[i + 1]?.[1] ?? end, from), end);
    cursor = to;
    if (to > from || (phase === 'running' && to >= from))
      segments.push({ phase, start: new Date(from).toISOString(), end: new Date(to).toISOString(), ms: to - from });
  }
  const pulls = podEvents
    .filter((e) => e.reason === 'Pulled')
    .map((e) => {
      const message = typeof e.message === 'string' ? e.message : '';
      const image = /image "([^"]+)"/.exec(message)?.[1] ?? '';
      const ms = /already present/.test(message) ? 0 : pullMs(message);
      return { image, ...(ms !== undefined ? { ms } : {}) };
    });
  const waitingMs = segments
    .filter((s) => s.phase !== 'running' && s.phase !== 'finishing')
    .reduce((n, s) => n + s.ms, 0);
  return { segments, pulls, waitingMs, runningMs: segments.reduce((n, s) => n + s.ms, 0) - waitingMs };
}
