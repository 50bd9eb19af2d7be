import { compareWorkflows } from './present';

export type GroupBy = 'none' | 'namespace' | 'phase';

export interface ListedWorkflow {
  key: string;
  namespace: string;
  phase: string;
  created?: string;
}

export interface WorkflowGroup {
  /** e.g. "argo" or "Failed"; empty when not grouped. */
  label: string;
  /** Keys in sidebar order: failed first, newest first. */
  keys: string[];
}

const PHASES = ['Failed', 'Error', 'Running', 'Pending', 'Succeeded'];

/**
 * The sidebar's layout: one group of all workflows (none), or groups by namespace (alphabetical) or by phase
 * (failures first), each sorted failed first and newest first.
 */
export function groupWorkflows(items: ListedWorkflow[], by: GroupBy): WorkflowGroup[] {
  const sorted = [...items].sort(compareWorkflows);
  if (by === 'none') return [{ label: '', keys: sorted.map((w) => w.key) }];
  const groups = new Map<string, string[]>();
  for (const w of sorted) {
    const label = by === 'namespace' ? w.namespace : w.phase;
    const keys = groups.get(label) ?? [];
    keys.push(w.key);
    groups.set(label, keys);
  }
  const rank = (label: string) =>
    by === 'phase' ? (PHASES.indexOf(label) + PHASES.length + 1) % (PHASES.length + 1) : 0;
  return [...groups]
    .map(([label, keys]) => ({ label, keys }))
    .sort((a, b) => rank(a.label) - rank(b.label) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
