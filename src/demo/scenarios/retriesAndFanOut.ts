import { gzipSync } from 'node:zlib';
import type { KubeObject, Scenario } from '../world';
import { eventObject } from './cluster';
import { argoNodeId, argoPodName } from '../../core/model/podName';
import { phaseLabels } from '../workflowLabels';

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const runName = (prefix: string, start: Date) => `${prefix}-${start.getTime().toString(36).slice(-5)}`;

/**
 * A step retried three times, each attempt failing for another reason (a flaky API, then out of memory, then the
 * API again) until Argo gives up: "No more retries left".
 */
export const retriesExhausted: Scenario = {
  id: 'retries-exhausted',
  description: 'A scoring step retried 3 times, each attempt failing differently, until "No more retries left".',
  expectedRootCause: 'retries-exhausted',
  steps(start) {
    const ns = 'ml-team';
    const wf = runName('batch-scoring', start);
    const retryName = `${wf}.score`;
    const retryId = argoNodeId(wf, retryName);
    const attempts = [
      {
        code: 1,
        reason: 'Error',
        message: 'main: Error (exit code 1)',
        log: [
          'INFO score: calling feature service',
          "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='features.internal', port=443): Max retries exceeded",
        ],
      },
      {
        code: 137,
        reason: 'OOMKilled',
        message: 'main: OOMKilled (exit code 137)',
        log: ['INFO score: loading model (1.9 GB)', 'INFO score: scoring 4,000,000 rows in one batch'],
      },
      {
        code: 1,
        reason: 'Error',
        message: 'main: Error (exit code 1)',
        log: [
          'INFO score: calling feature service',
          "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='features.internal', port=443): Read timed out. (read timeout=30)",
        ],
      },
    ];
    const t = (ms: number) => iso(new Date(start.getTime() + ms));
    const nodes: Record<string, Record<string, unknown>> = {
      [wf]: {
        id: wf,
        name: wf,
        displayName: wf,
        type: 'Steps',
        templateName: 'main',
        phase: 'Failed',
        startedAt: t(0),
        finishedAt: t(40_000),
        children: [argoNodeId(wf, `${wf}[0]`)],
        message: `child '${retryId}' failed`,
      },
      [argoNodeId(wf, `${wf}[0]`)]: {
        id: argoNodeId(wf, `${wf}[0]`),
        name: `${wf}[0]`,
        displayName: '[0]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Failed',
        boundaryID: wf,
        startedAt: t(0),
        finishedAt: t(40_000),
        children: [retryId],
      },
      [retryId]: {
        id: retryId,
        name: retryName,
        displayName: 'score',
        type: 'Retry',
        templateName: 'score',
        phase: 'Failed',
        boundaryID: wf,
        startedAt: t(0),
        finishedAt: t(40_000),
        message: 'No more retries left',
        children: attempts.map((_, i) => argoNodeId(wf, `${retryName}(${i})`)),
      },
    };
    const objects: KubeObject[] = [];
    attempts.forEach((a, i) => {
      const name = `${retryName}(${i})`;
      const id = argoNodeId(wf, name);
      const pod = argoPodName(wf, name, 'score');
      nodes[id] = {
        id,
        name,
        displayName: `score(${i})`,
        type: 'Pod',
        templateName: 'score',
        phase: 'Failed',
        boundaryID: wf,
        startedAt: t(i * 13_000),
        finishedAt: t(i * 13_000 + 10_000),
        message: a.message,
        hostNodeName: 'ip-10-0-2-41.ec2.internal',
        outputs: { exitCode: String(a.code) },
      };
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: pod,
          namespace: ns,
          labels: { 'workflows.argoproj.io/workflow': wf, 'workflows.argoproj.io/completed': 'true' },
          annotations: { 'workflows.argoproj.io/node-id': id, 'workflows.argoproj.io/node-name': name },
        },
        spec: {
          nodeName: 'ip-10-0-2-41.ec2.internal',
          restartPolicy: 'Never',
          initContainers: [{ name: 'init', image: 'quay.io/argoproj/argoexec:v3.6.2' }],
          containers: [
            { name: 'wait', image: 'quay.io/argoproj/argoexec:v3.6.2' },
            {
              name: 'main',
              image: 'registry.example.com/ml/scoring:1.8.0',
              resources: { requests: { memory: '2Gi', cpu: '1' }, limits: { memory: '2Gi' } },
            },
          ],
        },
        status: {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'main',
              ready: false,
              restartCount: 0,
              image: 'registry.example.com/ml/scoring:1.8.0',
              state: {
                terminated: {
                  exitCode: a.code,
                  reason: a.reason,
                  startedAt: t(i * 13_000 + 1000),
                  finishedAt: t(i * 13_000 + 10_000),
                },
              },
            },
            {
              name: 'wait',
              ready: false,
              restartCount: 0,
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      });
    });
    return [
      {
        atMs: 40_000,
        apply: (w) => {
          for (const o of objects) w.put(o);
          attempts.forEach((a, i) => w.appendLog(ns, objects[i]!.metadata.name, 'main', a.log));
          w.put({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            metadata: {
              name: wf,
              namespace: ns,
              labels: { team: 'ml', ...phaseLabels('Failed') },
              annotations: { 'workflows.argoproj.io/description': retriesExhausted.description },
            },
            spec: {
              entrypoint: 'main',
              templates: [
                { name: 'main', steps: [[{ name: 'score', template: 'score' }]] },
                {
                  name: 'score',
                  retryStrategy: { limit: 2, retryPolicy: 'Always' },
                  container: { image: 'registry.example.com/ml/scoring:1.8.0' },
                },
              ],
            },
            status: {
              phase: 'Failed',
              startedAt: t(0),
              finishedAt: t(40_000),
              progress: '0/3',
              message: `child '${retryId}' failed`,
              nodes,
            },
          });
          w.put(
            eventObject({
              namespace: ns,
              involved: { kind: 'Workflow', name: wf },
              reason: 'WorkflowFailed',
              message: `child '${retryId}' failed`,
              type: 'Warning',
              component: 'workflow-controller',
              at: new Date(start.getTime() + 40_000),
            }),
          );
        },
      },
      {
        atMs: 280_000,
        apply: (w) => {
          w.remove('Workflow', ns, wf);
          for (const o of objects) w.remove('Pod', ns, o.metadata.name);
        },
      },
    ];
  },
};

/**
 * A fan-out over 3,000 items (some failed), with its node status compressed as the controller does for large
 * workflows (status.compressedNodes: base64 of gzipped JSON).
 */
export const largeFanOut: Scenario = {
  id: 'large-fan-out',
  description: 'A withItems fan-out over 3,000 partitions, 17 of them failed; node status stored compressed.',
  // Each failed item is its own code failing (exit code 1).
  expectedRootCause: 'main-exit-nonzero',
  steps(start) {
    const ns = 'argo';
    const wf = runName('backfill-partitions', start);
    const t = (ms: number) => iso(new Date(start.getTime() + ms));
    const groupId = argoNodeId(wf, `${wf}[0]`);
    const nodes: Record<string, Record<string, unknown>> = {
      [wf]: {
        id: wf,
        name: wf,
        displayName: wf,
        type: 'Steps',
        templateName: 'main',
        phase: 'Failed',
        startedAt: t(0),
        finishedAt: t(120_000),
        children: [groupId],
      },
      [groupId]: {
        id: groupId,
        name: `${wf}[0]`,
        displayName: '[0]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Failed',
        boundaryID: wf,
        startedAt: t(0),
        finishedAt: t(120_000),
        children: [] as string[],
      },
    };
    for (let i = 0; i < 3000; i++) {
      const name = `${wf}[0].backfill(${i}:2026-${String((i % 12) + 1).padStart(2, '0')}-p${i})`;
      const id = argoNodeId(wf, name);
      const failed = i % 177 === 13;
      (nodes[groupId]!.children as string[]).push(id);
      nodes[id] = {
        id,
        name,
        displayName: `backfill(${i}:2026-${String((i % 12) + 1).padStart(2, '0')}-p${i})`,
        type: 'Pod',
        templateName: 'backfill',
        phase: failed ? 'Failed' : 'Succeeded',
        boundaryID: wf,
        startedAt: t(i * 30),
        finishedAt: t(i * 30 + 20_000),
        ...(failed
          ? { message: 'main: Error (exit code 1)', outputs: { exitCode: '1' } }
          : { outputs: { exitCode: '0' } }),
      };
    }
    const compressedNodes = gzipSync(Buffer.from(JSON.stringify(nodes))).toString('base64');
    return [
      {
        atMs: 5000,
        apply: (w) =>
          w.put({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            metadata: {
              name: wf,
              namespace: ns,
              labels: { team: 'data', ...phaseLabels('Failed') },
              annotations: { 'workflows.argoproj.io/description': largeFanOut.description },
            },
            spec: {
              entrypoint: 'main',
              parallelism: 50,
              templates: [
                {
                  name: 'main',
                  steps: [
                    [{ name: 'backfill', template: 'backfill', withParam: '{{workflow.parameters.partitions}}' }],
                  ],
                },
                { name: 'backfill', container: { image: 'python:3.12.4' } },
              ],
            },
            status: {
              phase: 'Failed',
              startedAt: t(0),
              finishedAt: t(120_000),
              progress: '2983/3000',
              message: 'child failed',
              compressedNodes,
            },
          }),
      },
      { atMs: 600_000, apply: (w) => w.remove('Workflow', ns, wf) },
    ];
  },
};
