import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ArgoDoctorApi } from '../../src/extension';
import type { CommandFailure } from '../../src/host/commandRegistry';
import type { CommandId } from '../../src/host/ids';

const EXTENSION_ID = 'argo-doctor.argo-doctor';

interface Manifest {
  version: string;
  contributes: { commands: { command: string }[] };
}

describe('extension in the real extension host', () => {
  it('activates and returns its API', async () => {
    const ext = vscode.extensions.getExtension<{ version: string }>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const api = await ext.activate();
    assert.ok(ext.isActive);
    assert.ok(api, 'activate() returned nothing: activation failed');
    assert.match(api.version, /^(dev|\d+\.\d+\.\d+)$/);
  });

  it('registers every command the manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = ext.packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 6, 'the manifest contributes too few commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('offers a getting-started walkthrough whose buttons run registered commands and whose pages exist', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs =
      (
        ext.packageJSON as {
          contributes: {
            walkthroughs?: { id: string; steps: { description: string; media: { markdown?: string } }[] }[];
          };
        }
      ).contributes.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]!.steps;
    assert.ok(steps.length >= 4, 'connect, sidebar, explain, lint');
    const registered = new Set(await vscode.commands.getCommands(true));
    const linked = steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!));
    assert.ok(linked.includes('argoDoctor.startDemoCluster') && linked.includes('argoDoctor.explainFailure'));
    assert.deepEqual(
      linked.filter((c) => !registered.has(c)),
      [],
      'every button runs a registered command',
    );
    for (const s of steps) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, s.media.markdown!));
      assert.ok(bytes.byteLength > 100, `${s.media.markdown} has content`);
    }
    // The walkthrough opens in the Welcome page.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ext.id}#${walkthroughs[0]!.id}`, false);
  });

  it('has the Argo Workflows view, which can be focused', async () => {
    // VS Code generates `<viewId>.focus` for every contributed view; it fails when the view does not exist.
    await vscode.commands.executeCommand('argoDoctor.workflows.focus');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('workbench.view.extension.argoDoctor'), 'the view container is not registered');
  });

  it('runs the Show Log command without error, and would see a command fail', async () => {
    const api = (await vscode.extensions.getExtension<ArgoDoctorApi>(EXTENSION_ID)!.activate())!;
    const failures: CommandFailure[] = [];
    const sub = api.commands.onDidFail((f) => failures.push(f));
    try {
      await vscode.commands.executeCommand('argoDoctor.showLog');
      assert.deepEqual(failures, []);
      // The error boundary swallows exceptions (the user sees them instead): its event is what tells a test.
      const probe = api.commands.register('argoDoctor.showLog.probe' as CommandId, () => {
        throw new Error('probe failed');
      });
      await vscode.commands.executeCommand('argoDoctor.showLog.probe');
      probe.dispose();
      assert.deepEqual(failures, [{ id: 'argoDoctor.showLog.probe', message: 'probe failed' }]);
    } finally {
      sub.dispose();
    }
  });
});
