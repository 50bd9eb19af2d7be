import assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './support/workbench';

describe('Argo Doctor in real VS Code (e2e)', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });

  after(async () => {
    await wb?.close();
  });

  it('opens the Argo Workflows view container with its welcome content', async () => {
    const { page } = wb;
    const icon = page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]');
    await icon.waitFor({ state: 'visible', timeout: 60000 });
    await icon.click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.composite.title', { hasText: /Argo Workflows/i }).waitFor({ timeout: 30000 });
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 30000 });
    await welcome.getByRole('button', { name: 'Start Demo Cluster' }).waitFor({ timeout: 10000 });
    await welcome.getByRole('button', { name: 'Connect to Current Context' }).waitFor({ timeout: 10000 });
    assert.match(await welcome.innerText(), /See the Argo Workflows of your cluster/);
    await wb.screenshot('foundation-welcome');
  });

  it('runs "Argo: Show Log" from the command palette and shows the extension log', async () => {
    const { page } = wb;
    await wb.runCommand('Argo: Show Log');
    const panel = page.locator('.part.panel');
    await panel.waitFor({ state: 'visible', timeout: 20000 });
    await panel.locator('.view-lines', { hasText: 'Argo Doctor' }).first().waitFor({ timeout: 20000 });
    const text = (await panel.locator('.view-lines').first().innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Argo Doctor \S+ activated/);
    await wb.screenshot('foundation-show-log');
  });
});
