// What the demo's "controller" does with a retried workflow (`argo retry`, or the extension's Retry Failed Steps: the
// workflow written back with no phase, its failed steps removed, the groups above them reset to Running): it runs
// the removed steps again under their old node ids, on their old nodes, each for 4 s, and they succeed (in the demo
// the failures were the cluster's doing); then the groups and the workflow succeed. The steps that had succeeded
// keep their results.
import type { Clock } from './clock';
import type { ScenarioPlayer } from './player';
import { LABEL_COMPLETED, withPhaseLabels } from './workflowLabels';
import type { KubeObject, WorldWriter } from './world';

type Node = Record<string, unknown> & { id?: string; type?: string; phase?: string; children?: string[] };
type Nodes = Record<string, Node>;

const STEP_MS = 4000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const nodesOf = (wf: KubeObject | undefined): Nodes =>
  ((wf?.status as { nodes?: Nodes } | undefined)?.nodes ?? {}) as Nodes;
const phaseOf = (wf: KubeObject | undefined) => (wf?.status as { phase?: string } | undefined)?.phase ?? '';

/** Whether `next` is a retry of `previous`: a finished, failed workflow written back without a phase. */
export function isRetry(previous: KubeObject | undefined, next: KubeObject): boolean {
  return (
    !!previous &&
    /^(Failed|Error)$/.test(phaseOf(previous)) &&
    !phaseOf(next) &&
    next.metadata.labels?.[LABEL_COMPLETED] !== 'true'
  );
}

/** Runs a retried workflow: the steps the retry removed run again and succeed. */
export function runRetried(previous: KubeObject, next: KubeObject, player: ScenarioPlayer, clock: Clock): void {
  const ns = next.metadata.namespace;
  const name = next.metadata.name;
  const before = nodesOf(previous);
  const kept = nodesOf(next);
  const rerun = Object.values(before).filter((n) => n.type === 'Pod' && n.id && !kept[n.id]);
  const start = clock.now().getTime();
  const current = (w: WorldWriter) => {
    const cur = w.get('Workflow', ns, name);
    return cur && cur.metadata.labels?.[LABEL_COMPLETED] !== 'true' ? cur : undefined;
  };
  const write = (w: WorldWriter, cur: KubeObject, status: Record<string, unknown>) =>
    w.put(withPhaseLabels({ ...cur, status: { ...(cur.status as object), ...status } }));
  // The controller takes it up: Running, the removed steps started again, linked back under their parents.
  player.at(start + 1000, (w) => {
    const cur = current(w);
    if (!cur) return;
    const nodes: Nodes = { ...nodesOf(cur) };
    for (const n of rerun)
      nodes[n.id!] = { ...n, phase: 'Running', startedAt: iso(start + 1000), finishedAt: null, message: undefined };
    for (const [id, old] of Object.entries(before)) {
      if (!nodes[id]) continue;
      const children = new Set([...(nodes[id]!.children ?? []), ...(old.children ?? []).filter((c) => nodes[c])]);
      nodes[id] = { ...nodes[id]!, children: [...children] };
    }
    write(w, cur, { phase: 'Running', nodes });
  });
  // The steps succeed; then every group still running, and the workflow.
  player.at(start + 1000 + STEP_MS, (w) => {
    const cur = current(w);
    if (!cur) return;
    const end = iso(clock.now().getTime());
    const nodes = Object.fromEntries(
      Object.entries(nodesOf(cur)).map(([id, n]) => [
        id,
        n.phase === 'Running' || n.phase === 'Pending' ? { ...n, phase: 'Succeeded', finishedAt: end } : n,
      ]),
    );
    const pods = Object.values(nodes).filter((n) => n.type === 'Pod');
    const done = pods.filter((n) => n.phase === 'Succeeded').length;
    write(w, cur, { phase: 'Succeeded', finishedAt: end, nodes, progress: `${done}/${pods.length}` });
  });
}
