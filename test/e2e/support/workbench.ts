// Real VS Code (code-server) with the extension loaded in development mode, driven through Chromium.
import { mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/paths';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results');

export interface Workbench {
  page: Page;
  /** Saves test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Runs a command by its palette title, e.g. "Argo: Show Log". */
  runCommand(title: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  folder?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Installed extension instead of development mode: pass an extensions dir that has it. */
  extensionsDir?: string;
}

export async function openWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const { startCodeServer } = await import('../../rig/codeServer.mjs');
  const { launchBrowser } = await import('../../rig/browser.mjs');
  // The user's ~/.kube/config must not reach the tests: without a given KUBECONFIG, VS Code sees none.
  const env = { KUBECONFIG: path.join(os.tmpdir(), 'argo-doctor-e2e-no-kubeconfig', 'config'), ...opts.env };
  const server = await startCodeServer({ settings: opts.settings, env, extensionsDir: opts.extensionsDir });
  let browser: BrowserContext | undefined;
  try {
    browser = await launchBrowser();
    const page = browser.pages()[0] ?? (await browser.newPage());
    const folder = opts.folder ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
    await page.goto(
      server.workbenchUrl({ folder, extensionDevelopmentPath: opts.extensionsDir ? undefined : REPO_ROOT }),
    );
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 60000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const b = browser;
    return {
      page,
      async screenshot(name) {
        const file = path.join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async runCommand(title) {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10000 });
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ state: 'visible', timeout: 20000 });
        await input.press('Enter');
      },
      async close() {
        await b.close().catch(() => {});
        await server.stop();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw e;
  }
}
