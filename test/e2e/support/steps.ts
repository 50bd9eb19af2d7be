// Finding the step panel's webview and opening steps from the Workflows tree, for e2e tests.
import type { Frame, Locator, Page } from 'playwright-core';

/** The frame of the step panel's webview showing `step` (code-server nests webviews in two iframes). */
export async function panelFrame(page: Page, step: string, timeoutMs = 30000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      const title = await f
        .locator('#app #title')
        .innerText({ timeout: 500 })
        .catch(() => '');
      if (title.startsWith(step)) return f;
    }
    if (Date.now() > until) throw new Error(`no step panel for ${step}`);
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
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
