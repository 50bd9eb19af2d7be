import type { Clock } from './clock';
import type { ScenarioPlayer } from './player';
import type { ObjectStore } from './store';
import { isRetry, runRetried } from './retryRun';
import { LABEL_COMPLETED, withPhaseLabels } from './workflowLabels';
import type { KubeObject, WorldWriter } from './world';

type WfStatus = {
  phase?: string;
  message?: string;
  finishedAt?: string;
  startedAt?: string;
  nodes?: Record<string, { phase?: string; message?: string; finishedAt?: string }>;
  progress?: string;
};

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

type Nodes = Record<string, Record<string, unknown>>;

/**
 * A workflow labelled completed is none of the controller's business any more, whoever labelled it: Argo v4.0.5 does
 * not reconcile it (controller.go `reconciliationNeeded`) and its operator aborts on the label (operator.go).
 */
const completed = (wf: KubeObject) => wf.metadata.labels?.[LABEL_COMPLETED] === 'true';
type World = WorldWriter;
/** Per demo cluster, the submitted workflows still running: what resumes each (see controllerReaction). */
const runs = new WeakMap<ObjectStore, Map<string, (w: World) => void>>();

/**
 * The little that the demo's "workflow controller" does beyond the scripted scenarios: stop/terminate a running
 * workflow when spec.shutdown is patched, and run a submitted (e.g. resubmitted) workflow to success through two
 * steps of 4 s each. As Argo's controller does, it starts no new step while spec.suspend is true: the step that
 * runs finishes, the next one starts when the workflow is resumed.
 */
export function controllerReaction(
  verb: string,
  obj: KubeObject,
  store: ObjectStore,
  player: ScenarioPlayer,
  clock: Clock,
  previous?: KubeObject,
): void {
  if (obj.kind !== 'Workflow' || completed(obj)) return;
  if (verb === 'update' && isRetry(previous, obj)) return runRetried(previous!, obj, player, clock);
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name;
  const spec = (obj.spec ?? {}) as { shutdown?: string; suspend?: boolean | null };
  const status = (obj.status ?? {}) as WfStatus;
  if (verb === 'patch' && spec.shutdown && (status.phase === 'Running' || status.phase === 'Pending')) {
    const now = iso(clock.now());
    const message = `Stopped with strategy '${spec.shutdown}'`;
    const nodes = Object.fromEntries(
      Object.entries(status.nodes ?? {}).map(([id, n]) => [
        id,
        n.phase === 'Running' || n.phase === 'Pending' ? { ...n, phase: 'Failed', message, finishedAt: now } : n,
      ]),
    );
    store.put(withPhaseLabels({ ...obj, status: { ...status, phase: 'Failed', message, finishedAt: now, nodes } }));
    // Argo then signals the running steps' containers (argoexec kill): main ends on SIGTERM with exit code 143.
    for (const pod of store.list('Pod', ns)) {
      const st = (pod.status ?? {}) as {
        phase?: string;
        containerStatuses?: { name: string; state?: { running?: { startedAt?: string } } }[];
      };
      if (pod.metadata.labels?.['workflows.argoproj.io/workflow'] !== name || st.phase !== 'Running') continue;
      const containerStatuses = (st.containerStatuses ?? []).map((c) =>
        c.state?.running
          ? {
              ...c,
              ready: false,
              state: {
                terminated: {
                  exitCode: c.name === 'main' ? 143 : 0,
                  reason: c.name === 'main' ? 'Error' : 'Completed',
                  startedAt: c.state.running.startedAt,
                  finishedAt: now,
                },
              },
            }
          : c,
      );
      store.put({ ...pod, status: { ...st, phase: 'Failed', containerStatuses } });
    }
    return;
  }
  const key = `${ns}/${name}`;
  const resume = runs.get(store)?.get(key);
  if (verb === 'patch' && resume && !spec.suspend && status.phase === 'Running') {
    // Resumed: start the next step if the one before has finished.
    player.at(clock.now().getTime() + 500, resume);
    return;
  }
  if (verb !== 'create' || status.phase) return;
  const start = clock.now().getTime();
  const entry = (obj.spec as { entrypoint?: string })?.entrypoint ?? 'main';
  const stepIds = [`${name}-step-1`, `${name}-step-2`];
  const stepNode = (i: number, phase: string, at: number, finishedAt?: number) => ({
    id: stepIds[i]!,
    name: `${name}[${i}].step-${i + 1}`,
    displayName: `step-${i + 1}`,
    type: 'Pod',
    templateName: entry,
    phase,
    boundaryID: name,
    startedAt: iso(new Date(at)),
    ...(finishedAt ? { finishedAt: iso(new Date(finishedAt)) } : {}),
  });
  const root = (phase: string, children: string[], finishedAt?: string) => ({
    id: name,
    name,
    displayName: name,
    type: 'Steps',
    templateName: entry,
    phase,
    startedAt: iso(new Date(start)),
    children,
    ...(finishedAt ? { finishedAt } : {}),
  });
  const put = (w: World, cur: KubeObject, st: WfStatus & { nodes?: Nodes }) =>
    w.put(withPhaseLabels({ ...cur, status: st }));
  const finishStep = (i: number) => (w: World) => {
    const cur = w.get('Workflow', ns, name);
    const st = (cur?.status ?? {}) as WfStatus & { nodes?: Nodes };
    if (!cur || completed(cur) || st.phase !== 'Running' || !st.nodes?.[stepIds[i]!]) return;
    const now = clock.now().getTime();
    const nodes = {
      ...st.nodes,
      [stepIds[i]!]: stepNode(i, 'Succeeded', Date.parse(String(st.nodes[stepIds[i]!]!.startedAt)), now),
    };
    put(w, cur, { ...st, nodes, progress: `${i + 1}/2` });
    advance(w);
  };
  // Starts the next step, or ends the workflow, unless it is suspended or a step still runs.
  const advance = (w: World) => {
    const cur = w.get('Workflow', ns, name);
    const st = (cur?.status ?? {}) as WfStatus & { nodes?: Nodes };
    if (!cur || completed(cur) || st.phase !== 'Running' || (cur.spec as { suspend?: boolean })?.suspend) return;
    const nodes = st.nodes ?? {};
    if (stepIds.some((id) => nodes[id]?.phase === 'Running')) return;
    const next = stepIds.findIndex((id) => !nodes[id]);
    const now = clock.now().getTime();
    if (next < 0) {
      const done = iso(clock.now());
      put(w, cur, {
        ...st,
        phase: 'Succeeded',
        finishedAt: done,
        progress: '2/2',
        nodes: { ...nodes, [name]: root('Succeeded', stepIds, done) },
      });
      runs.get(store)?.delete(key);
      return;
    }
    put(w, cur, {
      ...st,
      nodes: {
        ...nodes,
        [name]: root('Running', stepIds.slice(0, next + 1)),
        [stepIds[next]!]: stepNode(next, 'Running', now),
      },
    });
    player.at(now + 4000, finishStep(next));
  };
  if (!runs.has(store)) runs.set(store, new Map());
  runs.get(store)!.set(key, advance);
  player.at(start + 1000, (w) => {
    const cur = w.get('Workflow', ns, name);
    if (!cur || completed(cur)) return;
    put(w, cur, {
      phase: 'Running',
      startedAt: iso(new Date(start)),
      progress: '0/2',
      nodes: { [name]: root('Running', []) },
    });
    advance(w);
  });
}
