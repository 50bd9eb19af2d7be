import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { openWorkbench, type Workbench } from './support/workbench';

describe('the packaged .vsix (e2e)', function () {
  let wb: Workbench | undefined;
  const vsix = path.join(REPO_ROOT, 'argo-doctor.vsix');
  const extensionsDir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-exts-'));

  before(async () => {
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    assert.ok(existsSync(vsix));
    const { installExtension } = await import('../rig/codeServer.mjs');
    await installExtension(vsix, extensionsDir);
  });

  after(async () => {
    await wb?.close();
  });

  it('keeps sources, tests and source maps out of the package', () => {
    const r = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    assert.equal(r.status, 0, `unzip failed: ${r.stderr}`);
    const entries = r.stdout.split('\n');
    assert.ok(entries.includes('extension/dist/extension.js'));
    const leaked = entries.filter((e) => /\.(ts|map)$/.test(e) || /\/(src|test|node_modules)\//.test(e));
    assert.deepEqual(leaked, []);
    assert.ok(statSync(vsix).size < 5 * 1024 * 1024, 'the .vsix is unexpectedly large');
  });

  it('installs into code-server with --install-extension and activates', async () => {
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('argo-doctor.argo-doctor-'));
    assert.equal(installed.length, 1, `installed: ${readdirSync(extensionsDir).join(', ')}`);
    wb = await openWorkbench({ extensionsDir });
    const { page } = wb;
    await page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').waitFor({ timeout: 60000 });
    await wb.runCommand('Argo: Show Log');
    const lines = wb.page.locator('.part.panel .view-lines', { hasText: 'activated' }).first();
    await lines.waitFor({ timeout: 30000 });
    assert.match((await lines.innerText()).replace(/\s+/g, ' '), /Argo Doctor \d+\.\d+\.\d+ activated/);
    await wb.screenshot('package-installed');
  });
});
