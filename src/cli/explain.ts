import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleProblems, normalizeBundle, type EvidenceBundle } from '../core/diagnose/bundle';
import { diagnose } from '../core/diagnose/diagnose';
import { reportMarkdown, reportText } from '../core/diagnose/report';
import { Exit, type CliCommand, type CliIO } from './io';

const USAGE = `Usage: argo-doctor explain [--format text|json|markdown] BUNDLE.json

Explains why a workflow step failed, or what a step or workflow that has not ended waits for (a semaphore, a
mutex, a parallelism slot, a suspend step, a retry backoff, a node...), from an evidence bundle (written by
"Argo: Export Failure Bundle" in VS Code, or by hand with the same shape: workflowNode, pod, events, node,
logTail, relatedNodes, and for a waiting workflow: workflow, related; workflowNode null when no step exists).

Options:
  --format text|json|markdown  Output format (default text). json: {rootCause, secondaryCauses, confidence,
                               cause, evidence, fixes, docs}: the cause in plain words, what to change apart;
                               and waiting: "waiting for ..." in one line when it has not ended.
  -h, --help                   Show this help

Exit codes: 0 explained, 2 usage error or unreadable bundle.
`;

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Explain why a workflow step failed or waits, from an evidence bundle',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let format = 'text';
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--format' || a.startsWith('--format=')) {
        format = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? '');
        if (!['text', 'json', 'markdown'].includes(format)) {
          io.stderr(`argo-doctor explain: unknown format '${format}' (text, json or markdown)\n`);
          return Exit.usage;
        }
      } else if (a.startsWith('-')) {
        io.stderr(`argo-doctor explain: unknown option '${a}'\n\n${USAGE}`);
        return Exit.usage;
      } else files.push(a);
    }
    if (files.length !== 1) {
      io.stderr(`argo-doctor explain: give exactly one BUNDLE.json\n\n${USAGE}`);
      return Exit.usage;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.resolve(io.cwd, files[0]!), 'utf8')) as unknown;
    } catch (e) {
      io.stderr(`argo-doctor explain: cannot read ${files[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
      return Exit.usage;
    }
    const problems = bundleProblems(raw);
    if (problems.length) {
      io.stderr(
        `argo-doctor explain: cannot read ${files[0]} as an evidence bundle:\n` +
          problems.map((p) => `  - ${p}\n`).join(''),
      );
      return Exit.usage;
    }
    const bundle: EvidenceBundle = normalizeBundle(raw);
    const d = diagnose(bundle);
    const wf = bundle.workflow;
    const meta = wf && typeof wf === 'object' ? (wf.metadata as Record<string, unknown> | undefined) : undefined;
    const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const subject = {
      step: text(bundle.workflowNode?.displayName) ?? text(bundle.workflowNode?.name),
      workflow: typeof wf === 'string' ? wf : text(meta?.name),
      namespace: bundle.workflowNode ? undefined : text(meta?.namespace),
    };
    io.stdout(
      format === 'json'
        ? `${JSON.stringify(d, null, 2)}\n`
        : format === 'markdown'
          ? reportMarkdown(d, subject)
          : reportText(d, subject),
    );
    return Exit.ok;
  },
};
