// Explain a failed step: run every detector over the failure bundle, pick the root cause, and say it plainly with
// its evidence and what to change.
import { factsOf, lastLines, type BundleNode, type FailureBundle } from './bundle';
import { DETECTORS, type Finding } from './detectors';
import { SIGNATURES } from './signatures';
import { engineText } from './texts';

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
}

function findings(b: FailureBundle): Finding[] {
  const f = factsOf(b);
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

/** Diagnoses a failure bundle. Pure: the same bundle always gives the same answer. */
export function diagnose(b: FailureBundle): Diagnosis {
  const step = b.workflowNode ?? {};
  let list = findings(b);
  const attemptNotes: string[] = [];
  // A retry node: explain each attempt, and let the most frequent cause among them lead.
  const attempts = (b.relatedNodes ?? []).filter((n) => isAttempt(step, n));
  if (step.type === 'Retry' && attempts.length) {
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
      cause: engineText.unknownCause(step),
      evidence: [step.message ? engineText.argo(step.message) : '', ...lastLines(b.logTail ?? '', 10)].filter(Boolean),
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
