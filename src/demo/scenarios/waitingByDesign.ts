// Waiting by design: a suspend step that waits for someone to approve, and a retry that waits out its backoff
// before the next attempt (Argo's "Backoff for …" on the retry node).
import { argoNodeId } from '../../core/model/podName';
import type { Scenario } from '../world';
import { DEMO_NODES } from './cluster';
import { node, rootNode, steadyScenario, WAITING_NS, workflow } from './waitingKit';

const suspend = steadyScenario({
  id: 'waiting-suspend',
  description: 'A model release waits at its approve step (a suspend without duration) for someone to resume it.',
  expectedRootCause: 'suspended-awaiting-resume',
  build: (k) => {
    const wf = k.name('release-model');
    const started = 31;
    const names = [`${wf}[0]`, `${wf}[0].evaluate`, `${wf}[1]`, `${wf}[1].approve`];
    const id = (n: string) => argoNodeId(wf, n);
    const nodes = [
      rootNode(k, wf, started, [id(names[0]!)]),
      node(k, wf, {
        name: names[0]!,
        displayName: '[0]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Succeeded',
        startedMinAgo: started,
        finishedMinAgo: 24,
        children: [id(names[1]!)],
      }),
      node(k, wf, {
        name: names[1]!,
        displayName: 'evaluate',
        type: 'Pod',
        templateName: 'evaluate',
        phase: 'Succeeded',
        startedMinAgo: started,
        finishedMinAgo: 24,
        hostNodeName: DEMO_NODES[1]!.name,
        children: [id(names[2]!)],
        outputs: { exitCode: '0' },
      }),
      node(k, wf, {
        name: names[2]!,
        displayName: '[1]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Running',
        startedMinAgo: 24,
        children: [id(names[3]!)],
      }),
      node(k, wf, {
        name: names[3]!,
        displayName: 'approve',
        type: 'Suspend',
        templateName: 'approve',
        phase: 'Running',
        startedMinAgo: 24,
      }),
    ];
    return [
      workflow({
        k,
        name: wf,
        namespace: WAITING_NS,
        createdMinAgo: started,
        spec: {
          entrypoint: 'main',
          templates: [
            {
              name: 'main',
              steps: [[{ name: 'evaluate', template: 'evaluate' }], [{ name: 'approve', template: 'approve' }]],
            },
            {
              name: 'evaluate',
              container: { image: 'registry.example.com/ml/eval:1.3.0', command: ['python', 'evaluate.py'] },
            },
            { name: 'approve', suspend: {} },
          ],
        },
        status: {
          phase: 'Running',
          startedAt: k.ago(started),
          progress: '1/2',
          nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
        },
      }),
    ];
  },
});

const retry = steadyScenario({
  id: 'waiting-retry-backoff',
  description:
    'A CRM sync failed twice (the API answered 503) and waits out its retry backoff (15m × factor 2) before the ' +
    'third attempt.',
  expectedRootCause: 'retry-backoff-waiting',
  build: (k) => {
    const wf = k.name('sync-crm');
    const started = 22;
    const group = `${wf}[0]`;
    const retryName = `${group}.sync`;
    const attempts = [`${retryName}(0)`, `${retryName}(1)`];
    const id = (n: string) => argoNodeId(wf, n);
    const nodes = [
      rootNode(k, wf, started, [id(group)]),
      node(k, wf, {
        name: group,
        displayName: '[0]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Running',
        startedMinAgo: started,
        children: [id(retryName)],
      }),
      node(k, wf, {
        name: retryName,
        displayName: 'sync',
        type: 'Retry',
        templateName: 'sync',
        phase: 'Running',
        startedMinAgo: started,
        message: 'Backoff for 30 minutes',
        children: attempts.map(id),
      }),
      ...attempts.map((a, i) =>
        node(k, wf, {
          name: a,
          displayName: `sync(${i})`,
          type: 'Pod',
          templateName: 'sync',
          phase: 'Failed',
          startedMinAgo: i === 0 ? started : 4.5,
          finishedMinAgo: i === 0 ? 20 : 3,
          message: 'main: Error (exit code 1)',
          hostNodeName: DEMO_NODES[i]!.name,
          outputs: { exitCode: '1' },
        }),
      ),
    ];
    return [
      workflow({
        k,
        name: wf,
        namespace: WAITING_NS,
        createdMinAgo: started,
        spec: {
          entrypoint: 'main',
          templates: [
            { name: 'main', steps: [[{ name: 'sync', template: 'sync' }]] },
            {
              name: 'sync',
              retryStrategy: { limit: '4', retryPolicy: 'Always', backoff: { duration: '15m', factor: '2' } },
              container: { image: 'registry.example.com/crm/sync:5.5.1', command: ['python', 'sync.py'] },
            },
          ],
        },
        status: {
          phase: 'Running',
          startedAt: k.ago(started),
          progress: '0/2',
          nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
        },
      }),
    ];
  },
});

export const waitingByDesignScenarios: Scenario[] = [suspend, retry];
