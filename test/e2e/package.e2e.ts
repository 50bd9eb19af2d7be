import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { packagedExtension, VSIX } from './support/vsix';
import { openWorkbench, type Workbench } from './support/workbench';

describe('the packaged .vsix (e2e)', function () {
  let wb: Workbench | undefined;
  let extensionsDir: string;

  before(async () => {
    extensionsDir = await packagedExtension();
  });

  after(async () => {
    await wb?.close();
  });

  it('keeps sources, tests and source maps out of the package', () => {
    const r = spawnSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' });
    assert.equal(r.status, 0, `unzip failed: ${r.stderr}`);
    const entries = r.stdout.split('\n');
    assert.ok(entries.includes('extension/dist/extension.js'));
    const leaked = entries.filter((e) => /\.(ts|map)$/.test(e) || /\/(src|test|node_modules)\//.test(e));
    assert.deepEqual(leaked, []);
    assert.ok(statSync(VSIX).size < 5 * 1024 * 1024, 'the .vsix is unexpectedly large');
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
