import type { Clock } from './clock';
import type { ScenarioPlayer } from './player';
import type { ObjectStore } from './store';
import type { KubeObject } from './world';

type WfStatus = { phase?: string; message?: string; finishedAt?: string; startedAt?: string; nodes?: Record<string, { phase?: string; message?: string; finishedAt?: string }>; progress?: string };

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The little that the demo's "workflow controller" does beyond the scripted scenarios: stop/terminate a running
 * workflow when spec.shutdown is patched, and run a submitted (e.g. resubmitted) workflow to success.
 */
export function controllerReaction(verb: string, obj: KubeObject, store: ObjectStore, player: ScenarioPlayer, clock: Clock): void {
  if (obj.kind !== 'Workflow') return;
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name;
  const spec = (obj.spec ?? {}) as { shutdown?: string };
  const status = (obj.status ?? {}) as WfStatus;
  if (verb === 'patch' && spec.shutdown && (status.phase === 'Running' || status.phase === 'Pending')) {
    const now = iso(clock.now());
    const message = `Stopped with strategy '${spec.shutdown}'`;
    const nodes = Object.fromEntries(
      Object.entries(status.nodes ?? {}).map(([id, n]) => [id, n.phase === 'Running' || n.phase === 'Pending' ? { ...n, phase: 'Failed', message, finishedAt: now } : n]),
    );
    store.put({ ...obj, status: { ...status, phase: 'Failed', message, finishedAt: now, nodes } });
    return;
  }
  if (verb === 'create' && !status.phase) {
    const start = clock.now().getTime();
    const node = (phase: string, finishedAt?: string) => ({
      [name]: { id: name, name, displayName: name, type: 'Pod', templateName: (obj.spec as { entrypoint?: string })?.entrypoint ?? 'main', phase, startedAt: iso(new Date(start)), ...(finishedAt ? { finishedAt } : {}) },
    });
    player.at(start + 1000, (w) => {
      const cur = w.get('Workflow', ns, name);
      if (cur) w.put({ ...cur, status: { phase: 'Running', startedAt: iso(new Date(start)), progress: '0/1', nodes: node('Running') } });
    });
    player.at(start + 8000, (w) => {
      const cur = w.get('Workflow', ns, name);
      const st = (cur?.status ?? {}) as WfStatus;
      if (cur && st.phase === 'Running') w.put({ ...cur, status: { ...st, phase: 'Succeeded', progress: '1/1', finishedAt: iso(clock.now()), nodes: node('Succeeded', iso(clock.now())) } });
    });
  }
}
