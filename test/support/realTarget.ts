// The real cluster as a cluster-layer test target: workflows are submitted to Argo's real controller, and kwok
// ends their pods as the template's argo-doctor.dev/outcome annotation asks (test/real-cluster/kwok-stages.yaml).
import * as k8s from '@kubernetes/client-node';
import type { KObject } from '../../src/kube/kubeClient';
import { ADMIN_CONTEXT, startRealCluster, USER_CONTEXT } from '../real-cluster/cluster';
import { setNodeLost } from '../real-cluster/executor';
import { realWaitingScenarios } from './realWaiting';
import {
  isDone,
  MISSING_IMAGE,
  phaseOf,
  pullingNode,
  watchWorkflow,
  watchWorkflowPods,
  type ClusterTarget,
  type Outcome,
} from './clusterTarget';

const nodesOf = (wf: KObject) =>
  Object.values((wf.status as { nodes?: Record<string, { type: string; phase: string }> })?.nodes ?? {});

/** A one-step workflow whose step ends as `outcome` says after `duration`, printing `logs`. */
export function stepWorkflow(
  prefix: string,
  opts: {
    outcome?: Outcome | 'node-not-ready';
    outcomes?: string[];
    duration?: string;
    logs?: string[];
    image?: string;
    template?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    annotations?: Record<string, string>;
  } = {},
): KObject {
  const annotations: Record<string, string> = {
    'argo-doctor.dev/duration': opts.duration ?? '2s',
    ...(opts.annotations ?? {}),
  };
  if (opts.outcome) annotations['argo-doctor.dev/outcome'] = opts.outcome;
  if (opts.outcomes) annotations['argo-doctor.dev/outcomes'] = opts.outcomes.join(',');
  if (opts.logs) annotations['argo-doctor.dev/log'] = opts.logs.join('\n');
  const template: Record<string, unknown> = {
    name: 'main',
    metadata: { annotations },
    container: {
      image: opts.image ?? 'python:3.12.4',
      command: ['python', '-c', 'print("hello")'],
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    },
    ...(opts.template ?? {}),
  };
  if (opts.outcome === 'init-oom') {
    // A user init container, the first to run: kwok's init-oom stage kills it.
    template.initContainers = [
      {
        name: 'fetch-data',
        image: 'python:3.12.4',
        command: ['python', 'fetch.py'],
        resources: { limits: { memory: '256Mi' } },
      },
    ];
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${prefix}-` },
    spec: { entrypoint: 'main', templates: [template], ...(opts.extra ?? {}) },
  };
}

export async function startRealTarget(): Promise<ClusterTarget> {
  const cluster = await startRealCluster({
    log: (l) => process.env.ARGO_DOCTOR_VERBOSE && console.log(`      real-cluster: ${l}`),
  });
  return realTargetOn(cluster.kubeconfigPath, () => cluster.stop());
}

/** The real cluster whose kubeconfig (from `npm run real-cluster`) is at `kubeconfigPath`, started elsewhere. */
export function realTargetOn(kubeconfigPath: string, stop: () => Promise<void> = async () => {}): ClusterTarget {
  const contextConfig = (context: string) => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    kc.setCurrentContext(context);
    return kc;
  };
  const admin = contextConfig(ADMIN_CONTEXT);
  const custom = admin.makeApiClient(k8s.CustomObjectsApi);
  const waitWorkflow: ClusterTarget['waitWorkflow'] = (ns, name, pred, ms, what) =>
    watchWorkflow(admin, ns, name, pred, ms, what);
  const submit = async (wf: KObject, namespace = 'argo') =>
    (await custom.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace,
      plural: 'workflows',
      body: wf,
    })) as KObject;
  const runUntil = async (wf: KObject, pred: (w: KObject) => boolean, what: string) => {
    const created = await submit(wf);
    const got = await waitWorkflow('argo', created.metadata!.name!, (w) => !!w && (pred(w) || isDone(w)), 90_000, what);
    if (!got || !pred(got))
      throw new Error(
        `${what}: the workflow ended ${phaseOf(got)}: ${(got?.status as { message?: string })?.message ?? ''}`,
      );
    return got;
  };
  return {
    kind: 'real',
    kubeconfigPath,
    kubeConfig: (who = 'admin') => contextConfig(who === 'admin' ? ADMIN_CONTEXT : USER_CONTEXT),
    namespace: 'argo',
    forbiddenNamespace: 'restricted',
    failed: (outcome) =>
      runUntil(
        stepWorkflow(`fails-${outcome.replace(/[^a-z0-9]/g, '')}`, {
          outcome,
          logs: ['INFO starting', 'ERROR something went wrong'],
          // Argo never fails a step for an image it cannot pull: it waits, here until the workflow's deadline.
          ...(outcome === 'image-pull' ? { image: MISSING_IMAGE, extra: { activeDeadlineSeconds: 15 } } : {}),
        }),
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        `a workflow to fail with ${outcome}`,
      ),
    pendingOnImage: () =>
      runUntil(
        stepWorkflow('pulls-missing', { outcome: 'image-pull', image: MISSING_IMAGE }),
        (w) => !!pullingNode(w),
        'a step to back off pulling its image',
      ),
    running: () =>
      runUntil(
        stepWorkflow('runs-long', {
          duration: '10m',
          logs: ['INFO consume: subscribed to topic clickstream', 'INFO consume: processed batch 1'],
          // What kwok reports main uses (test/real-cluster/kwok-metrics.yaml), scraped by metrics-server.
          annotations: { 'argo-doctor.dev/usage.main.cpu': '250m', 'argo-doctor.dev/usage.main.memory': '300Mi' },
        }),
        (w) =>
          phaseOf(w) === 'Running' &&
          Object.values((w.status as { nodes?: Record<string, { type: string; phase: string }> }).nodes ?? {}).some(
            (n) => n.type === 'Pod' && n.phase === 'Running',
          ),
        'a long step to run',
      ),
    deadlineExceeded: () =>
      runUntil(
        stepWorkflow('deadline', {
          duration: '10m',
          logs: ['INFO rollup: running 14-table join', 'INFO rollup: still running'],
          template: { activeDeadlineSeconds: 8 },
        }),
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'a step to run into its deadline',
      ),
    twoSteps() {
      // Argo's status may skip a short step's Running phase (it records what it sees when it reconciles): 15 s each.
      const step = (name: string) => ({
        ...(
          stepWorkflow('x', { duration: '15s', logs: [`INFO ${name}: done`] }).spec as {
            templates: Record<string, unknown>[];
          }
        ).templates[0],
        name,
      });
      return runUntil(
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { generateName: 'two-steps-' },
          spec: {
            entrypoint: 'main',
            templates: [
              {
                name: 'main',
                steps: [[{ name: 'step-1', template: 'first' }], [{ name: 'step-2', template: 'second' }]],
              },
              step('first'),
              step('second'),
            ],
          },
        },
        (w) => nodesOf(w).some((n) => n.type === 'Pod' && /^(Pending|Running)$/.test(n.phase)),
        'the first of two steps to start',
      );
    },
    passesOutputs() {
      const container = (args: string[]) => ({
        image: 'python:3.12.4',
        command: ['sh', '-c'],
        args,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      });
      return runUntil(
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { generateName: 'outputs-' },
          spec: {
            entrypoint: 'main',
            templates: [
              {
                name: 'main',
                steps: [
                  [{ name: 'extract', template: 'extract' }],
                  [
                    {
                      name: 'load',
                      template: 'load',
                      arguments: { parameters: [{ name: 'rows', value: '{{steps.extract.outputs.parameters.rows}}' }] },
                    },
                  ],
                ],
              },
              {
                name: 'extract',
                metadata: { annotations: { 'argo-doctor.dev/outputs': 'rows=1204331' } },
                outputs: { parameters: [{ name: 'rows', valueFrom: { path: '/tmp/rows' } }] },
                container: container(['echo "extracted 1204331 rows"; echo 1204331 > /tmp/rows']),
              },
              {
                name: 'load',
                inputs: { parameters: [{ name: 'rows' }] },
                container: container(['echo "loading {{inputs.parameters.rows}} rows"']),
              },
            ],
          },
        },
        (w) => phaseOf(w) === 'Succeeded',
        'a workflow passing an output parameter to succeed',
      );
    },
    async podCollected() {
      const wf = await runUntil(
        stepWorkflow('gc', {
          outcome: 'oom',
          logs: ['INFO build_features: computing rolling windows'],
          extra: { podGC: { strategy: 'OnPodCompletion', deleteDelayDuration: '5s' } },
        }),
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'a step to be OOM-killed',
      );
      await watchWorkflowPods(
        admin,
        'argo',
        wf.metadata!.name!,
        (ps) => ps.length === 0,
        60_000,
        "Argo's pod GC to delete the pod",
      );
      return wf;
    },
    retriesExhausted: () =>
      runUntil(
        stepWorkflow('retries', {
          outcomes: ['exit:1', 'oom', 'exit:1'],
          logs: ['INFO score: calling feature service', 'requests.exceptions.ConnectionError: Max retries exceeded'],
          template: { retryStrategy: { limit: 2, retryPolicy: 'Always' } },
        }),
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'a step to fail three times',
      ),
    async nodeLost() {
      // kwok stops answering for the step's node 3 s into the step (test/real-cluster/executor.ts); Kubernetes' node
      // lifecycle controller marks it Unknown after its grace period, and the taint eviction 30 s later.
      const wf = await runUntil(
        stepWorkflow('node-lost', {
          outcome: 'node-not-ready',
          duration: '3s',
          logs: ['INFO spark: stage 3 of 7 (57/200 tasks)'],
        }),
        (w) => phaseOf(w) === 'Running',
        'a step to start on the node that will be lost',
      );
      const name = wf.metadata!.name!;
      const pods = await watchWorkflowPods(
        admin,
        'argo',
        name,
        (ps) => ps.some((p) => !!p.metadata?.deletionTimestamp),
        150_000,
        "the lost node's pod to be marked for deletion",
      );
      const node = (pods.find((p) => p.metadata?.deletionTimestamp)!.spec as { nodeName: string }).nodeName;
      const workflow = (await waitWorkflow('argo', name, (w) => !!w, 5000, 'the workflow'))!;
      return {
        workflow,
        async recover() {
          await setNodeLost(
            admin.makeApiClient(k8s.CoreV1Api),
            admin.makeApiClient(k8s.CoordinationV1Api),
            node,
            false,
          );
          return (await waitWorkflow(
            'argo',
            name,
            (w) => isDone(w),
            90_000,
            'Argo to error the step once the node is back',
          ))!;
        },
      };
    },
    succeeded: () =>
      runUntil(
        stepWorkflow('succeeds', { logs: ['INFO done'] }),
        (w) => phaseOf(w) === 'Succeeded',
        'a workflow to succeed',
      ),
    waiting: realWaitingScenarios(admin, stepWorkflow),
    async failedOnParameter() {
      // The load step ends as the workflow parameter load-outcome says (kwok reads the pod's annotation).
      const step = (name: string, outcome?: string) => ({
        name,
        metadata: {
          annotations: { 'argo-doctor.dev/duration': '2s', ...(outcome ? { 'argo-doctor.dev/outcome': outcome } : {}) },
        },
        container: {
          image: 'python:3.12.4',
          command: ['python', `${name}.py`],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      });
      const workflow = await runUntil(
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { generateName: 'etl-retried-' },
          spec: {
            entrypoint: 'main',
            arguments: { parameters: [{ name: 'load-outcome', value: 'exit:1' }] },
            templates: [
              {
                name: 'main',
                steps: [[{ name: 'extract', template: 'extract' }], [{ name: 'load', template: 'load' }]],
              },
              step('extract'),
              step('load', '{{workflow.parameters.load-outcome}}'),
            ],
          },
        },
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'the load step to fail',
      );
      return { workflow, kept: 'extract', failed: 'load', parameter: 'load-outcome', fix: 'success' };
    },
    waitWorkflow,
    stop,
  };
}
