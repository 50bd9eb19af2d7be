// Issue #16 in real VS Code: a namespace of 10,000 finished workflows of 200 nodes and one workflow of 100,000 nodes
// (the demo cluster, populated). The sidebar shows its first rows and a "Show more" row, the huge workflow opens on
// its failed step, and that step opens in the step panel. Speed and memory targets live in `npm run bench`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/server';
import { REAL } from './support/realCluster';
import { panelFrame } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

if (!REAL)
  describe('a namespace of 10,000 workflows and a workflow of 100,000 nodes in real VS Code (e2e)', function () {
    this.timeout(300_000);
    let demo: DemoCluster;
    let wb: Workbench;

    before(async function () {
      this.timeout(300_000);
      demo = await startDemoCluster({
        clock: 'manual',
        population: { workflows: 10_000, nodes: 200, bigWorkflow: 100_000 },
      });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-e2e-scale-'));
      const kubeconfig = path.join(dir, 'config');
      writeFileSync(kubeconfig, demo.kubeconfig({ contextName: 'crowded' }));
      wb = await openWorkbench({ env: { KUBECONFIG: kubeconfig } });
      await wb.page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click();
      await wb.page.locator('.statusbar-item', { hasText: 'crowded' }).waitFor({ timeout: 60_000 });
    });
    after(async () => {
      await wb?.close();
      await demo?.close();
    });

    it('lists the namespace: its first rows, failed first, and a row that shows more', async () => {
      const { page } = wb;
      const tree = page.locator('.part.sidebar .pane', {
        has: page.locator('.pane-header', { hasText: /^Workflows/ }),
      });
      const rows = tree.locator('.monaco-list-row');
      await rows
        .filter({ hasText: /^scale-\d+/ })
        .first()
        .waitFor({ timeout: 60_000 });
      // Failed first: the first workflow row is a failed one, and it names the step it failed at once read.
      await rows
        .filter({ hasText: /^scale-\d+Failed at / })
        .first()
        .waitFor({ timeout: 60_000 });
      // Its label and description in one match: the row may re-render between two reads.
      const more = tree.locator('.monaco-list-row', { hasText: /Show 300 more\s*9,701 older workflows not shown/ });
      // The "show more" row ends the 300 rows: End moves the tree's focus (and its scroll) to the last row. While the
      // list still arrives the root re-renders and the scroll may stay short of the end: pressed again until it shows.
      await rows
        .filter({ hasText: /^scale-\d+/ })
        .first()
        .click();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('End');
        const shown = await more.waitFor({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        if (shown) break;
        if (attempt >= 30) {
          await wb.screenshot('debug-scale-more');
          throw new Error('no "Show 300 more" row at the end of the tree');
        }
      }
      await wb.screenshot('scale-10k-namespace');
    });

    it('opens the 100,000-node workflow on its failed step, and that step in the panel', async () => {
      const { page } = wb;
      const pane = page.locator('.part.sidebar .pane', {
        has: page.locator('.pane-header', { hasText: /^Workflows/ }),
      });
      await pane.locator('.pane-header').hover();
      await pane.locator('.pane-header .action-label[aria-label="Collapse All"]').click();
      await pane.locator('.monaco-list-row').first().click();
      await page.keyboard.press('Home');
      const row = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^scale-big$/ }) });
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      if ((await row.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
      const failed = pane.locator('.monaco-list-row').filter({ hasText: 'failed step' }).first();
      await failed.waitFor({ timeout: 60_000 });
      const step = (await failed.locator('.label-name').innerText()).trim();
      await wb.screenshot('scale-100k-workflow');
      await failed.click();
      const f = await panelFrame(page, step, 60_000);
      // Its pod was garbage-collected (podGC), so the panel shows the step as Argo recorded it.
      await f.locator('#app', { hasText: 'OOMKilled' }).first().waitFor({ timeout: 60_000 });
      await f.locator('#pod-missing').waitFor({ timeout: 60_000 });
      await wb.screenshot('scale-100k-step-panel');
      // Explain works on it too, from the evidence Argo recorded (the pods are gone): out of memory, and which pods
      // of the workflow no longer exist (a few of its 60,000, with the count).
      await f.locator('#explain').click();
      await f.locator('#explanation-root', { hasText: /oom-killed/ }).waitFor({ timeout: 60_000 });
      await f.locator('#explanation-disappeared li').first().waitFor({ timeout: 30_000 });
      await f.locator('p', { hasText: /^… and [\d,]+ more$/ }).waitFor({ timeout: 30_000 });
      await wb.screenshot('scale-100k-explained');
    });
  });
