// The step panel in real VS Code: on the demo cluster (both themes), and with ARGO_DOCTOR_CLUSTER=real on the real
// cluster, where Kubernetes' own node lifecycle controller marks the step's node unreachable and evicts its pod.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { ADMIN_CONTEXT, type RealCluster } from '../real-cluster/cluster';
import { setNodeLost } from '../real-cluster/executor';
import { watchWorkflowPods } from '../support/clusterTarget';
import { realCluster, REAL } from './support/realCluster';
import { openStepPanel, startDemoCluster } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

if (REAL) {
  describe('step panel in real VS Code on the real cluster (e2e)', function () {
    let wb: Workbench | undefined;
    let cluster: RealCluster | undefined;

    before(async function () {
      this.timeout(900_000); // the first real run may build the cluster's components
      cluster = await realCluster();
      wb = await openWorkbench({ env: { KUBECONFIG: cluster.kubeconfigPath } });
      // The view connects to the current context of $KUBECONFIG as it opens.
      await wb.page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click();
      await wb.page.locator('.statusbar-item', { hasText: ADMIN_CONTEXT }).waitFor({ timeout: 30000 });
    });
    after(async () => {
      await wb?.close();
    });

    it("shows the node's NotReady banner and taints when it stops reporting, and says when the pod was deleted", async function () {
      this.timeout(300_000);
      const { page } = wb!;
      const admin = cluster!.kubeConfig(ADMIN_CONTEXT);
      const custom = admin.makeApiClient(k8s.CustomObjectsApi);
      // The step's node stops reporting 5 s into the step (test/real-cluster/executor.ts, outcome node-not-ready).
      const wf = (await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { generateName: 'spark-aggregate-' },
          spec: {
            entrypoint: 'pipeline',
            templates: [
              { name: 'pipeline', steps: [[{ name: 'aggregate', template: 'aggregate' }]] },
              {
                name: 'aggregate',
                metadata: {
                  annotations: {
                    'argo-doctor.dev/outcome': 'node-not-ready',
                    'argo-doctor.dev/duration': '5s',
                    'argo-doctor.dev/log': 'INFO DAGScheduler: Submitting 200 missing tasks from ResultStage 1',
                  },
                },
                container: {
                  image: 'apache/spark:3.5.3',
                  command: ['/opt/spark/bin/spark-submit', 'aggregate.py'],
                  resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
                },
              },
            ],
          },
        },
      })) as { metadata: { name: string } };
      const name = wf.metadata.name;
      const f = await openStepPanel(page, [new RegExp(`^${name}`), '[0]', 'aggregate'], 'aggregate');
      await f.locator('#banners .banner.error', { hasText: 'NotReady' }).waitFor({ timeout: 120_000 });
      assert.match(await f.locator('#banners').innerText(), /unreachable: the kubelet stopped reporting/);
      await f.locator('#node', { hasText: 'node.kubernetes.io/unreachable' }).waitFor({ timeout: 30_000 });
      await wb!.screenshot('step-panel-real-node-lost');
      // Kubernetes evicts the pod (it stays Terminating); when the node comes back, the pod is deleted.
      const pods = await watchWorkflowPods(
        admin,
        'argo',
        name,
        (ps) => ps.some((p) => !!p.metadata?.deletionTimestamp),
        120_000,
        'the pod to be marked for deletion',
      );
      const node = (pods[0]!.spec as { nodeName: string }).nodeName;
      await setNodeLost(admin.makeApiClient(k8s.CoreV1Api), admin.makeApiClient(k8s.CoordinationV1Api), node, false);
      await f.locator('#pod-missing', { hasText: 'no longer exists' }).waitFor({ timeout: 90_000 });
      await wb!.screenshot('step-panel-real-pod-deleted');
    });
  });
}

if (!REAL)
  for (const theme of ['dark', 'light'] as const) {
    describe(`step panel in real VS Code, ${theme} theme (e2e)`, function () {
      let wb: Workbench;

      before(async () => {
        wb = await openWorkbench({
          settings: {
            'argoDoctor.namespaces': ['argo', 'ml-team'],
            'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
          },
        });
        await startDemoCluster(wb.page);
      });
      after(async () => {
        await wb?.close();
      });

      if (theme === 'dark') {
        it('shows a banner when the node goes NotReady, and says when the pod was deleted', async () => {
          const { page } = wb;
          // Open the Spark step while it runs; its node stops reporting 15 s in, the pod stays Terminating, and it is
          // deleted when the node comes back 40 s later (as on a real cluster, docs/fidelity.md).
          await page
            .locator('.part.sidebar .monaco-list-row', { hasText: 'spark-aggregate' })
            .first()
            .waitFor({ timeout: 30000 });
          const f = await openStepPanel(page, [/^spark-aggregate-/, '[0]', 'aggregate'], 'aggregate');
          await f
            .locator('#banners .banner.error', { hasText: 'NotReady' })
            .waitFor({ timeout: 60000 })
            .catch(async (e) => {
              await wb.screenshot('debug-nodelost');
              throw e;
            });
          await f.locator('#pod-missing', { hasText: 'no longer exists' }).waitFor({ timeout: 90000 });
          await wb.screenshot('step-panel-node-lost');
        });
      }

      it('opens a failed step with its pod, containers, events and node filled in', async () => {
        const { page } = wb;
        // The OOM scenario fails ~20 s in; its step group [1] holds the killed step.
        await page
          .locator('.part.sidebar .monaco-list-row', { hasText: 'features-build' })
          .filter({ hasText: 'Failed' })
          .first()
          .waitFor({ timeout: 90000 });
        const f = await openStepPanel(page, [/^features-build-/, '[1]', 'build-features'], 'build-features');
        await f.locator('#containers', { hasText: 'OOMKilled' }).waitFor({ timeout: 20000 });
        assert.match(await f.locator('#title').innerText(), /build-features/);
        assert.match(await f.locator('#containers').innerText(), /137 — killed for using more memory than its limit/);
        assert.match(await f.locator('#pod').innerText(), /QoS class/);
        assert.match(await f.locator('#events').innerText(), /Scheduled/);
        assert.match(await f.locator('#node').innerText(), /Zone\s+us-east-1/);
        // Where its time went: a bar with the running phase, and the image pulled.
        await f.locator('#timeline-bar .seg-running').waitFor({ timeout: 10000 });
        assert.match(await f.locator('#timeline-pulls').innerText(), /registry\.example\.com\/ds\/features/);
        await f.locator('#log-status', { hasText: /End of log|Showing/ }).waitFor({ timeout: 10000 });
        await wb.screenshot(`step-panel-oom-${theme}`);
        // Explain in the panel: the cause on top, its evidence linked to the sections and the log.
        await f.locator('#explain').click();
        await f.locator('#explanation-root', { hasText: 'oom-killed-main' }).waitFor({ timeout: 20000 });
        assert.match(
          await f.locator('#explanation-summary').innerText(),
          /OOMKilled \(exit code 137\).*memory limit of 2Gi/,
        );
        assert.match(await f.locator('#explanation-fixes').innerText(), /resources\.limits\.memory/);
        await wb.screenshot(`step-panel-explained-${theme}`);
        // "Show containers" scrolls to the container the evidence names, highlighted.
        await f.locator('#explanation-evidence a', { hasText: 'Show containers' }).first().click();
        await f.locator('#containers .evidence-target', { hasText: 'main' }).waitFor({ timeout: 5000 });
        await f.locator('#explanation-evidence a', { hasText: 'Open log' }).first().click();
        await page.locator('.tabs-container .tab', { hasText: 'main.log' }).first().waitFor({ timeout: 15000 });
      });

      if (theme === 'dark') {
        it('follows the log of a running step', async () => {
          const { page } = wb;
          const f = await openStepPanel(page, [/^ingest-clickstream-/, '[0]', 'consume'], 'consume');
          await f.locator('#log-status', { hasText: 'Following' }).waitFor({ timeout: 20000 });
          const count = async () =>
            Number((await f.locator('#log-count').innerText()).replace(/[^0-9].*$/s, '').replace(/,/g, '')) || 0;
          const first = await count();
          // The stream-forever step logs every 2 s: wait for more lines to arrive on their own (the page's CSP
          // forbids eval, so poll the count through the DOM).
          const until = Date.now() + 20000;
          while ((await count()) <= first && Date.now() < until)
            await f.locator('#log-count').evaluate((el) => new Promise((r) => setTimeout(r, 250, el)));
          assert.ok((await count()) > first);
          await f.locator('#log-status').scrollIntoViewIfNeeded();
          await wb.screenshot('step-panel-log-follow');
        });

        it('restores its panels after a window reload, and says why a step cannot be shown live', async () => {
          const { page } = wb;
          await page.reload();
          await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
          // The restored panel knows its step (context, namespace, workflow, node) from its saved state alone; the
          // demo cluster lived in the old extension host, so the panel explains instead of showing stale data.
          const until = Date.now() + 60000;
          let text = '';
          while (Date.now() < until && !/context "argo-doctor-demo"/.test(text)) {
            for (const f of page.frames()) {
              const t = await f
                .locator('#app #error')
                .innerText({ timeout: 300 })
                .catch(() => '');
              if (t) text = t;
            }
            if (!text) await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
            else await page.waitForTimeout(250);
          }
          assert.match(text, /This step is in context "argo-doctor-demo"/);
          await wb.screenshot('step-panel-restored');
        });
      }
    });
  }
