import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { openWorkbench, type Workbench } from './support/workbench';

/** The frame of the step panel's webview showing `step` (code-server nests webviews in two iframes). */
async function panelFrame(page: Page, step: string, timeoutMs = 30000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      const title = await f.locator('#app #title').innerText({ timeout: 500 }).catch(() => '');
      if (title.startsWith(step)) return f;
    }
    if (Date.now() > until) throw new Error(`no step panel for ${step}`);
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
}

/**
 * Opens a step's panel from the tree and returns its frame. The demo's tree re-renders whenever a workflow changes
 * phase; a click that lands mid-render is lost, so the whole path is tried again (at most three times).
 */
async function openStepPanel(page: Page, path: (string | RegExp)[], step: string): Promise<Frame> {
  for (let attempt = 1; ; attempt++) {
    await openStep(page, path);
    try {
      return await panelFrame(page, step, 10000);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Collapses the tree, then expands rows by their exact label, one level after another, and clicks the last. */
async function openStep(page: Page, path: (string | RegExp)[]): Promise<void> {
  const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Workflows/ }) }).first();
  await pane.locator('.pane-header').hover();
  await pane.locator('.pane-header .action-label[aria-label="Collapse All"]').click();
  const tree = pane.locator('.monaco-list').first();
  for (const [i, label] of path.entries()) {
    const exact = typeof label === 'string' ? new RegExp(`^${label.replace(/[[\]().*+?^$|\\]/g, '\\$&')}$`) : label;
    const row = tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ timeout: 30000 });
    await row.click();
    if (i < path.length - 1 && (await row.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
  }
}

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
        // Open the Spark step while it runs; its node stops reporting 15 s in, and the pod is deleted 8 s later.
        await page.locator('.part.sidebar .monaco-list-row', { hasText: 'spark-aggregate' }).first().waitFor({ timeout: 30000 });
        const f = await openStepPanel(page, [/^spark-aggregate-/, '[0]', 'aggregate'], 'aggregate');
        await f.locator('#banners .banner.error', { hasText: 'NotReady' }).waitFor({ timeout: 60000 }).catch(async (e) => { await wb.screenshot('debug-nodelost'); throw e; });
        await f.locator('#pod-missing', { hasText: 'no longer exists' }).waitFor({ timeout: 30000 });
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
