// Explaining what a workflow waits for, in real VS Code on the demo cluster: a workflow held by a semaphore (the
// whole workflow waits: the explanation opens as a report) and a GPU step no node can take (the explanation opens
// on the step's panel, naming the missing resource and the node that comes closest).
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { REAL } from './support/realCluster';
import { panelFrame, startDemoCluster } from './support/steps';
import { openWorkbench, type Workbench } from './support/workbench';

/** The frame (a webview, e.g. the Markdown preview) whose body shows `text`. */
async function frameWithText(page: Page, text: RegExp, timeoutMs = 30000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      const body = await f
        .locator('body')
        .innerText({ timeout: 500 })
        .catch(() => '');
      if (text.test(body)) return f;
    }
    if (Date.now() > until) throw new Error(`no frame shows ${text}`);
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
}

if (!REAL)
  describe('explaining what a workflow waits for, in real VS Code (e2e)', function () {
    let wb: Workbench;

    before(async () => {
      wb = await openWorkbench({ settings: { 'argoDoctor.namespaces': ['waiting'] } });
      await startDemoCluster(wb.page);
    });
    after(async () => {
      await wb?.close();
    });

    /** Runs "Argo: Explain Failure" and picks the workflow whose name starts with `prefix`. */
    async function explain(prefix: string): Promise<string> {
      await wb.runCommand('View: Close All Editors');
      await wb.runCommand('Argo: Explain Failure');
      const pick = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: prefix }).first();
      await pick.waitFor({ timeout: 30000 });
      const name = new RegExp(`${prefix}-[a-z0-9]+`).exec(await pick.innerText())![0];
      await pick.click();
      return name;
    }

    it('explains a workflow held by a semaphore, naming the lock, its limit and its holders', async () => {
      const { page } = wb;
      // The tree row says what it waits for.
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: 'load-invoices' })
        .filter({ hasText: 'waiting for semaphore' })
        .first()
        .waitFor({ timeout: 30000 });
      const name = await explain('load-invoices');
      const f = await frameWithText(page, /semaphore-held/);
      const text = await f.locator('body').innerText();
      assert.match(text, new RegExp(name));
      assert.match(text, /semaphore db-writers \(key db-writers of ConfigMap semaphore-limits/);
      assert.match(text, /limit is 2/);
      assert.match(text, /held by 2 workflows: load-orders-[a-z0-9]+ \(Running/);
      assert.match(text, /load-payments-[a-z0-9]+ \(Running/);
      await wb.screenshot('waiting-semaphore');
    });

    it('explains an unschedulable GPU step, naming the missing resource and the closest node', async () => {
      const { page } = wb;
      await explain('train-llm');
      const f = await panelFrame(page, 'train');
      await f.locator('#explanation-root', { hasText: 'insufficient-resources' }).waitFor({ timeout: 30000 });
      const summary = await f.locator('#explanation-summary').innerText();
      assert.match(summary, /requests 2 nvidia\.com\/gpu/);
      assert.match(
        summary,
        /closest: ip-10-0-9-5\.ec2\.internal \(zone us-east-1a, g5\.xlarge\): 1 nvidia\.com\/gpu allocatable, 1 in use; the step asks 2/,
      );
      await f.locator('#explanation-root').scrollIntoViewIfNeeded();
      await wb.screenshot('waiting-gpu');
    });
  });
