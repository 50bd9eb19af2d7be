// Waiting by design: a suspend step waits for someone to resume it (or for its duration), a retry waits out its
// backoff before the next attempt.
import { rec, str } from '../../model/json';
import { clock, humanDuration, type BundleNode, type Facts } from '../bundle';
import { ageAt, durationSeconds, templateOf, waitingSuspends } from '../waitingFacts';
import type { Detector, Finding } from './common';
import { argoEvidence, since, Subject } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  suspendCause: (f: Facts, step: string, started: string, duration: string, resumeAt: string) =>
    `${Subject(f)} is waiting at suspend step "${step}"${since(started, ageAt(f, started))}: a suspend step ` +
    'pauses the workflow until someone approves and resumes it' +
    (duration
      ? ` or its duration of ${duration} passes${resumeAt ? ` (it resumes by itself at ${clock(resumeAt)})` : ''}.`
      : '; it has no duration, so it waits for a resume however long it takes.'),
  workflowSuspended: (f: Facts) =>
    `${Subject(f)} is suspended (spec.suspend: true, e.g. by \`argo suspend\`): no new step starts until it is ` +
    'resumed.',
  resumeFix: (f: Facts, step: string) => {
    const ns = f.workflowNamespace ? ` -n ${f.workflowNamespace}` : '';
    const wf = f.workflowName || 'WORKFLOW';
    return (
      `To go on, resume it: \`argo resume ${wf}${ns}\`` +
      (step ? ` (only this step: \`--node-field-selector displayName=${step}\`)` : '') +
      ', or the Resume action in Argo Doctor or the Argo UI. To stop instead: `argo stop ' +
      `${wf}${ns}\`.`
    );
  },
  suspendSummary: (step: string, duration: string) =>
    `waiting for resume at suspend step ${step}${duration ? ` (or ${duration})` : ''}`,
  backoffCause: (f: Facts, last: BundleNode | undefined, n: number, backoff: string, next: string, left: string) =>
    `${Subject(f)} is waiting to retry: attempt ${n}${last?.displayName ? ` (${last.displayName})` : ''} ` +
    `${last?.phase === 'Error' ? 'errored' : 'failed'}${last?.message ? ` ("${last.message}")` : ''} and the ` +
    `retry strategy's backoff waits ${backoff} before the next attempt` +
    (next ? `, which starts at ${clock(next)}` : '') +
    (left ? ` (${left} from when this was captured)` : '') +
    '. Nothing else is wrong with the wait itself; the failed attempt is what to look at.',
  backoffFix: () =>
    "Let it retry; if the attempts keep failing the same way, fix that failure (see the attempt's own " +
    'explanation), or shorten `retryStrategy.backoff.duration` / `factor` to retry sooner.',
  backoffSummary: (next: string, n: number) => `waiting to retry (attempt ${n + 1})${next ? ` at ${clock(next)}` : ''}`,
  attemptLine: (a: BundleNode) =>
    `Attempt ${a.displayName || a.name}: ${a.phase ?? ''}${a.message ? ` — ${a.message}` : ''}` +
    `${a.finishedAt ? `, ended ${clock(a.finishedAt)}` : ''}`,
  backoffWords: (secs: number, factor: number, raw: string) =>
    `${Number.isFinite(secs) ? humanDuration(secs) : raw || 'its backoff'}` +
    (factor > 1 ? ` (backoff ${raw || '?'} × factor ${factor} per attempt)` : ''),
};

// ---- detection ------------------------------------------------------------------------------------------------
const BACKOFF_MESSAGE = /^Backoff for (.+)$/;

function suspend(f: Facts): Finding | undefined {
  if (f.hasStep && f.step.type === 'Suspend' && f.active) {
    const step = f.step.displayName || f.step.name || '';
    const tmpl = rec(templateOf(f.workflow, f.step.templateName ?? '').suspend);
    const raw = rec(f.bundle.templateHints).suspend ?? tmpl;
    const duration = str(rec(raw).duration);
    const secs = durationSeconds(duration);
    const started = str(f.step.startedAt);
    const resumeAt =
      Number.isFinite(secs) && started && Number.isFinite(Date.parse(started))
        ? new Date(Date.parse(started) + secs * 1000).toISOString().replace('.000Z', 'Z')
        : '';
    return {
      id: 'suspended-awaiting-resume',
      score: 95,
      cause: text.suspendCause(f, step, started, duration, resumeAt),
      fix: text.resumeFix(f, step),
      evidence: argoEvidence(f),
      summary: text.suspendSummary(step, duration),
    };
  }
  if (f.hasStep || !f.active) return undefined;
  const nodes = waitingSuspends(f.workflow);
  if (nodes.length) {
    const n = nodes[0]!;
    const step = str(n.displayName) || str(n.name);
    const duration = str(rec(templateOf(f.workflow, str(n.templateName)).suspend).duration);
    return {
      id: 'suspended-awaiting-resume',
      score: 90,
      cause: text.suspendCause(f, step, str(n.startedAt), duration, ''),
      fix: text.resumeFix(f, step),
      evidence: [],
      summary: text.suspendSummary(step, duration),
    };
  }
  if (rec(f.workflow.spec).suspend === true)
    return {
      id: 'suspended-awaiting-resume',
      score: 90,
      cause: text.workflowSuspended(f),
      fix: text.resumeFix(f, ''),
      evidence: [],
      summary: text.suspendSummary('(whole workflow)', ''),
    };
  return undefined;
}

/** The attempts of a retry node, in order ("step(0)", "step(1)", …). */
function attempts(f: Facts): BundleNode[] {
  const name = f.step.name ?? '';
  const idx = (n: BundleNode) => Number(/\((\d+)\)$/.exec(n.name ?? '')?.[1] ?? -1);
  return (f.bundle.relatedNodes ?? [])
    .filter((n) => !!name && !!n.name && n.name.startsWith(`${name}(`) && idx(n) >= 0)
    .sort((a, b) => idx(a) - idx(b));
}

function retryBackoff(f: Facts): Finding | undefined {
  if (!f.hasStep || f.step.type !== 'Retry' || !f.active) return undefined;
  const tries = attempts(f);
  const last = tries[tries.length - 1];
  const msg = BACKOFF_MESSAGE.exec(f.message.trim());
  const lastEnded = !!last && (last.phase === 'Failed' || last.phase === 'Error');
  if (!msg && !lastEnded) return undefined;
  if (tries.some((t) => t.phase === 'Running' || t.phase === 'Pending')) return undefined;
  const hints = rec(f.bundle.templateHints);
  const strategy = rec(hints.retryStrategy ?? templateOf(f.workflow, f.step.templateName ?? '').retryStrategy);
  const backoff = rec(strategy.backoff);
  const base = durationSeconds(backoff.duration);
  const factor = Number(str(backoff.factor)) || 1;
  const n = Math.max(1, tries.length);
  let wait = Number.isFinite(base) ? base * factor ** (n - 1) : NaN;
  const cap = durationSeconds(backoff.cap ?? backoff.maxDuration);
  if (Number.isFinite(cap) && backoff.cap !== undefined) wait = Math.min(wait, cap);
  if (!msg && !Number.isFinite(wait)) return undefined;
  const from = str(last?.finishedAt);
  const next =
    Number.isFinite(wait) && from && Number.isFinite(Date.parse(from))
      ? new Date(Date.parse(from) + wait * 1000).toISOString().replace('.000Z', 'Z')
      : '';
  const left = next && f.observedAt ? ageAt(f, next) : NaN;
  const words = msg ? msg[1]! : text.backoffWords(wait, factor, str(backoff.duration));
  return {
    id: 'retry-backoff-waiting',
    score: 92,
    cause: text.backoffCause(
      f,
      last,
      n,
      words,
      next,
      Number.isFinite(left) && left < 0 ? `in ${humanDuration(-left)}` : '',
    ),
    fix: text.backoffFix(),
    evidence: [...argoEvidence(f), ...(last ? [text.attemptLine(last)] : [])],
    summary: text.backoffSummary(next, n),
  };
}

export const waitByDesign: Detector = (f) => [suspend(f), retryBackoff(f)].filter((x): x is Finding => !!x);
