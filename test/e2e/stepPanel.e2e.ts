import assert from 'node:assert/strict';
import { openStepPanel } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

for (const theme of ['dark', 'light'] as const) {
  describe(`step panel in real VS Code, ${theme} theme (e2e)`, function () {
    let wb: Workbench;

    before(async () => {
      wb = await openWorkbench({
        settings: { 'argoDoctor.namespaces': ['argo', 'ml-team'], 'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern' },
      });
      await wb.page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click();
      await wb.page.locator('.welcome-view-content').getByRole('button', { name: 'Start Demo Cluster' }).click();
      await wb.page.locator('.statusbar-item', { hasText: 'argo-doctor-demo' }).waitFor({ timeout: 30000 });
    });
    after(async () => {
      await wb?.close();
    });

    if (theme === 'dark') {
      it('shows a banner when the node goes NotReady, and says when the pod was deleted', async () => {
        const { page } = wb;
        // Open the Spark step while it runs; its node stops reporting 15 s in, the pod stays Terminating, and it is
        // deleted when the node comes back 40 s later (as on a real cluster, docs/fidelity.md).
        await page.locator('.part.sidebar .monaco-list-row', { hasText: 'spark-aggregate' }).first().waitFor({ timeout: 30000 });
        const f = await openStepPanel(page, [/^spark-aggregate-/, '[0]', 'aggregate'], 'aggregate');
        await f.locator('#banners .banner.error', { hasText: 'NotReady' }).waitFor({ timeout: 60000 }).catch(async (e) => { await wb.screenshot('debug-nodelost'); throw e; });
        await f.locator('#pod-missing', { hasText: 'no longer exists' }).waitFor({ timeout: 90000 });
        await wb.screenshot('step-panel-node-lost');
      });
    }

    it('opens a failed step with its pod, containers, events and node filled in', async () => {
      const { page } = wb;
      // The OOM scenario fails ~20 s in; its step group [1] holds the killed step.
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'features-build' }).filter({ hasText: 'Failed' }).first().waitFor({ timeout: 90000 });
      const f = await openStepPanel(page, [/^features-build-/, '[1]', 'build-features'], 'build-features');
      await f.locator('#containers', { hasText: 'OOMKilled' }).waitFor({ timeout: 20000 });
      assert.match(await f.locator('#title').innerText(), /build-features/);
      assert.match(await f.locator('#containers').innerText(), /137 — killed for using more memory than its limit/);
      assert.match(await f.locator('#pod').innerText(), /QoS class/);
      assert.match(await f.locator('#events').innerText(), /Scheduled/);
      assert.match(await f.locator('#node').innerText(), /Zone\s+us-east-1/);
      await f.locator('#log-status', { hasText: /End of log|Showing/ }).waitFor({ timeout: 10000 });
      await wb.screenshot(`step-panel-oom-${theme}`);
      // Explain in the panel: the cause on top, its evidence linked to the sections and the log.
      await f.locator('#explain').click();
      await f.locator('#explanation-root', { hasText: 'oom-killed-main' }).waitFor({ timeout: 20000 });
      assert.match(await f.locator('#explanation-summary').innerText(), /OOMKilled \(exit code 137\).*memory limit of 2Gi/);
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
        const count = async () => Number((await f.locator('#log-count').innerText()).replace(/[^0-9].*$/s, '').replace(/,/g, '')) || 0;
        const first = await count();
        // The stream-forever step logs every 2 s: wait for more lines to arrive on their own (the page's CSP
        // forbids eval, so poll the count through the DOM).
        const until = Date.now() + 20000;
        while ((await count()) <= first && Date.now() < until) await f.locator('#log-count').evaluate((el) => new Promise((r) => setTimeout(r, 250, el)));
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
            const t = await f.locator('#app #error').innerText({ timeout: 300 }).catch(() => '');
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
