// Out of memory: a container used more memory than its limit and the kernel killed it (OOMKilled, exit 137).
import { arr, rec, str } from '../../model/json';
import type { Container, Facts } from '../bundle';
import { memoryLimit, stagedArtifacts, type Detector, type Finding } from './common';
import { argoLine, logEvidence } from './texts';
import { memoryUsedLine } from '../usageEvidence';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  container: (c: Container, limit: string) =>
    `Container ${c.name}: ${c.state} (${c.reason || c.last?.reason}), ` +
    `exit code ${c.exitCode ?? c.last?.exitCode ?? 137}${limit ? `; memory limit ${limit}` : ''}`,
  mainCause: (name: string, limit: string) =>
    `The ${name} container was OOMKilled (exit code 137): ` +
    `it used more memory than its memory limit${limit ? ` of ${limit}` : ''}, and the kernel killed it.`,
  mainFix: (limit: string, template: string | undefined) =>
    `Raise \`resources.limits.memory\` (and \`resources.requests.memory\`)${limit ? ` above ${limit}` : ''} ` +
    `for template ${template ?? 'of this step'}, or make the step use less memory ` +
    '(read the data in chunks, select fewer columns, stream instead of loading everything).',
  waitCause: (mainExit: number | undefined, artifacts: string[], limit: string) => {
    const exit = mainExit === 0 ? 'exit 0' : `exit ${mainExit ?? '?'}`;
    const names = artifacts.length ? ` (${[...new Set(artifacts)].join(', ')})` : '';
    return (
      `Your code finished (main ${exit}), but Argo's wait container was OOMKilled (exit code 137) ` +
      `while saving the output artifact${artifacts.length === 1 ? '' : 's'}${names}: ` +
      `it needs more executor memory than it has${limit ? ` (limit ${limit})` : ''}.`
    );
  },
  initCause: () =>
    "Argo's init container was OOMKilled (exit code 137) while preparing the inputs, before your code ran.",
};

// ---- detection ------------------------------------------------------------------------------------------------
const CORE = ['init', 'wait', 'main'];

/** The containers the kernel killed, by name: from their states, or from Argo's message when the pod is gone. */
function killedContainers(f: Facts): Set<string> {
  const prefixed = /(?:^|\b)(init|wait|main|[\w-]+): OOMKilled \(exit code 137\)/.exec(f.message);
  const killed = f.containers.filter((c) => c.reason === 'OOMKilled' || c.last?.reason === 'OOMKilled');
  return new Set([
    ...killed.map((c) => c.name),
    ...(prefixed ? [prefixed[1]!] : !killed.length && /OOMKilled/.test(f.message) ? ['main'] : []),
  ]);
}

/** The output artifacts the wait container was saving. */
function outputArtifacts(f: Facts): string[] {
  return [
    ...arr(rec(f.bundle.templateOutputs).artifacts).map((a) => str(rec(a).name)),
    ...stagedArtifacts(f.log),
  ].filter(Boolean);
}

export const oom: Detector = (f) => {
  const out: Finding[] = [];
  for (const name of killedContainers(f)) {
    const c = f.containers.find((x) => x.name === name);
    const kind = c?.kind ?? (CORE.includes(name) ? name : 'sidecar');
    const limit = memoryLimit(c);
    const evidence = [
      ...[
        f.message ? argoLine(f.message) : '',
        c ? text.container(c, limit) : '',
        memoryUsedLine(f, name, limit) ?? '',
      ].filter(Boolean),
      ...logEvidence(f),
    ];
    if (kind === 'main' || kind === 'sidecar')
      out.push({
        id: 'oom-killed-main',
        score: 96,
        cause: text.mainCause(name, limit),
        fix: text.mainFix(limit, f.step.templateName),
        evidence,
      });
    else if (kind === 'wait') {
      const main = f.containers.find((x) => x.kind === 'main');
      out.push({
        id: 'oom-killed-wait',
        score: 96,
        cause: text.waitCause(main?.exitCode, outputArtifacts(f), limit),
        evidence,
      });
    } else out.push({ id: 'oom-killed-init', score: 96, cause: text.initCause(), evidence });
  }
  return out;
};
