// Which steps the background sampler reads: the running pods of running workflows, capped per namespace, their pod
// names as Argo names them; and it says once in the log when the cluster has no metrics API.
import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/logger';
import { argoPodName } from '../../../src/core/model/podName';
import type { Workflow } from '../../../src/core/model/workflow';
import { BackgroundUsage, runningSteps } from '../../../src/kube/backgroundUsage';
import { UsageSampler } from '../../../src/kube/usageSampler';
import { FakeKube } from '../../support/fakeKube';

function workflow(name: string, ns: string, phase: string, pods: [string, string][]): Workflow {
  const nodes: Record<string, unknown> = {
    [name]: { id: name, name, type: 'Steps', phase, templateName: 'main' },
  };
  pods.forEach(([step, p], i) => {
    const id = `${name}-${i}`;
    nodes[id] = { id, name: `${name}[0].${step}`, displayName: step, type: 'Pod', phase: p, templateName: step };
  });
  return { metadata: { name, namespace: ns }, status: { phase, nodes } } as Workflow;
}

describe('background usage sampling', () => {
  it('lists the running pods of running workflows by namespace, with their pod names, capped', () => {
    const wfs = [
      workflow('etl-1', 'argo', 'Running', [
        ['extract', 'Succeeded'],
        ['load', 'Running'],
      ]),
      workflow('etl-2', 'argo', 'Succeeded', [['load', 'Succeeded']]),
      workflow('train-1', 'ml', 'Running', [
        ['a', 'Running'],
        ['b', 'Running'],
        ['c', 'Pending'],
      ]),
      { metadata: { name: 'no-status', namespace: 'argo' } } as Workflow,
    ];
    const got = runningSteps(wfs, 'ctx');
    assert.deepEqual([...got.keys()].sort(), ['argo', 'ml']);
    assert.deepEqual(got.get('argo'), [
      {
        key: { context: 'ctx', namespace: 'argo', workflow: 'etl-1', nodeId: 'etl-1-1' },
        pod: argoPodName('etl-1', 'etl-1[0].load', 'load'),
      },
    ]);
    assert.deepEqual(
      got.get('ml')!.map((s) => s.key.nodeId),
      ['train-1-0', 'train-1-1'],
    );
    assert.equal(runningSteps(wfs, 'ctx', 1).get('ml')!.length, 1, 'capped per namespace');
  });

  it('says once in the log that the cluster has no metrics API', async () => {
    const kube = new FakeKube();
    kube.metricsApi = false;
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), debug() {}, warn() {}, error() {}, trace() {} } as Logger;
    let t = 0;
    const sampler = new UsageSampler(undefined, undefined, () => t);
    const source = {
      context: 'ctx',
      client: kube,
      workflows: () => new Map([['argo/etl-1', workflow('etl-1', 'argo', 'Running', [['load', 'Running']])]]),
    };
    const background = new BackgroundUsage(source, sampler, logger);
    for (let round = 0; round < 3; round++, t += 15_000) assert.equal(await background.round(), 0);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /no usage of running steps \(absent: The cluster does not serve metrics\.k8s\.io/);
    assert.equal(kube.calls.filter((c) => c.method === 'listPodMetrics').length, 1, 'not asked again soon');
  });
});
