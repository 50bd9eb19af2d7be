import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, type Workbench } from './support/workbench';

const WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: greet-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: say
            template: hello
    - name: hello
      container:
        image: alpine:3.20
        command: [echo, hello]
`;

describe('lint journey in real VS Code (e2e)', function () {
  let wb: Workbench;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-ws-'));
  const file = path.join(folder, 'greet.yaml');

  before(async () => {
    writeFileSync(file, WORKFLOW);
    wb = await openWorkbench({ folder });
  });

  after(async () => {
    await wb?.close();
  });

  it('shows a typo in a template name in Problems and repairs it with the quick fix', async () => {
    const { page } = wb;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('greet.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'greet.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.locator('.view-line', { hasText: 'template: hello' }).waitFor();
    // Go to the end of "template: hello" (line 11) and type a typo, as a user would.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':11:28');
    await page.keyboard.press('Enter');
    await page.keyboard.type('w');
    await editor.locator('.view-line', { hasText: 'template: hellow' }).waitFor();

    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    const row = problems.locator('.monaco-list-row', { hasText: "references template 'hellow'" });
    await row.waitFor({ timeout: 20000 });
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /did you mean 'hello'\?/);
    await editor.locator('.squiggly-error').first().waitFor();
    await wb.screenshot('lint-problem');

    // Quick fix from the editor: Ctrl+. on the squiggle, then the preferred fix.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':11:25');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'hello'" });
    await fix.waitFor({ timeout: 10000 });
    await wb.screenshot('lint-quick-fix');
    await fix.click();
    await editor.locator('.view-line', { hasText: 'template: hellow' }).waitFor({ state: 'detached' });
    await editor.locator('.view-line', { hasText: 'template: hello' }).waitFor();
    await row.waitFor({ state: 'detached', timeout: 20000 });
    await page.keyboard.press('Control+S');
    await wb.screenshot('lint-fixed');
    await waitFor(() => readFileSync(file, 'utf8') === WORKFLOW, 10000);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100)); // polling a file written by another process
  }
}
