// A run compared with the earlier runs of its WorkflowTemplate or CronWorkflow: slow when it took more than 1.5x the
// median of the last 10 that succeeded, and then which step grew most against its own median, and in which phase
// (queueing, scheduling, pulling, running) its time grew.
//
// The phase rule: when earlier runs were recorded with their pods (phase breakdowns), the phase whose time grew most
// against its median over those runs. When they only have step totals (their pods were gone when read), the phases
// of this run that alone took longer than the whole step used to (its median total) are the ones that grew; the
// longest of them is named. When no phase exceeds it, none is named.
import type { Insight } from './insight';
import { RUN_PHASES, recordFromWorkflow, type RunPhase, type RunRecord, type StepRecord } from './runRecord';
import type { Workflow } from './workflow';

/** Slower than this many times the median is slow. */
export const SLOW_FACTOR = 1.5;
/** The runs the median is taken over, at most. */
export const HISTORY_WINDOW = 10;
/** Fewer earlier successful runs than this: not enough history to tell. */
export const MIN_HISTORY = 3;

export interface StepGrowth {
  key: string;
  /** This run's node under that key that took longest (for a link to the step). */
  nodeId?: string;
  fromMs: number;
  toMs: number;
}

export interface PhaseGrowth {
  phase: RunPhase;
  /** This run's time in that phase. */
  ms: number;
  /** The median over earlier runs, when they have breakdowns. */
  usualMs?: number;
}

export type RunComparison =
  | { kind: 'unknown'; text: string }
  | { kind: 'not-enough-history'; runs: number; text: string }
  | { kind: 'usual'; runs: number; medianMs: number; ratio: number; text: string }
  | {
      kind: 'slow';
      runs: number;
      medianMs: number;
      ratio: number;
      /** The step whose time grew most, if one did. */
      step?: StepGrowth;
      phase?: PhaseGrowth;
      /** The run waited longer than usual before its first step started (and that grew more than any step). */
      queued?: { fromMs: number; toMs: number };
      /** One line: "3.1x usual". */
      short: string;
      text: string;
    };

export function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** "45s", "40m", "2h 05m": minutes are enough for runs that take minutes to hours. */
export function shortDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "3.1x", "12x". */
export const ratioText = (r: number) => `${r >= 10 ? Math.round(r) : r.toFixed(1)}x`;
const when = (r: RunRecord) => Date.parse(r.started ?? r.created ?? '') || 0;

/** Earlier successful runs the median is taken over: the last 10 that started before this one, newest first. */
export function baselineOf(run: RunRecord, earlier: RunRecord[]): RunRecord[] {
  const start = when(run);
  const seen = new Set<string>([run.uid || run.name]);
  return earlier
    .filter((r) => {
      const id = r.uid || r.name;
      if (seen.has(id)) return false;
      seen.add(id);
      return r.phase === 'Succeeded' && r.totalMs !== undefined && (!start || !when(r) || when(r) < start);
    })
    .sort((a, b) => when(b) - when(a))
    .slice(0, HISTORY_WINDOW);
}

/** What one phase of a step did, in plain words. */
function phaseWords(p: PhaseGrowth): string {
  const usual = p.usualMs !== undefined ? ` (usually ${shortDuration(p.usualMs)})` : '';
  switch (p.phase) {
    case 'queueing':
      return `it waited ${shortDuration(p.ms)} for the controller to create its pod${usual}`;
    case 'scheduling':
      return `it waited ${shortDuration(p.ms)} to be scheduled${usual}`;
    case 'pulling':
      return `pulling images and starting took ${shortDuration(p.ms)}${usual}`;
    case 'running':
      return `it ran for ${shortDuration(p.ms)}${usual}`;
  }
}

/** The phase in which a step's time grew (see the rule at the top of this file). */
function grownPhase(step: StepRecord, before: StepRecord[], usualMs: number): PhaseGrowth | undefined {
  const mine = step.phases;
  if (!mine) return undefined;
  const withPhases = before.filter((s) => s.phases);
  if (withPhases.length) {
    let best: PhaseGrowth | undefined;
    let bestGrowth = 0;
    for (const p of RUN_PHASES) {
      const ms = mine[p] ?? 0;
      const usual = median(withPhases.map((s) => s.phases![p] ?? 0));
      if (ms - usual > bestGrowth) {
        bestGrowth = ms - usual;
        best = { phase: p, ms, usualMs: usual };
      }
    }
    return best;
  }
  let best: PhaseGrowth | undefined;
  for (const p of RUN_PHASES) {
    const ms = mine[p] ?? 0;
    if (ms > usualMs && (!best || ms > best.ms)) best = { phase: p, ms };
  }
  return best;
}

/** Compares a finished run with the earlier runs of its template. */
export function compareRun(run: RunRecord, earlier: RunRecord[]): RunComparison {
  if (run.totalMs === undefined) return { kind: 'unknown', text: 'This run has no start and end time to compare.' };
  const base = baselineOf(run, earlier);
  if (base.length < MIN_HISTORY)
    return {
      kind: 'not-enough-history',
      runs: base.length,
      text: `Not enough history to compare with: ${base.length} earlier successful run${base.length === 1 ? '' : 's'} (${MIN_HISTORY} needed).`,
    };
  const medianMs = median(base.map((r) => r.totalMs!));
  const ratio = medianMs > 0 ? run.totalMs / medianMs : run.totalMs > 0 ? Infinity : 1;
  const last = `the last ${base.length} run${base.length === 1 ? '' : 's'}`;
  const head = `This run took ${shortDuration(run.totalMs)}, ${Number.isFinite(ratio) ? ratioText(ratio) : 'far more than'} the median of ${last} (${shortDuration(medianMs)}).`;
  if (!(ratio > SLOW_FACTOR)) return { kind: 'usual', runs: base.length, medianMs, ratio, text: head };
  // The step whose time grew most against its own median (over the earlier runs that had it).
  let step: StepGrowth | undefined;
  let phase: PhaseGrowth | undefined;
  let growth = 0;
  for (const s of run.steps) {
    const before = base.flatMap((r) => r.steps.filter((x) => x.key === s.key));
    if (!before.length) continue;
    const usual = median(before.map((x) => x.ms));
    if (s.ms - usual > growth) {
      growth = s.ms - usual;
      step = { key: s.key, ...(s.nodeId ? { nodeId: s.nodeId } : {}), fromMs: usual, toMs: s.ms };
      phase = grownPhase(s, before, usual);
    }
  }
  // Waiting before the first step (workflow parallelism, a lock) may be where the time went instead.
  let queued: { fromMs: number; toMs: number } | undefined;
  const queues = base.flatMap((r) => (r.queuedMs !== undefined ? [r.queuedMs] : []));
  if (run.queuedMs !== undefined && queues.length) {
    const usual = median(queues);
    if (run.queuedMs - usual > growth) {
      queued = { fromMs: usual, toMs: run.queuedMs };
      step = undefined;
      phase = undefined;
    }
  }
  const short = `${Number.isFinite(ratio) ? ratioText(ratio) : 'far more than'} usual`;
  const tail = queued
    ? ` It waited ${shortDuration(queued.toMs)} before its first step started (usually ${shortDuration(queued.fromMs)}).`
    : step
      ? ` Step ${step.key} grew from ${shortDuration(step.fromMs)} to ${shortDuration(step.toMs)}${phase ? `: ${phaseWords(phase)}` : ''}.`
      : ' No single step grew: the time is spread over the run.';
  return {
    kind: 'slow',
    runs: base.length,
    medianMs,
    ratio,
    ...(step ? { step } : {}),
    ...(phase ? { phase } : {}),
    ...(queued ? { queued } : {}),
    short,
    text: head + tail,
  };
}

/** Records of the same runs from several sources (local store, cluster) as one list, each run once (by uid). */
export function mergeRuns(...sources: RunRecord[][]): RunRecord[] {
  const byId = new Map<string, RunRecord>();
  for (const list of sources)
    for (const r of list) {
      const id = r.uid || `${r.namespace}/${r.name}`;
      const prior = byId.get(id);
      // Keep the richer record: one with phase breakdowns (recorded while its pods were there) beats one without;
      // as rich in phases, one that says what the run used beats one that does not (kept before usage was).
      if (!prior || richness(r) > richness(prior)) byId.set(id, r);
    }
  return [...byId.values()].sort((a, b) => when(b) - when(a));
}

const richness = (r: RunRecord) => r.steps.filter((s) => s.phases).length * 2 + (r.usage ? 1 : 0);

/** The insight the workflow panel lists for a finished run much slower than its history; undefined otherwise. */
export function slowRunInsight(wf: Workflow, history: RunRecord[], pods: unknown[] = []): Insight | undefined {
  const fresh = recordFromWorkflow(wf, pods);
  if (!fresh) return undefined;
  // The history may hold this run recorded while its pods were there (phase breakdowns): the richer one is used.
  const run = mergeRuns(
    [fresh],
    history.filter((r) => (fresh.uid ? r.uid === fresh.uid : r.name === fresh.name)),
  )[0]!;
  const c = compareRun(run, history);
  if (c.kind !== 'slow') return undefined;
  const where = c.queued
    ? `waited ${shortDuration(c.queued.toMs)} before its first step`
    : c.step
      ? `${c.step.key} grew${c.phase ? ` (${c.phase.phase})` : ''}`
      : 'no single step grew';
  return {
    id: 'slow-run',
    severity: 'warning',
    title: `Slow run: ${c.short}; ${where}`,
    detail: c.text,
    ...(c.step?.nodeId ? { nodeId: c.step.nodeId } : {}),
  };
}
