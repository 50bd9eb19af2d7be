// The namespace `crowded`, for the sidebar's scale-health insights: 300 finished runs of report-export kept without a
// ttlStrategy or podGC (one every two hours, going back 25 days), and bulk-ingest, running, whose fan-out of 3,200
// shards has no parallelism and whose node status makes the object about 1.2 MB, near etcd's 1.5 MB limit.
import { argoNodeId } from '../../core/model/podName';
import { phaseLabels } from '../workflowLabels';
import type { KubeObject, ResourceKind, Scenario, WorldWriter } from '../world';
import { DEMO_NODES, namespaceObject } from './cluster';

export const CROWDED_NS = 'crowded';
export const CROWDED_FINISHED = 300;
export const BULK_SHARDS = 3200;
export const BULK_INGEST = 'bulk-ingest-5tq8n';

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A small finished run of report-export (no ttlStrategy, no podGC: it stays until someone deletes it). */
function reportRun(i: number, startMs: number): KubeObject {
  const name = `report-export-${String(i).padStart(5, '0')}`;
  const phase = i % 12 === 7 ? 'Failed' : 'Succeeded';
  const podName = `${name}[0].export`;
  const podId = argoNodeId(name, podName);
  const groupId = argoNodeId(name, `${name}[0]`);
  const end = startMs + 4 * MIN;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: CROWDED_NS, creationTimestamp: iso(startMs), labels: phaseLabels(phase) },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'export', template: 'export' }]] },
        { name: 'export', container: { image: 'python:3.12.4', command: ['python', 'export.py'] } },
      ],
    },
    status: {
      phase,
      startedAt: iso(startMs),
      finishedAt: iso(end),
      progress: phase === 'Succeeded' ? '1/1' : '0/1',
      resourcesDuration: { cpu: 24, memory: 240 },
      ...(phase === 'Failed' ? { message: `child '${podId}' failed` } : {}),
      nodes: {
        [name]: {
          id: name,
          name,
          displayName: name,
          type: 'Steps',
          templateName: 'main',
          phase,
          startedAt: iso(startMs),
          finishedAt: iso(end),
          children: [groupId],
        },
        [groupId]: {
          id: groupId,
          name: `${name}[0]`,
          displayName: '[0]',
          type: 'StepGroup',
          templateName: 'main',
          phase,
          boundaryID: name,
          startedAt: iso(startMs),
          finishedAt: iso(end),
          children: [podId],
        },
        [podId]: {
          id: podId,
          name: podName,
          displayName: 'export',
          type: 'Pod',
          templateName: 'export',
          phase,
          boundaryID: name,
          startedAt: iso(startMs + 2_000),
          finishedAt: iso(end),
          hostNodeName: DEMO_NODES[i % 3]!.name,
          resourcesDuration: { cpu: 24, memory: 240 },
          ...(phase === 'Failed' ? { message: 'main: Error (exit code 1)' } : {}),
        },
      },
    },
  };
}

/** bulk-ingest, running: one step group of BULK_SHARDS pods started at once (no parallelism). */
export function bulkIngest(startMs: number): KubeObject {
  const name = BULK_INGEST;
  const groupName = `${name}[0]`;
  const groupId = argoNodeId(name, groupName);
  const nodes: Record<string, Record<string, unknown>> = {};
  const shards: string[] = [];
  let done = 0;
  for (let i = 0; i < BULK_SHARDS; i++) {
    const nodeName = `${groupName}.ingest-shard(${i}:shard-${String(i).padStart(4, '0')})`;
    const id = argoNodeId(name, nodeName);
    const phase = i < 1400 ? 'Succeeded' : i < 2100 ? 'Running' : 'Pending';
    if (phase === 'Succeeded') done++;
    shards.push(id);
    nodes[id] = {
      id,
      name: nodeName,
      displayName: `ingest-shard(${i}:shard-${String(i).padStart(4, '0')})`,
      type: 'Pod',
      templateName: 'ingest-shard',
      templateScope: `local/${name}`,
      phase,
      boundaryID: name,
      startedAt: iso(startMs + 5_000),
      ...(phase === 'Succeeded' ? { finishedAt: iso(startMs + 5_000 + (20 + (i % 17)) * MIN) } : {}),
      ...(phase !== 'Pending' ? { hostNodeName: DEMO_NODES[i % 3]!.name } : {}),
      inputs: { parameters: [{ name: 'shard', value: `shard-${String(i).padStart(4, '0')}` }] },
    };
  }
  nodes[groupId] = {
    id: groupId,
    name: groupName,
    displayName: '[0]',
    type: 'StepGroup',
    templateName: 'main',
    phase: 'Running',
    boundaryID: name,
    startedAt: iso(startMs + 5_000),
    children: shards,
  };
  nodes[name] = {
    id: name,
    name,
    displayName: name,
    type: 'Steps',
    templateName: 'main',
    phase: 'Running',
    startedAt: iso(startMs),
    children: [groupId],
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: CROWDED_NS,
      creationTimestamp: iso(startMs),
      labels: phaseLabels('Running'),
    },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [[{ name: 'ingest-shard', template: 'ingest-shard', withSequence: { count: String(BULK_SHARDS) } }]],
        },
        {
          name: 'ingest-shard',
          inputs: { parameters: [{ name: 'shard' }] },
          container: { image: 'python:3.12.4', command: ['python', 'ingest.py'] },
        },
      ],
    },
    status: {
      phase: 'Running',
      startedAt: iso(startMs),
      progress: `${done}/${BULK_SHARDS}`,
      nodes,
    },
  };
}

export function crowdedNamespaceScenario(): Scenario {
  return {
    id: 'crowded-namespace',
    description:
      `The namespace ${CROWDED_NS}: ${CROWDED_FINISHED} finished report-export runs kept without ttlStrategy or ` +
      `podGC (25 days of them), and bulk-ingest, running a fan-out of ${BULK_SHARDS.toLocaleString('en-US')} pods ` +
      'without parallelism whose status is near the size limit of an object: the sidebar shows them as insights.',
    steps(start) {
      const t0 = start.getTime();
      const ensure = (w: WorldWriter, o: KubeObject) =>
        w.get(o.kind as ResourceKind, o.metadata.namespace, o.metadata.name) ?? w.put(o);
      return [
        {
          atMs: 0,
          apply: (w) => {
            ensure(w, namespaceObject(CROWDED_NS));
            for (let i = 0; i < CROWDED_FINISHED; i++) {
              const at = t0 - (i + 1) * 2 * HOUR;
              if (!w.get('Workflow', CROWDED_NS, `report-export-${String(i).padStart(5, '0')}`))
                w.put(reportRun(i, at));
            }
            ensure(w, bulkIngest(t0 - 45 * MIN));
          },
        },
      ];
    },
  };
}
