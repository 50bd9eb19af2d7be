// Exit codes: the user's program (or a sidecar) ended with a failure code; what the code itself says.
import { exitOf, type Detector, type Finding } from './common';
import { argoEvidence, logEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  sidecarCause: (name: string, code: number) => `The sidecar container ${name} failed with exit code ${code}.`,
  sidecarEvidence: (name: string, code: number) => `Container ${name}: exit code ${code}`,
  mainCause: (code: number | string | undefined) =>
    `Your program exited with code ${code}: the failure is inside the step's own code or its input.`,
  codeCause: (code: number) =>
    code === 137
      ? 'Exit code 137 means the container got SIGKILL, and it was not OOMKilled: something else killed it.'
      : code === 143
        ? 'Exit code 143 means the container got SIGTERM: it was asked to stop.'
        : undefined,
  codeEvidence: (code: number, container: string | undefined) =>
    `Exit code ${code}${container ? ` of container ${container}` : ''}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** The exit codes that mean something of their own: signature id and score. */
const BY_CODE: Record<number, [string, number]> = {
  1: ['exit-code-1', 28],
  2: ['exit-code-2', 35],
  126: ['exit-code-126', 62],
  127: ['exit-code-127', 62],
  134: ['exit-code-134', 52],
  137: ['exit-code-137-not-oom', 45],
  139: ['exit-code-139', 56],
  143: ['exit-code-143', 38],
};

export const exitCode: Detector = (f) => {
  const out: Finding[] = [];
  const { container: c, code, reason } = exitOf(f);
  const known = Number.isFinite(code);
  if (c && c.kind === 'sidecar' && known && code !== 0 && code !== 137 && code !== 143)
    out.push({
      id: 'sidecar-failed',
      score: 76,
      cause: text.sidecarCause(c.name, code),
      evidence: [text.sidecarEvidence(c.name, code)],
    });
  const mainMsg = /^(main: )?Error \(exit code (\d+)\)/.exec(f.message);
  if ((c?.kind === 'main' && reason !== 'OOMKilled' && known && code !== 0) || mainMsg)
    out.push({
      id: 'main-exit-nonzero',
      score: 50,
      cause: text.mainCause(known ? code : mainMsg?.[2]),
      evidence: [...argoEvidence(f), ...logEvidence(f, 8)],
    });
  const hit = known && reason !== 'OOMKilled' ? BY_CODE[code] : undefined;
  if (hit)
    out.push({
      id: hit[0],
      score: hit[1],
      cause: text.codeCause(code),
      evidence: [text.codeEvidence(code, c?.name)],
    });
  return out;
};
