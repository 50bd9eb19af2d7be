// What the workflow and step pickers list, in which order and with which words. Pure, so the order (failed first,
// then running, newest first) is tested without VS Code.
import type { ArgoNode } from './argoNode';
import { isFailed } from './phase';
import { formatDuration } from './present';
import type { Workflow } from './workflow';

export interface PickItem<T> {
  label: string;
  description: string;
  detail?: string;
  value: T;
}

const rankOf = (phase: string | undefined) =>
  isFailed(phase) ? 0 : phase === 'Running' ? 1 : phase === 'Pending' ? 2 : 3;
const iconOf = (phase: string | undefined) =>
  phase === 'Failed'
    ? 'error'
    : phase === 'Error'
      ? 'warning'
      : phase === 'Running'
        ? 'sync'
        : phase === 'Succeeded'
          ? 'pass'
          : 'clock';

/**
 * Workflows to pick from: failed first, then running, pending, the rest; newest first within each. A failed one says
 * which step failed and how (more than Argo's "child '…' failed"), and how long ago it ended.
 */
export function workflowPickItems(
  workflows: Iterable<Workflow>,
  failedStep: (wf: Workflow) => ArgoNode | undefined,
  now: Date,
): PickItem<Workflow>[] {
  return [...workflows]
    .sort(
      (a, b) =>
        rankOf(a.status?.phase) - rankOf(b.status?.phase) ||
        String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')),
    )
    .map((w) => {
      const phase = w.status?.phase || 'Pending';
      const ended = w.status?.finishedAt ? Date.parse(w.status.finishedAt) : NaN;
      const ago = Number.isNaN(ended) ? '' : ` · ended ${formatDuration(now.getTime() - ended)} ago`;
      const step = isFailed(phase) ? failedStep(w) : undefined;
      const detail = step ? `${step.displayName ?? step.name}: ${step.message ?? step.phase}` : w.status?.message;
      return {
        label: `$(${iconOf(phase)}) ${w.metadata?.name ?? ''}`,
        description: `${phase} · ${w.metadata?.namespace ?? ''}${ago}`,
        ...(detail ? { detail } : {}),
        value: w,
      };
    });
}

/**
 * Steps to pick from, of the given node types: failed first, then running, then the rest in start order; at most
 * `max` of them (a workflow may have 100,000 steps, and a quick pick sends every item to the editor).
 */
export function stepPickItems(
  nodes: Iterable<ArgoNode>,
  types: readonly string[],
  max = Infinity,
): PickItem<ArgoNode>[] {
  const start = (n: ArgoNode) => n.startedAt ?? '';
  return [...nodes]
    .filter((n) => types.includes(n.type ?? ''))
    .sort((a, b) => rankOf(a.phase) - rankOf(b.phase) || (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0))
    .slice(0, max)
    .map((n) => ({
      label: `$(${iconOf(n.phase)}) ${n.displayName ?? n.name ?? n.id}`,
      description: [n.phase, n.type].filter(Boolean).join(' · '),
      ...(n.message ? { detail: n.message } : {}),
      value: n,
    }));
}
