// The demo cluster as a cluster-layer test target: the demo's scenarios played on a real clock, sped up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { demoScenarios } from '../../src/demo/scenarios/catalog';
import { startDemoCluster } from '../../src/demo/server';
import type { KObject } from '../../src/kube/kubeClient';
import {
  isDone,
  phaseOf,
  pullingNode,
  watchWorkflow,
  watchWorkflowPods,
  type ClusterTarget,
  type WaitingCase,
  type Outcome,
} from './clusterTarget';

/** The demo scenario (by workflow name prefix) that shows each outcome; absent: the demo has none. */
const SCENARIO: Partial<Record<Outcome, string>> = {
  oom: 'features-build',
  'image-pull': 'weekly-report',
  'init-oom': 'prepare-training-set',
  'evicted-disk': 'dedupe-logs',
};

export async function startDemoTarget(): Promise<ClusterTarget> {
  const cluster = await startDemoCluster({ scenarios: demoScenarios, forbiddenNamespaces: ['restricted'], speed: 4 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-demo-target-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, cluster.kubeconfig({ namespace: 'argo' }));
  const kubeConfig = () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    return kc;
  };
  const admin = kubeConfig();
  const waitWorkflow: ClusterTarget['waitWorkflow'] = (ns, name, pred, ms, what) =>
    watchWorkflow(admin, ns, name, pred, ms, what);

  /** The newest workflow of a scenario, once `pred` holds for it (scenarios run over and over). */
  const scenarioWorkflow = async (prefix: string, pred: (wf: KObject) => boolean, what: string): Promise<KObject> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const wf = cluster.world
        .list('Workflow')
        .filter((w) => w.metadata.name.startsWith(`${prefix}-`))
        .sort((a, b) =>
          String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
        )[0] as unknown as KObject | undefined;
      if (wf) {
        const got = await waitWorkflow(
          wf.metadata!.namespace!,
          wf.metadata!.name!,
          (w) => !w || pred(w) || isDone(w),
          deadline - Date.now(),
          what,
        );
        if (got && pred(got)) return got;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      // The scenario's run ended the other way or was deleted; its next run starts within seconds.
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  /** A waiting scenario's workflow (they stay in their waiting state), and what its explanation must name. */
  const waitingCase = (prefix: string, rootCause: string, mentions: string[]) => async (): Promise<WaitingCase> => ({
    workflow: await scenarioWorkflow(prefix, (w) => !isDone(w), `the ${prefix} workflow to wait`),
    rootCause,
    mentions,
    done: async () => {},
  });

  return {
    kind: 'demo',
    kubeconfigPath,
    kubeConfig,
    // The demo's retried steps always succeed (its failures are the cluster's doing): the parameter changes nothing.
    async failedOnParameter() {
      const workflow = await scenarioWorkflow(
        'features-build',
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'a features-build workflow to fail',
      );
      return { workflow, kept: 'fetch-events', failed: 'build-features', parameter: 'memory', fix: '8Gi' };
    },
    waiting: {
      semaphoreHeld: waitingCase('load-invoices', 'semaphore-held', ['db-writers', 'semaphore-limits', 'load-orders-']),
      namespaceParallelism: waitingCase('kpi-digest', 'parallelism-limit', [
        'workflows.argoproj.io/parallelism-limit',
        'is 2',
        'weekly-revenue-',
      ]),
      workflowParallelism: waitingCase('score-regions', 'parallelism-limit', ['spec.parallelism', 'score(0:us-east)']),
      quotaExceeded: waitingCase('close-books', 'resource-quota-exceeded', ['compute-resources', 'requests.cpu']),
    },
    namespace: 'argo',
    forbiddenNamespace: 'restricted',
    async failed(outcome) {
      const prefix = SCENARIO[outcome];
      if (!prefix) throw new Error(`the demo cluster has no scenario for ${outcome}`);
      return scenarioWorkflow(prefix, (w) => /^(Failed|Error)$/.test(phaseOf(w)), `a ${prefix} workflow to fail`);
    },
    pendingOnImage: () =>
      scenarioWorkflow('weekly-report', (w) => !!pullingNode(w), 'weekly-report to back off pulling its image'),
    running: () =>
      scenarioWorkflow(
        'ingest-clickstream',
        (w) =>
          phaseOf(w) === 'Running' &&
          Object.values((w.status as { nodes?: Record<string, { type: string; phase: string }> }).nodes ?? {}).some(
            (n) => n.type === 'Pod' && n.phase === 'Running',
          ),
        'ingest-clickstream to run',
      ),
    deadlineExceeded: () =>
      scenarioWorkflow(
        'monthly-rollup',
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'monthly-rollup to run into its deadline',
      ),
    async twoSteps() {
      const custom = admin.makeApiClient(k8s.CustomObjectsApi);
      const created = (await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { generateName: 'two-steps-' },
          spec: { entrypoint: 'main' },
        },
      })) as KObject;
      const running = (w: KObject | undefined) =>
        Object.values((w?.status as { nodes?: Record<string, { type: string; phase: string }> })?.nodes ?? {}).some(
          (n) => n.type === 'Pod' && n.phase === 'Running',
        );
      return (await waitWorkflow('argo', created.metadata!.name!, running, 30_000, 'the first of two steps to run'))!;
    },
    async podCollected() {
      const wf = await scenarioWorkflow(
        'features-build',
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'a features-build workflow to fail',
      );
      await watchWorkflowPods(
        admin,
        wf.metadata!.namespace!,
        wf.metadata!.name!,
        (ps) => ps.length === 0,
        60_000,
        'pod GC to delete the pod',
      );
      return wf;
    },
    retriesExhausted: () =>
      scenarioWorkflow(
        'batch-scoring',
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        'batch-scoring to run out of retries',
      ),
    async nodeLost() {
      const running = await scenarioWorkflow(
        'spark-aggregate',
        (w) => phaseOf(w) === 'Running',
        'spark-aggregate to run',
      );
      const name = running.metadata!.name!;
      await watchWorkflowPods(
        admin,
        'ml-team',
        name,
        (ps) => ps.some((p) => !!p.metadata?.deletionTimestamp),
        60_000,
        "the lost node's pod to be marked for deletion",
      );
      const workflow = (await waitWorkflow('ml-team', name, (w) => !!w, 5000, 'the workflow'))!;
      return {
        workflow,
        // The scenario brings its node back by itself.
        recover: async () =>
          (await waitWorkflow('ml-team', name, (w) => isDone(w), 60_000, 'the step to error once the node is back'))!,
      };
    },
    succeeded: () => scenarioWorkflow('etl-daily', (w) => phaseOf(w) === 'Succeeded', 'etl-daily to succeed'),
    waitWorkflow,
    async stop() {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const demoHasOutcome = (o: Outcome) => o in SCENARIO;
