// Explain a failed step: run every detector over the failure bundle, pick the root cause, and say it plainly with
// its evidence and what to change.
import { isActive } from '../model/phase';
import { factsOf, lastLines, normalizeBundle, type BundleNode, type EvidenceBundle, type Facts } from './bundle';
import { DETECTORS, type Finding } from './detectors';
import { SIGNATURES } from './signatures';
import { engineText, waitingText } from './texts';

export interface Diagnosis {
  /** A signature id (../shared/failures/signatures.json), or "unknown". */
  rootCause: string;
  /** Signature ids of the other causes seen (symptoms or contributing causes), most likely first. */
  secondaryCauses: string[];
  /** 0..1: how sure the engine is that the root cause is right. */
  confidence: number;
  /** What went wrong, in plain words: the root cause only, never what to do about it. */
  cause: string;
  /** Lines of evidence from the cluster (messages, events, log lines) that back the cause. */
  evidence: string[];
  /** What to change, each a sentence of its own; the root cause's fix first. */
  fixes: string[];
  /** Links to read more. */
  docs: string[];
  /**
   * Only when the step (or the workflow) has not ended: what it waits for, in one line for a tree row
   * ("waiting for semaphore argo/gpu-jobs held by 2 workflows").
   */
  waiting?: string;
}

function findings(b: EvidenceBundle): Finding[] {
  return findingsOf(factsOf(b));
}

function findingsOf(f: Facts): Finding[] {
  const byId = new Map<string, Finding>();
  for (const d of DETECTORS) {
    for (const x of d(f)) {
      const had = byId.get(x.id);
      if (!had || x.score > had.score)
        byId.set(x.id, { ...x, evidence: [...new Set([...(had?.evidence ?? []), ...x.evidence])] });
      else had.evidence = [...new Set([...had.evidence, ...x.evidence])];
    }
  }
  return [...byId.values()].sort((a, b) => b.score - a.score);
}

const isAttempt = (parent: BundleNode, n: BundleNode) =>
  !!parent.name && !!n.name && n.name.startsWith(`${parent.name}(`) && /\(\d+\)$/.test(n.name);

/**
 * Diagnoses a bundle: why a step failed, or what a step or workflow that has not ended waits for. Pure: the same
 * bundle always gives the same answer. Any JSON value is accepted: parts of the wrong type read as absent.
 */
export function diagnose(raw: EvidenceBundle): Diagnosis {
  const b = normalizeBundle(raw);
  const facts = factsOf(b);
  const list = findingsOf(facts);
  const d = diagnoseFacts(b, facts, list);
  if (!facts.active) return d;
  return { ...d, waiting: waitingLine(d, facts, list[0]) };
}

/** The one-line "waiting for …" of a diagnosis of something that has not ended. */
function waitingLine(d: Diagnosis, f: Facts, top: Finding | undefined): string {
  if (top && top.id === d.rootCause && top.summary) return top.summary;
  if (d.rootCause === 'unknown') {
    const phase = f.hasStep ? (f.step.phase ?? '') : f.workflowPhase;
    return waitingText.unknown(phase);
  }
  return waitingText.byId[d.rootCause] ?? waitingText.other(d.rootCause);
}

/**
 * What a step or workflow that has not ended waits for, in one line (for a tree row), or undefined when it has
 * ended (or the diagnosis is of an ended one). Takes a bundle or its diagnosis.
 */
export function waitingSummary(x: EvidenceBundle | Diagnosis): string | undefined {
  const isDiagnosis =
    !!x &&
    typeof x === 'object' &&
    typeof (x as Partial<Diagnosis>).rootCause === 'string' &&
    Array.isArray(x.evidence);
  return isDiagnosis ? (x as Diagnosis).waiting : diagnose(x as EvidenceBundle).waiting;
}

function diagnoseFacts(b: EvidenceBundle, f: Facts, found: Finding[]): Diagnosis {
  const step: BundleNode = b.workflowNode ?? {};
  let list = found;
  const attemptNotes: string[] = [];
  // A retry node that ran out: explain each attempt, and let the most frequent cause among them lead. (One still
  // running waits for its next attempt: the retry-backoff detector explains it.)
  const attempts = (b.relatedNodes ?? []).filter((n) => isAttempt(step, n));
  if (step.type === 'Retry' && attempts.length && !isActive(step.phase)) {
    const counts = new Map<string, { n: number; finding: Finding }>();
    for (const a of attempts) {
      const top = findings({ workflowNode: a, logTail: a.logTail, pod: null, events: [] }).filter(
        (x) => x.id !== 'evidence-pod-gone',
      )[0];
      attemptNotes.push(engineText.attemptNote(a, top?.id));
      if (!top) continue;
      const c = counts.get(top.id) ?? { n: 0, finding: top };
      c.n++;
      counts.set(top.id, c);
    }
    const ranked = [...counts.values()].sort((x, y) => y.n - x.n || y.finding.score - x.finding.score);
    const dominant = ranked[0];
    if (dominant && counts.size === 1) {
      // Every attempt failed the same way: that is the root cause; retrying alone will not help.
      list = [
        {
          ...dominant.finding,
          score: 99,
          cause: engineText.allAttemptsSame(
            dominant.finding.cause ?? SIGNATURES[dominant.finding.id]?.cause ?? '',
            attempts.length,
          ),
        },
        ...list.filter((x) => x.id !== dominant.finding.id),
      ];
      if (!list.some((x) => x.id === 'retries-exhausted'))
        list.push({ id: 'retries-exhausted', score: 40, evidence: [] });
    } else if (dominant) {
      // The attempts failed for different reasons: the retries ran out; each attempt's cause follows.
      const causes = ranked.map((r) => engineText.attemptCause(r.finding.id, r.n));
      const mostFrequent = SIGNATURES[dominant.finding.id];
      list = [
        {
          id: 'retries-exhausted',
          score: 99,
          cause: engineText.attemptsDiffer(step, attempts.length, causes, mostFrequent?.cause ?? dominant.finding.id),
          fix: engineText.attemptsDifferFix(SIGNATURES['retries-exhausted']!.fix, mostFrequent?.fix ?? ''),
          evidence: [],
        },
        ...ranked.map((r, i) => ({ ...r.finding, score: 60 - i })),
        ...list.filter((x) => x.id !== 'retries-exhausted' && !counts.has(x.id)),
      ];
    }
  }
  const root = list[0];
  if (!root) {
    return {
      rootCause: 'unknown',
      secondaryCauses: [],
      confidence: 0.1,
      cause: f.hasStep ? engineText.unknownCause(step, f.active) : engineText.unknownWorkflow(f),
      evidence: [
        step.message ? engineText.argo(step.message) : '',
        f.workflowMessage ? engineText.argo(f.workflowMessage) : '',
        ...lastLines(b.logTail ?? '', 10),
      ].filter(Boolean),
      fixes: [engineText.unknownFix()],
      docs: [],
    };
  }
  const sig = SIGNATURES[root.id];
  const fix = root.fix ?? sig?.fix ?? '';
  const secondary = list.slice(1).filter((x) => x.score >= 20 || x.id === 'evidence-pod-gone');
  const evidence = [...new Set([...root.evidence, ...attemptNotes, ...secondary.flatMap((x) => x.evidence)])].filter(
    Boolean,
  );
  const fixes = [...new Set([fix, ...secondary.slice(0, 3).map((x) => x.fix ?? SIGNATURES[x.id]?.fix ?? '')])].filter(
    Boolean,
  );
  const docs = [...new Set([sig?.doc, ...secondary.map((x) => SIGNATURES[x.id]?.doc)].filter((d): d is string => !!d))];
  const margin = root.score - (secondary[0]?.score ?? 0);
  const confidence = Math.max(0.1, Math.min(0.99, root.score / 100 - (margin < 5 ? 0.15 : 0)));
  return {
    rootCause: root.id,
    secondaryCauses: secondary.map((x) => x.id),
    confidence: Math.round(confidence * 100) / 100,
    cause: root.cause ?? sig?.cause ?? root.id,
    evidence,
    fixes,
    docs,
  };
}

/** Every signature id the engine knows how to explain. */
export const KNOWN_SIGNATURES = Object.keys(SIGNATURES);
