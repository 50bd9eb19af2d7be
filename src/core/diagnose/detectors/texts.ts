// Words that several detector families share: evidence lines and the phrases that say "not your code" and "retry".
import { clock, humanDuration, lastLines, type Facts, type KEvent } from '../bundle';

export const NOT_YOURS = "This is not your code's fault: it was not caused by your code.";

/** The retry strategy that retries infrastructure failures only. */
export const RETRY_ON_ERROR = '`retryStrategy: {limit: 3, retryPolicy: OnError}`';

/** Argo's message about the node, as evidence. */
export const argoLine = (message: string): string => `Argo: ${message}`;

/** Argo's message about the node, as evidence, if it has one. */
export const argoEvidence = (f: Facts): string[] => (f.message ? [argoLine(f.message)] : []);

/** A message quoted from the cluster. */
export const messageLine = (message: string): string => `Message: ${message}`;

/** The pod's status reason and message, or '' when it has none. */
export const podLine = (f: Facts): string => (f.podMessage ? `Pod: ${f.podReason} — ${f.podMessage}` : '');

/** The last `n` log lines, as one piece of evidence. */
export function logEvidence(f: Facts, n = 5): string[] {
  const lines = lastLines(f.log, n);
  return lines.length ? [`Last log lines:\n${lines.join('\n')}`] : [];
}

export function eventLine(e: KEvent): string {
  const count = e.count > 1 ? ` ×${e.count}` : '';
  const at = e.time ? ` at ${clock(e.time)}` : '';
  return `Event on the ${e.object.toLowerCase()} (${e.type}) ${e.reason}${count}${at}: ${e.message}`;
}

export function taintLine(t: { key: string; effect: string; time: string }): string {
  return `Node taint ${t.key}:${t.effect}${t.time ? ` since ${clock(t.time)}` : ''}`;
}

/** "a, b" in parentheses with a leading space, or '' for none. */
export const listed = (items: string[]): string => (items.length ? ` (${items.join(', ')})` : '');

/** What the explanation is about: "step train" or "workflow nightly-load" (lower case, for mid-sentence). */
export const subject = (f: Facts): string =>
  f.hasStep
    ? `step ${f.step.displayName || f.step.name || '?'}`
    : `workflow ${f.workflowName || '?'}${f.workflowNamespace ? ` (namespace ${f.workflowNamespace})` : ''}`;

/** The same at the start of a sentence. */
export const Subject = (f: Facts): string => {
  const s = subject(f);
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** "since 06:00:00 UTC on 2025-09-02 (3 hours 12 minutes)", or '' without a time. */
export function since(iso: string, ageSeconds: number): string {
  if (!iso) return '';
  return ` since ${clock(iso)}${Number.isFinite(ageSeconds) ? ` (${humanDuration(ageSeconds)})` : ''}`;
}

/** The workflow's status message, as evidence. */
export const workflowLine = (f: Facts): string[] =>
  f.workflowMessage ? [`Workflow ${f.workflowName} (${f.workflowPhase || 'no phase yet'}): ${f.workflowMessage}`] : [];
