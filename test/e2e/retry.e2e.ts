// "Retry Failed Steps" in real VS Code (issue #18): from a failed workflow's row, with a new parameter value, the
// failed step runs again and the workflow succeeds while the succeeded step keeps its result. With
// ARGO_DOCTOR_CLUSTER=real the retry is carried out by Argo's own workflow-controller on the real cluster and the
// result is read back through the Kubernetes API; on the demo cluster the same clicks retry its features-build run.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { ADMIN_CONTEXT } from '../real-cluster/cluster';
import { phaseOf, podNode } from '../support/clusterTarget';
import { realTargetOn } from '../support/realTarget';
import { realCluster, REAL } from './support/realCluster';
import { openWorkbench, type Workbench } from './support/workbench';

describe(`retry from the failed step in real VS Code${REAL ? ', on the real cluster' : ''} (e2e)`, function () {
  let wb: Workbench | undefined;
  let target: ReturnType<typeof realTargetOn> | undefined;

  before(async function () {
    this.timeout(900_000); // the first real run may build the cluster's components
    const env = REAL ? { KUBECONFIG: (await realCluster()).kubeconfigPath } : undefined;
    if (REAL) target = realTargetOn(env!.KUBECONFIG);
    wb = await openWorkbench({ env, settings: { 'argoDoctor.namespaces': ['argo'] } });
  });
  after(async () => {
    await wb?.close();
  });

  it('re-runs only the failed step, with a new parameter value, and the workflow succeeds', async function () {
    this.timeout(300_000);
    const { page } = wb!;
    // Real: a two-step workflow whose `load` step fails because its parameter says so (kwok ends the pod as the
    // parameter asks); `extract` succeeded. Demo: features-build, whose build-features step was OOMKilled.
    const failedRun = target?.failedOnParameter?.();
    await page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click();
    if (!REAL) await page.locator('.welcome-view-content').getByRole('button', { name: 'Start Demo Cluster' }).click();
    await page
      .locator('.statusbar-item', { hasText: REAL ? ADMIN_CONTEXT : 'argo-doctor-demo' })
      .waitFor({ timeout: 30000 });
    const run = await failedRun;
    const tree = page
      .locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Workflows/ }) })
      .locator('.monaco-list')
      .first();
    const failedRow = tree
      .locator('.monaco-list-row[aria-level="1"]', { hasText: run ? run.workflow.metadata!.name! : 'features-build' })
      .filter({ hasText: /Failed|Error/ })
      .first();
    await failedRow.waitFor({ timeout: 90_000 });
    const name = /[a-z0-9-]+-[a-z0-9]{5}/.exec(await failedRow.innerText())![0];

    // The row's inline Retry button asks how to retry.
    await startRetry(page, failedRow);
    const how = page.locator('.quick-input-list .monaco-list-row', {
      hasText: run ? 'Retry with new parameter values' : 'Retry the failed steps',
    });
    await how.waitFor({ timeout: 10000 });
    assert.match(
      await page.locator('.quick-input-list').innerText(),
      new RegExp(`Runs again: ${run ? run.failed : 'build-features'}\\. Keeps 1 succeeded step\\.`),
    );
    await wb!.screenshot(`retry-${REAL ? 'real-' : ''}choose`);
    await how.click();
    if (run) {
      // One input per workflow parameter, filled with its current value.
      const input = page.locator('.quick-input-widget input');
      await page.locator('.quick-input-widget', { hasText: `parameter ${run.parameter}` }).waitFor({ timeout: 10000 });
      assert.equal(await input.inputValue(), 'exit:1');
      await input.fill(run.fix);
      await input.press('Enter');
    }
    // The controller runs the step again; the tree follows the watch to Succeeded.
    const succeededRow = tree
      .locator('.monaco-list-row[aria-level="1"]', { hasText: name })
      .filter({ hasText: 'Succeeded' })
      .first();
    await succeededRow.waitFor({ timeout: 120_000 });
    // The user was told what runs again. (code-server files the message in the notification centre without a toast
    // here, so it is read there.)
    await wb!.runCommand('Notifications: Show Notifications');
    const told = page.locator('.notifications-center .notification-list-item-message', {
      hasText: `retrying ${name}:`,
    });
    await told.waitFor({ timeout: 10000 });
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.match(
      await told.innerText(),
      new RegExp(`${run ? run.failed : 'build-features'} runs again; the other steps keep their results`),
    );
    await wb!.screenshot(`retry-${REAL ? 'real-' : ''}succeeded`);

    if (run) {
      // What Argo's controller did, read through the API: the kept step did not run again, the failed one did.
      const done = await target!.waitWorkflow('argo', name, (w) => phaseOf(w) === 'Succeeded', 30_000, 'success');
      const before = podNode(run.workflow, run.kept)!;
      assert.equal(podNode(done, run.kept)?.id, before.id);
      assert.equal(podNode(done, run.kept)?.startedAt, before.startedAt, `${run.kept} did not run again`);
      assert.equal(podNode(done, run.failed)?.phase, 'Succeeded');
      assert.equal(
        ((done?.spec as { arguments?: { parameters?: { name: string; value: string }[] } }).arguments?.parameters ??
          [])[0]?.value,
        run.fix,
        'the new parameter value is in the workflow',
      );
    }
  });
});

/** Clicks the row's inline Retry button until the quick pick opens (a click during a tree re-render is lost). */
async function startRetry(page: Page, row: Locator): Promise<void> {
  const quickInput = page.locator('.quick-input-widget');
  for (let attempt = 1; ; attempt++) {
    await row.hover();
    await row.locator('.action-label[aria-label="Retry Failed Steps"]').click({ timeout: 5000 });
    try {
      await quickInput.waitFor({ state: 'visible', timeout: 5000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}
