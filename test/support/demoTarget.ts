// The demo cluster as a cluster-layer test target: the demo's scenarios played on a real clock, sped up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { demoScenarios } from '../../src/demo/scenarios/catalog';
import { startDemoCluster } from '../../src/demo/server';
import type { KObject } from '../../src/kube/kubeClient';
import { isDone, phaseOf, pullingNode, watchWorkflow, type ClusterTarget, type Outcome } from './clusterTarget';

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
  const waitWorkflow: ClusterTarget['waitWorkflow'] = (ns, name, pred, ms, what) => watchWorkflow(admin, ns, name, pred, ms, what);

  /** The newest workflow of a scenario, once `pred` holds for it (scenarios run over and over). */
  const scenarioWorkflow = async (prefix: string, pred: (wf: KObject) => boolean, what: string): Promise<KObject> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const wf = cluster.world
        .list('Workflow')
        .filter((w) => w.metadata.name.startsWith(`${prefix}-`))
        .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0] as unknown as KObject | undefined;
      if (wf) {
        const got = await waitWorkflow(wf.metadata!.namespace!, wf.metadata!.name!, (w) => !w || pred(w) || isDone(w), deadline - Date.now(), what);
        if (got && pred(got)) return got;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      // The scenario's run ended the other way or was deleted; its next run starts within seconds.
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  return {
    kind: 'demo',
    kubeconfigPath,
    kubeConfig,
    namespace: 'argo',
    forbiddenNamespace: 'restricted',
    async failed(outcome) {
      const prefix = SCENARIO[outcome];
      if (!prefix) throw new Error(`the demo cluster has no scenario for ${outcome}`);
      return scenarioWorkflow(prefix, (w) => /^(Failed|Error)$/.test(phaseOf(w)), `a ${prefix} workflow to fail`);
    },
    pendingOnImage: () => scenarioWorkflow('weekly-report', (w) => !!pullingNode(w), 'weekly-report to back off pulling its image'),
    running: () => scenarioWorkflow('ingest-clickstream', (w) => phaseOf(w) === 'Running', 'ingest-clickstream to run'),
    succeeded: () => scenarioWorkflow('etl-daily', (w) => phaseOf(w) === 'Succeeded', 'etl-daily to succeed'),
    waitWorkflow,
    async stop() {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const demoHasOutcome = (o: Outcome) => o in SCENARIO;
