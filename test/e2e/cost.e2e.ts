// Cost and scale health in real VS Code on the demo cluster: with prices in the settings, the workflow panel of the
// resubmitted fine-tune-llm run says what it cost and what went to re-running steps that had succeeded, and a row's
// tooltip gives the cost; the sidebar's Insights group names the crowded namespace's kept workflows, the workflow
// near the size limit and the fan-out without parallelism.
import assert from 'node:assert/strict';
import { REAL } from './support/realCluster';
import { startDemoCluster, widenSidebar, workflowFrame } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

if (!REAL)
  describe('cost and scale health in real VS Code (e2e)', function () {
    let wb: Workbench;

    before(async () => {
      wb = await openWorkbench({
        settings: {
          'argoDoctor.namespaces': ['ml-team', 'crowded'],
          // Every workflow of both namespaces is a row (crowded alone has 301).
          'argoDoctor.workflows.limit': 1000,
          'argoDoctor.cost.cpuHour': 0.04,
          'argoDoctor.cost.memoryGiBHour': 0.005,
          'argoDoctor.cost.gpuHour': 2.5,
        },
      });
      await startDemoCluster(wb.page);
    });
    after(async () => {
      await wb?.close();
    });

    it('shows the scale-health insights of the crowded namespace at the top of the sidebar', async function () {
      this.timeout(180_000);
      const { page } = wb;
      const rows = page.locator('.part.sidebar .monaco-list-row');
      const group = rows.filter({ hasText: /^Insights/ }).first();
      await group.waitFor({ timeout: 60000 });
      const kept = rows.filter({ hasText: '300 completed workflows kept in crowded' }).first();
      await kept.waitFor({ timeout: 30000 });
      assert.match(await kept.innerText(), /the oldest 25 days old/);
      await rows
        .filter({ hasText: /bulk-ingest-5tq8n is near the size limit of an object \(1\.\d\d MB/ })
        .first()
        .waitFor();
      await rows
        .filter({ hasText: /bulk-ingest-5tq8n fans out to 3,200 pods at once/ })
        .first()
        .waitFor();
      // The Insights group comes before any workflow or namespace row.
      const first = await rows.first().innerText();
      assert.match(first, /^Insights/);
      // A wider sidebar, so that the insights read in full on the screenshot.
      const bar = await widenSidebar(page, 330);
      // Its tooltip says what fixes it (VS Code may ignore the first hover right after the drag: hover again).
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Fix:' }).first();
      // The text is read while the hover shows (a re-render of the tree may close it right after).
      let tooltip = '';
      for (let attempt = 0; !tooltip; attempt++) {
        await page.mouse.move(bar.x + 900, bar.y + bar.height / 2);
        await kept.hover();
        tooltip = await hover
          .waitFor({ timeout: 5000 })
          .then(() => hover.innerText({ timeout: 2000 }))
          .catch(() => '');
        if (!tooltip && attempt === 3) throw new Error('no tooltip on the insight row');
      }
      assert.match(tooltip, /ttlStrategy[\s\S]*workflowDefaults/);
      await wb.screenshot('scale-health');
      await page.keyboard.press('Escape');
    });

    it('shows what the resubmitted run cost in its workflow panel, and a run’s cost in its tooltip', async function () {
      this.timeout(180_000);
      const { page } = wb;
      const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'fine-tune-llm-8kq2m' }).first();
      await row.waitFor({ timeout: 30000 });
      await row.hover();
      const tip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Cost: ~$' }).first();
      await tip.waitFor({ timeout: 20000 });
      assert.match(
        await tip.innerText(),
        // VS Code writes the spaces of a tooltip's text as non-breaking spaces.
        /Cost:\s~\$\d+\.\d\d\s\(CPU\s\$\d+\.\d\d,\smemory\s\$\d+\.\d\d,\sGPU\s\$\d+\.\d\d\)/,
      );
      await page.keyboard.press('Escape');

      await wb.runCommand('Argo: Open Workflow Panel');
      // The pick lists hundreds of workflows (failed first): filter it to the run.
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 20000 });
      await page.locator('.quick-input-widget input').fill('fine-tune-llm-x9w3d');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'fine-tune-llm-x9w3d' }).first();
      await pick.waitFor({ timeout: 20000 });
      await pick.click();
      const f = await workflowFrame(page, /^fine-tune-llm-x9w3d/);
      await f.locator('#workflow-phase', { hasText: 'Succeeded' }).waitFor({ timeout: 20000 });
      const cost = f.locator('#insights-list li[data-insight-id="cost"]');
      // The run it was resubmitted from is read once, whole, to compare: then the re-run steps are counted.
      await cost.filter({ hasText: 're-run succeeded steps' }).waitFor({ state: 'attached', timeout: 60000 });
      const text = await cost.innerText();
      assert.match(text, /This run cost ~\$\d+\.\d\d \(CPU \$\d+\.\d\d, memory \$\d+\.\d\d, GPU \$\d+\.\d\d\)/);
      assert.match(text, /2 steps that had succeeded there ran again/);
      assert.equal(await cost.locator('a.insight-link').count(), 1, 'linked to the most expensive step');
      await wb.screenshot('cost');
    });
  });

if (!REAL)
  describe('what a template run cost, in real VS Code (e2e)', function () {
    let wb: Workbench;

    before(async () => {
      wb = await openWorkbench({
        settings: {
          'argoDoctor.namespaces': ['argo'],
          'argoDoctor.cost.cpuHour': 0.04,
          'argoDoctor.cost.memoryGiBHour': 0.005,
        },
      });
      await startDemoCluster(wb.page);
    });
    after(async () => {
      await wb?.close();
    });

    it("shows the cost of the cron workflow's last run against its usual runs", async function () {
      this.timeout(180_000);
      const { page } = wb;
      // Only this view: the Workflows view collapsed makes room for the runs.
      await page.locator('.part.sidebar .pane-header', { hasText: /^Workflows/ }).click();
      await page.locator('.part.sidebar .pane-header', { hasText: 'Templates & Schedules' }).click();
      const pane = page.locator('.part.sidebar .pane', { hasText: 'Templates & Schedules' });
      const cron = pane.locator('.monaco-list-row', { hasText: 'warehouse-nightly' }).first();
      await cron.waitFor({ timeout: 30000 });
      // Its twistie expands it (a click on the row opens its manifest).
      if ((await cron.getAttribute('aria-expanded')) === 'false') await cron.locator('.monaco-tl-twistie').click();
      const history = pane.locator('.monaco-list-row', { hasText: /Last \d+ runs/ }).first();
      await history.waitFor({ timeout: 60000 });
      await history
        .filter({ hasText: /last run \$\d+\.\d\d · median \$\d+\.\d\d \(costly\)/ })
        .waitFor({ timeout: 30000 });
      const newest = pane.locator('.monaco-list-row', { hasText: /slow: \d\.\dx usual/ }).first();
      assert.match(await newest.innerText(), /\$\d+\.\d\d · cost: \d+(\.\d)?x usual/);
      await page.mouse.move(600, 600); // no hover on the screenshot
      await widenSidebar(page, 420);
      await wb.screenshot('template-run-cost');
    });
  });
