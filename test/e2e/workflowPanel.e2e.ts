// The workflow panel in real VS Code on the demo cluster: the timeline of the failed pandas/OOM workflow, its failed
// step, its pod drawn as gone once pod GC removed it (with why), insights, and a row that opens the step's panel.
import assert from 'node:assert/strict';
import { openWorkflowPanel, panelFrame, startDemoCluster, workflowFrame } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

for (const theme of ['dark', 'light'] as const) {
  describe(`workflow panel in real VS Code, ${theme} theme (e2e)`, function () {
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

    it('shows the failed workflow on a timeline: steps, the failed one, its gone pod with why; a row opens the step', async function () {
      this.timeout(300_000);
      const { page } = wb;
      // The OOM scenario fails ~20 s in; pod GC removes its pods a minute after it ended.
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: 'features-build' })
        .filter({ hasText: 'Failed' })
        .first()
        .waitFor({ timeout: 90000 });
      await page.keyboard.press('Escape');
      const f = await openWorkflowPanel(wb, 'features-build');
      await f.locator('#workflow-phase', { hasText: 'Failed' }).waitFor({ timeout: 20000 });
      // Its steps, in the accessible table that carries what the canvas draws.
      const failed = f.locator('#rows-table tr[data-phase="Failed"]', { hasText: 'build-features' });
      await failed.waitFor({ state: 'attached', timeout: 20000 });
      assert.equal(
        await f.locator('#rows-table tr[data-phase="Succeeded"]', { hasText: 'fetch-events' }).count(),
        1,
        'the step before it, succeeded',
      );
      assert.match(String(await failed.getAttribute('data-host')), /\S/, 'the node it ran on');
      assert.equal(await failed.getAttribute('data-critical'), 'true', 'on the critical path');
      // The insights: the failed step with Argo's message, linked to it; the critical path.
      const insight = f.locator('#insights-list li[data-insight-id^="failed:"]');
      assert.match(await insight.innerText(), /build-features failed[\s\S]*OOMKilled/);
      assert.equal(await insight.locator('a.insight-link').count(), 1);
      await f.locator('#insights-list li[data-insight-id="critical-path"]').waitFor({ state: 'attached' });
      // The timeline drew its rows on the canvas (only those in view).
      assert.ok(Number(await f.locator('#timeline').getAttribute('data-rows-drawn')) >= 3);

      if (theme === 'dark') {
        // Pod GC: the pod is drawn as gone, with why (the panel lists the pods every few seconds).
        const gone = f.locator('#rows-table tr[data-gone]', { hasText: 'build-features' });
        await gone.waitFor({ state: 'attached', timeout: 150_000 });
        assert.match(String(await gone.getAttribute('data-gone')), /garbage collection|deleted after it finished/);
        await f.locator('#insights-list li[data-insight-id="gone"]').waitFor({ state: 'attached', timeout: 10000 });
        assert.match(
          await f.locator('#insights-list li[data-insight-id="gone"]').innerText(),
          /pod\(s\) of this workflow no longer exist/,
        );
      }
      // Hover a bar: the tooltip says what it is (text only).
      const timeline = f.locator('#timeline');
      const box = (await timeline.boundingBox())!;
      const tooltip = f.locator('#timeline-tooltip');
      hover: for (let y = 48; y < Math.min(box.height, 200); y += 11)
        for (const x of [0.45, 0.55, 0.65, 0.75, 0.85]) {
          await timeline.hover({ position: { x: box.width * x, y } });
          if ((await tooltip.isVisible()) && /Started/.test(await tooltip.innerText())) break hover;
        }
      assert.match(await tooltip.innerText(), /Started .* UTC/);
      await wb.screenshot(`workflow-panel-failed-${theme}`);

      // A row of the table, by keyboard: the step's panel opens.
      await f.locator('#toggle-table').click();
      const link = f.locator('#rows-table tr[data-phase="Failed"]', { hasText: 'build-features' }).locator('a');
      await link.focus();
      await page.keyboard.press('Enter');
      const step = await panelFrame(page, 'build-features');
      await step.locator('#containers', { hasText: /OOMKilled|no pod/i }).waitFor({ timeout: 20000 });
      // And back: the step panel's header opens its workflow's timeline (the one already open, revealed).
      await step.locator('#open-workflow').click();
      await workflowFrame(page, /^features-build-/);
    });

    if (theme === 'dark')
      it('shows a run much slower than its history, naming the step whose time grew and the phase', async function () {
        this.timeout(180_000);
        const { page } = wb;
        // The demo's warehouse-nightly: ten runs of ~40 minutes, then one of ~2 hours (load-warehouse waited to be
        // scheduled); the newest run is first in the pick.
        const f = await openWorkflowPanel(wb, 'warehouse-nightly', true);
        await f.locator('#workflow-phase', { hasText: 'Succeeded' }).waitFor({ timeout: 20000 });
        // Named once the run is recorded with its pods (as it finishes, or read back from the cluster).
        const slow = f.locator('#insights-list li[data-insight-id="slow-run"]', { hasText: /scheduled/ });
        await slow.waitFor({ state: 'attached', timeout: 60000 });
        const text = await slow.innerText();
        assert.match(text, /3\.\dx the median of the last 10 runs/);
        assert.match(text, /load-warehouse grew from 1\dm to 1h 3\dm/);
        assert.match(text, /scheduled/);
        assert.equal(await slow.locator('a.insight-link').count(), 1, 'linked to the step that grew');
        await f.locator('#rows-table tr', { hasText: 'load-warehouse' }).first().waitFor({ state: 'attached' });
        await wb.screenshot('workflow-panel-slow-run');
        await page.keyboard.press('Escape');
      });
  });
}
