// Upstream steps: this step failed because a step before it failed or "succeeded" without producing its output.
import { rec } from '../../model/json';
import { isFailed } from '../../model/phase';
import { lastLines, type BundleNode } from '../bundle';
import { anyOf, type Detector, type Finding } from './common';
import { argoLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
/** A reference to an upstream step's output: `steps.NAME.outputs.(parameters|artifacts).OUTPUT`. */
interface OutputRef {
  ref: string;
  step: string;
  kind: string;
  output: string;
}

const text = {
  unresolvedCause: (r: OutputRef, up: BundleNode | undefined, upFailed: boolean, continueOn: unknown) => {
    const what = r.kind === 'parameters' ? 'output parameter' : 'output artifact';
    const never = upFailed ? `failed (${up!.message ?? up!.phase}) and so never produced it` : 'never produced it';
    const wentOn =
      upFailed && Object.keys(rec(continueOn)).length
        ? ` The workflow went on anyway because ${r.step} has ` +
          `\`continueOn: ${JSON.stringify(continueOn).replace(/"/g, '')}\`.`
        : '';
    return `This step reads ${what} "${r.output}" of step ${r.step} ("${r.ref}"), but ${r.step} ${never}.${wentOn}`;
  },
  unresolvedAnyCause: (ref: string) =>
    `The reference "${ref}" could not be resolved: the value it points to was never produced.`,
  unresolvedFix: (r: OutputRef) =>
    `Fix ${r.step} so it writes "${r.output}", give that output a \`default\` (\`valueFrom: {default: ...}\`) ` +
    `for when it fails, or guard this step with \`when\`/\`depends\` on ${r.step} succeeding.`,
  upstreamLine: (up: BundleNode) =>
    `Upstream step ${up.displayName}: ${up.phase}${up.message ? ` — ${up.message}` : ''}`,
  lastLogLine: (line: string | undefined) => `Its last log line: ${line}`,
  upstreamCause: (up: BundleNode) => `The real problem is upstream, in step ${up.displayName}.`,
  upstreamLog: (up: BundleNode, lines: string[]) => `${up.displayName} log: ${lines.join(' / ')}`,
  silentCause: (up: BundleNode, sign: string) =>
    `The upstream step ${up.displayName} succeeded, but its log warns: "${sign}". ` +
    'It did not produce what this step needs.',
  silentEvidence: (up: BundleNode, sign: string) => `Upstream step ${up.displayName} (${up.phase}) log: ${sign}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** Groups: the reference, in Argo's "Unable to resolve" or "failed to resolve {{...}}" wording. */
const UNRESOLVED = anyOf([
  /Unable to resolve:? \\?"?\{?\{?([\w.\-[\]]+)\}?\}?\\?"?/,
  /failed to resolve \{\{([^}]+)\}\}/,
]);
const INPUT_ERROR = anyOf(
  [
    /EmptyDataError|FileNotFoundError|No such file|KeyError|0 rows/,
    /The specified key does not exist|NoSuchKey|no data/,
  ],
  'i',
);
const WARNING_SIGN = /Killed|\b0 (rows|records|lines|files)\b|skipped|empty|no data|WARNING/i;

function outputRef(ref: string): OutputRef | undefined {
  const parts = /^(steps|tasks)\.([\w-]+)\.outputs\.(parameters|artifacts)\.([\w-]+)/.exec(ref);
  return parts ? { ref, step: parts[2]!, kind: parts[3]!, output: parts[4]! } : undefined;
}

export const upstream: Detector = (f) => {
  const out: Finding[] = [];
  const related = f.bundle.relatedNodes ?? [];
  const unresolved = UNRESOLVED.exec(f.message);
  if (unresolved) {
    const ref = unresolved[1] ?? unresolved[2] ?? '';
    const r = outputRef(ref);
    const up = r ? related.find((n) => n.displayName === r.step || n.name?.endsWith(`.${r.step}`)) : undefined;
    const upFailed = !!up && isFailed(up.phase);
    out.push({
      id: 'unresolved-template-reference',
      score: 93,
      cause: r ? text.unresolvedCause(r, up, upFailed, rec(up?.stepHints).continueOn) : text.unresolvedAnyCause(ref),
      fix: r ? text.unresolvedFix(r) : undefined,
      evidence: [
        argoLine(f.message),
        ...(up ? [text.upstreamLine(up), ...(up.logTail ? [text.lastLogLine(lastLines(up.logTail, 1)[0])] : [])] : []),
      ],
    });
    if (up && (upFailed || up.phase === 'Succeeded'))
      out.push({
        id: 'upstream-silent-failure',
        score: 40,
        cause: text.upstreamCause(up),
        evidence: up.logTail ? [text.upstreamLog(up, lastLines(up.logTail, 2))] : [],
      });
  }
  // A step that fails on its input while an upstream step "succeeded" with warning signs.
  if (INPUT_ERROR.test(f.text) && !unresolved) {
    for (const up of related) {
      if (up.phase !== 'Succeeded' || !up.logTail) continue;
      const sign = lastLines(up.logTail, 50).find((x) => WARNING_SIGN.test(x));
      if (!sign) continue;
      out.push({
        id: 'upstream-silent-failure',
        score: 60,
        cause: text.silentCause(up, sign),
        evidence: [text.silentEvidence(up, sign)],
      });
      break;
    }
  }
  return out;
};
