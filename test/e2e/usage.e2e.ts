// Requested vs used in real VS Code on the demo cluster: the over-provisioned step's panel measures it through the
// demo's metrics API and shows its request, its peak and the smaller request to set; the workflow panels name the
// over-provisioned step and the step near its limit, from usage sampled in the background (no step panel open).
import assert from 'node:assert/strict';
import { openStepPanel, openWorkflowPanel, startDemoCluster } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

describe('requested vs used in the step panel (e2e)', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench({ settings: { 'argoDoctor.namespaces': ['argo'] } });
    await startDemoCluster(wb.page);
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the over-provisioned step asking 8Gi, its measured peak and the request to set instead', async () => {
    const { page } = wb;
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: 'feature-backfill' })
      .first()
      .waitFor({ timeout: 30000 });
    const f = await openStepPanel(page, [/^feature-backfill-/, '[0]', 'aggregate'], 'aggregate');
    const table = f.locator('#usage-table');
    // Judged once a minute of samples is in (sampled every 15 s, in the background since the step started).
    await table.locator('tr', { hasText: 'over-provisioned' }).first().waitFor({ timeout: 120_000 });
    const memory = table.locator('tbody tr', { hasText: 'memory' }).filter({ hasText: /^main/ }).first();
    const cells = (await memory.locator('td').allInnerTexts()).map((t) => t.trim());
    // Container, resource, request, limit, peak, average, % of request, verdict, suggested request.
    assert.deepEqual(cells.slice(0, 4), ['main', 'memory', '8Gi', '8Gi']);
    assert.match(cells[4]!, /^\d{3}Mi$/);
    assert.match(cells[6]!, /^\d%$/);
    assert.equal(cells[7], 'over-provisioned');
    assert.match(cells[8]!, /^\d{3}Mi$/);
    const advice = await f.locator('#usage .banner.warning').first().innerText();
    assert.match(advice, new RegExp(`^Request ${cells[8]} instead of 8Gi: the memory peak was ${cells[4]}`));
    assert.match(await f.locator('#usage').innerText(), /Measured by the metrics API: \d+ sample/);
    await f.locator('#usage').scrollIntoViewIfNeeded();
    await wb.screenshot('step-panel-usage');
  });

  it('names the step near its memory limit in its workflow panel, from usage sampled without a step panel', async () => {
    await wb.runCommand('View: Close All Editors');
    const f = await openWorkflowPanel(wb, 'thumbnail-resize');
    const near = f.locator('#insights-list li[data-insight-id="usage-near-limit"]');
    await near.waitFor({ state: 'attached', timeout: 90000 }); // background rounds are 15 s apart
    assert.match(await near.innerText(), /1 step ran near its limit: resize[\s\S]*Risk of OOMKilled/);
    assert.equal(await near.locator('a.insight-link').count(), 1, 'linked to the step');
    await near.scrollIntoViewIfNeeded();
    await wb.screenshot('workflow-panel-usage');
  });
});
