// Two finished runs that cost money (with prices set): fine-tune-llm on the GPU node, whose train step was retried
// after a failed attempt and whose evaluate step failed, then the same workflow resubmitted (`argo resubmit`), which
// ran every step again, the ones that had succeeded included. Their prepare-data step ran on the spot node (priced
// with argoDoctor.cost.spotDiscount). Their pod nodes carry resourcesDuration as Argo's
// controller computes it (requests × run time: cpu in core-seconds, memory in 100Mi-seconds, GPUs in GPU-seconds).
import { argoNodeId } from '../../core/model/podName';
import { phaseLabels } from '../workflowLabels';
import type { KubeObject, ResourceKind, Scenario, WorldWriter } from '../world';
import { DEMO_NODES, DEMO_SPOT_NODE } from './cluster';

export const COSTLY_NS = 'ml-team';
export const COSTLY_ORIGINAL = 'fine-tune-llm-8kq2m';
export const COSTLY_RESUBMIT = 'fine-tune-llm-x9w3d';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

interface StepRes {
  cpu: number;
  memoryMi: number;
  gpu?: number;
  node: number;
}
const RES: Record<'prepare-data' | 'train' | 'evaluate', StepRes> = {
  'prepare-data': { cpu: 4, memoryMi: 16 * 1024, node: DEMO_NODES.indexOf(DEMO_SPOT_NODE) },
  train: { cpu: 8, memoryMi: 60 * 1024, gpu: 1, node: 3 },
  evaluate: { cpu: 2, memoryMi: 8 * 1024, node: 1 },
};

/** One attempt of a step: its minutes and how it ended. */
interface Attempt {
  minutes: number;
  phase: 'Succeeded' | 'Failed';
  message?: string;
}
type Plan = { prepare: Attempt; train: Attempt[]; evaluate: Attempt };

const template = (name: keyof typeof RES, image: string, command: string[]) => {
  const r = RES[name];
  const res = {
    cpu: String(r.cpu),
    memory: `${r.memoryMi / 1024}Gi`,
    ...(r.gpu ? { 'nvidia.com/gpu': String(r.gpu) } : {}),
  };
  return {
    name,
    ...(name === 'train' ? { retryStrategy: { limit: 2, retryPolicy: 'OnFailure' } } : {}),
    ...(r.gpu ? { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
    container: { image, command, resources: { requests: res, limits: res } },
  };
};

const spec = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      steps: [
        [{ name: 'prepare-data', template: 'prepare-data' }],
        [{ name: 'train', template: 'train' }],
        [{ name: 'evaluate', template: 'evaluate' }],
      ],
    },
    template('prepare-data', 'python:3.12.4', ['python', 'prepare.py']),
    template('train', 'pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime', ['torchrun', 'finetune.py']),
    template('evaluate', 'python:3.12.4', ['python', 'evaluate.py']),
  ],
};

/** Argo's resourcesDuration of a pod with these requests that ran this many seconds. */
function resourcesDuration(r: StepRes, seconds: number): Record<string, number> {
  return {
    cpu: Math.round(r.cpu * seconds),
    memory: Math.round((r.memoryMi / 100) * seconds),
    ...(r.gpu ? { 'nvidia.com/gpu': Math.round(r.gpu * seconds) } : {}),
  };
}

/** A finished run of fine-tune-llm, whole, as the controller leaves it. */
export function costlyRun(name: string, startMs: number, plan: Plan, labels: Record<string, string> = {}): KubeObject {
  const nodes: Record<string, Record<string, unknown>> = {};
  const total: Record<string, number> = {};
  let t = startMs + 5_000;
  let failed: string | undefined;
  const add = (n: Record<string, unknown> & { id: string }) => (nodes[n.id] = n);
  const pod = (nodeName: string, display: string, step: keyof typeof RES, a: Attempt, boundary: string) => {
    const start = t;
    const end = start + a.minutes * MIN;
    t = end + 3_000;
    const rd = resourcesDuration(RES[step], a.minutes * 60);
    for (const [k, v] of Object.entries(rd)) total[k] = (total[k] ?? 0) + v;
    const id = argoNodeId(name, nodeName);
    add({
      id,
      name: nodeName,
      displayName: display,
      type: 'Pod',
      templateName: step,
      templateScope: `local/${name}`,
      phase: a.phase,
      boundaryID: boundary,
      startedAt: iso(start),
      finishedAt: iso(end),
      hostNodeName: DEMO_NODES[RES[step].node]!.name,
      resourcesDuration: rd,
      progress: '1/1',
      outputs: { exitCode: a.phase === 'Succeeded' ? '0' : '1' },
      ...(a.message ? { message: a.message } : {}),
    });
    if (a.phase !== 'Succeeded' && !failed) failed = id;
    return id;
  };
  const group = (i: number, childIds: () => string[]) => {
    const groupName = `${name}[${i}]`;
    const id = argoNodeId(name, groupName);
    const start = t;
    const kids = childIds();
    add({
      id,
      name: groupName,
      displayName: `[${i}]`,
      type: 'StepGroup',
      templateName: 'main',
      phase: kids.every((k) => nodes[k]!.phase === 'Succeeded') ? 'Succeeded' : 'Failed',
      boundaryID: name,
      startedAt: iso(start),
      finishedAt: iso(t),
      children: kids,
    });
    return id;
  };
  const g0 = group(0, () => [pod(`${name}[0].prepare-data`, 'prepare-data', 'prepare-data', plan.prepare, name)]);
  const g1 = group(1, () => {
    const retryName = `${name}[1].train`;
    const retryId = argoNodeId(name, retryName);
    const start = t;
    const attempts = plan.train.map((a, i) => pod(`${retryName}(${i})`, `train(${i})`, 'train', a, name));
    const ok = plan.train[plan.train.length - 1]!.phase === 'Succeeded';
    add({
      id: retryId,
      name: retryName,
      displayName: 'train',
      type: 'Retry',
      templateName: 'train',
      phase: ok ? 'Succeeded' : 'Failed',
      boundaryID: name,
      startedAt: iso(start),
      finishedAt: iso(t),
      children: attempts,
    });
    return [retryId];
  });
  const g2 = group(2, () => [pod(`${name}[2].evaluate`, 'evaluate', 'evaluate', plan.evaluate, name)]);
  // As in Argo's graph: group i points at its steps, the steps of group i at group i+1 (a retried step through its
  // last attempt).
  for (const k of nodes[g0]!.children as string[]) nodes[k]!.children = [g1];
  const attempts = nodes[(nodes[g1]!.children as string[])[0]!]!.children as string[];
  nodes[attempts[attempts.length - 1]!]!.children = [g2];
  const phase = failed ? 'Failed' : 'Succeeded';
  add({
    id: name,
    name,
    displayName: name,
    type: 'Steps',
    templateName: 'main',
    phase,
    startedAt: iso(startMs),
    finishedAt: iso(t),
    children: [g0],
    resourcesDuration: total,
    ...(failed ? { message: `child '${failed}' failed` } : {}),
  });
  const pods = Object.values(nodes).filter((n) => n.type === 'Pod');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: COSTLY_NS,
      generateName: 'fine-tune-llm-',
      creationTimestamp: iso(startMs),
      labels: { ...labels, ...phaseLabels(phase) },
    },
    spec: structuredClone(spec),
    status: {
      phase,
      startedAt: iso(startMs),
      finishedAt: iso(t),
      progress: `${pods.filter((n) => n.phase === 'Succeeded').length}/${pods.length}`,
      resourcesDuration: total,
      nodes,
      ...(failed ? { message: `child '${failed}' failed` } : {}),
    },
  };
}

export function costlyRunsScenario(): Scenario {
  return {
    id: 'costly-runs',
    description:
      'fine-tune-llm in ml-team: a run on the GPU node whose train step failed once and was retried, then failed at ' +
      'evaluate, and its resubmit, which ran every step again; with prices set (argoDoctor.cost.*) the workflow ' +
      'panel shows what each cost, what went to the retry and to re-running steps that had succeeded, and ' +
      'prepare-data priced as a step on the spot node.',
    steps(start) {
      const t0 = start.getTime();
      const original = costlyRun(COSTLY_ORIGINAL, t0 - 6 * 60 * MIN, {
        prepare: { minutes: 12, phase: 'Succeeded' },
        train: [
          { minutes: 35, phase: 'Failed', message: 'main: Error (exit code 1): NCCL timeout' },
          { minutes: 98, phase: 'Succeeded' },
        ],
        evaluate: { minutes: 6, phase: 'Failed', message: 'main: Error (exit code 1): accuracy 0.71 < 0.75' },
      });
      const resubmit = costlyRun(
        COSTLY_RESUBMIT,
        t0 - 2 * 60 * MIN,
        {
          prepare: { minutes: 11, phase: 'Succeeded' },
          train: [{ minutes: 96, phase: 'Succeeded' }],
          evaluate: { minutes: 7, phase: 'Succeeded' },
        },
        { 'workflows.argoproj.io/resubmitted-from-workflow': COSTLY_ORIGINAL },
      );
      // Only what is missing is created: the player replays scenarios.
      const ensure = (w: WorldWriter, o: KubeObject) =>
        w.get(o.kind as ResourceKind, o.metadata.namespace, o.metadata.name) ?? w.put(o);
      return [{ atMs: 0, apply: (w) => [original, resubmit].forEach((o) => ensure(w, o)) }];
    },
  };
}
