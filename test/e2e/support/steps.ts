// Finding the step and workflow panels' webviews and opening them from the Workflows tree or the palette, for e2e
// tests.
import type { Frame, Locator, Page } from 'playwright-core';
import type { Workbench } from './workbench';

/** The first frame whose element `selector` has a text `matches` accepts (code-server nests webviews in two iframes). */
async function frameWhose(
  page: Page,
  selector: string,
  matches: (text: string) => boolean,
  what: string,
  timeoutMs: number,
): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      const text = await f
        .locator(selector)
        .innerText({ timeout: 500 })
        .catch(() => '');
      if (text && matches(text)) return f;
    }
    if (Date.now() > until) throw new Error(`no ${what}`);
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
}

/** The frame of the step panel's webview showing `step`. */
export function panelFrame(page: Page, step: string, timeoutMs = 30000): Promise<Frame> {
  return frameWhose(page, '#app #title', (t) => t.startsWith(step), `step panel for ${step}`, timeoutMs);
}

/** The frame of the workflow panel's webview whose title matches `workflow`. */
export function workflowFrame(page: Page, workflow: RegExp, timeoutMs = 30000): Promise<Frame> {
  return frameWhose(page, '#app #workflow-title', (t) => workflow.test(t), `workflow panel for ${workflow}`, timeoutMs);
}

/**
 * Opens the panel of a workflow whose name starts with `workflow` from the palette: the first one the pick lists
 * (failed first, newest first), or with `newest`, the one with the greatest name (runs of a CronWorkflow end in
 * their time).
 */
export async function openWorkflowPanel(wb: Workbench, workflow: string, newest = false): Promise<Frame> {
  const { page } = wb;
  await wb.runCommand('Argo: Open Workflow Panel');
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: workflow });
  const nameOf = async (row: typeof rows) => new RegExp(`${workflow}-[a-z0-9]+`).exec(await row.innerText())![0];
  let pick = rows.first();
  if (newest) {
    // The pick shows only the rows in view: filtered to these runs, every one of them is (sorted by label then).
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 20000 });
    await page.locator('.quick-input-widget input').fill(workflow);
    await pick.waitFor({ timeout: 20000 });
    const names = await Promise.all((await rows.all()).map((r) => nameOf(r)));
    const latest = [...names].sort().at(-1)!;
    pick = rows.filter({ hasText: latest }).first();
  }
  await pick.waitFor({ timeout: 20000 });
  const name = new RegExp(`^${await nameOf(pick)}`);
  await pick.click();
  return workflowFrame(page, name);
}

/**
 * Opens a step's panel from the tree and returns its frame. The tree re-renders whenever a workflow changes (often,
 * on a real cluster); a click or expansion that lands mid-render is lost, so the whole path is tried again (at most
 * three times) when a row does not show up or the panel does not open.
 */
export async function openStepPanel(page: Page, path: (string | RegExp)[], step: string): Promise<Frame> {
  for (let attempt = 1; ; attempt++) {
    try {
      await openStep(page, path);
      return await panelFrame(page, step, 10000);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * Collapses the tree, then expands rows by their exact label, one level after another, and clicks the last. Each
 * expansion is confirmed (aria-expanded) so a keypress lost to a re-render is pressed again.
 */
export async function openStep(page: Page, path: (string | RegExp)[], rowTimeoutMs = 30000): Promise<void> {
  const pane = page
    .locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Workflows/ }) })
    .first();
  await pane.locator('.pane-header').hover();
  await pane.locator('.pane-header .action-label[aria-label="Collapse All"]').click();
  const tree = pane.locator('.monaco-list').first();
  for (const [i, label] of path.entries()) {
    const exact = typeof label === 'string' ? new RegExp(`^${label.replace(/[[\]().*+?^$|\\]/g, '\\$&')}$`) : label;
    const row = tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ timeout: rowTimeoutMs });
    await row.click();
    if (i === path.length - 1) break;
    const until = Date.now() + rowTimeoutMs;
    while ((await row.getAttribute('aria-expanded', { timeout: rowTimeoutMs })) === 'false') {
      if (Date.now() > until) throw new Error(`row ${String(label)} did not expand`);
      await row.click();
      await page.keyboard.press('ArrowRight');
      await row
        .and(page.locator('[aria-expanded="true"]'))
        .waitFor({ timeout: 2000 })
        .catch(() => undefined);
    }
  }
}

/**
 * Opens the panel of the failed step a failed workflow's row lists first ("failed step"), with one click. The demo's
 * tree re-renders when a workflow changes phase and a click mid-render is lost: tried at most three times.
 */
export async function openFailedStep(page: Page, tree: Locator, step: string): Promise<Frame> {
  const row = tree.locator('.monaco-list-row', { hasText: step }).filter({ hasText: 'failed step' }).first();
  for (let attempt = 1; ; attempt++) {
    await row.waitFor({ timeout: 30000 });
    await row.click();
    try {
      return await panelFrame(page, step, 10000);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Drags the sidebar's edge `px` to the right, so long rows read in full on a screenshot; returns its old box. */
export async function widenSidebar(
  page: Page,
  px: number,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const bar = (await page.locator('.part.sidebar').boundingBox())!;
  await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width + px, bar.y + bar.height / 2, { steps: 5 });
  await page.mouse.up();
  return bar;
}

/** Opens the Argo Workflows view, starts the demo cluster from its welcome view and waits until it is connected. */
export async function startDemoCluster(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click();
  await page.locator('.welcome-view-content').getByRole('button', { name: 'Start Demo Cluster' }).click();
  await page.locator('.statusbar-item', { hasText: 'argo-doctor-demo' }).waitFor({ timeout: 30000 });
}
