import assert from 'node:assert/strict';
import * as vscode from 'vscode';

function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 15000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (predicate(d)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `timed out waiting for diagnostics; have: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((x) => x.message))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('lint in the editor', () => {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const broken = vscode.Uri.joinPath(folder, 'broken-pipeline.yaml');

  it('shows every problem of an opened workflow as diagnostics, with exact ranges', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(broken));
    const diags = await waitForDiagnostics(broken, (d) => d.filter((x) => x.source === 'argo-doctor').length >= 3);
    const byRule = new Map(diags.map((d) => [codeOf(d), d]));
    const ref = byRule.get('template-ref');
    assert.ok(ref, `no template-ref diagnostic in ${JSON.stringify(diags.map((d) => d.message))}`);
    assert.match(ref.message, /did you mean 'train-model'/);
    assert.equal(ref.range.start.line, 14);
    assert.ok(byRule.get('unknown-field'));
    assert.ok(byRule.get('unresolved-variable'));
  });

  it('fixes a typo with the quick fix, and the diagnostic goes away', async () => {
    const diags = vscode.languages.getDiagnostics(broken).filter((d) => codeOf(d) === 'unknown-field');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      broken,
      diags[0]!.range,
    );
    const fix = actions.find((a) => a.title === "Rename to 'command'");
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    await waitForDiagnostics(broken, (d) => !d.some((x) => codeOf(x) === 'unknown-field'));
    const doc = await vscode.workspace.openTextDocument(broken);
    assert.match(doc.getText(), /\bcommand: \[python, prepare.py\]/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('leaves YAML files without Argo manifests alone', async () => {
    const other = vscode.Uri.joinPath(folder, 'not-argo.yaml');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('services:\n  web: [unclosed\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    // Give the linter a chance to run by linting an Argo file after it and waiting for that one.
    await vscode.commands.executeCommand('argoDoctor.lintWorkspace');
    assert.equal(vscode.languages.getDiagnostics(other).filter((d) => d.source === 'argo-doctor').length, 0);
    await vscode.workspace.fs.delete(other);
  });

  const hoverText = async (line: number, character: number) => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      broken,
      new vscode.Position(line, character),
    );
    return hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
  };

  it('hovers template references with what is known of them', async () => {
    assert.match((await hoverText(10, 26)).replace(/\\/g, ''), /prepare-data\*\* — container template/);
    assert.match(await hoverText(14, 26), /WorkflowTemplate 'shared-steps' has no template 'train-modle'/);
  });

  it('hovers a field name with what Argo says it is', async () => {
    const text = await hoverText(5, 4);
    assert.match(text, /entrypoint/);
    assert.match(text, /template reference to the starting point/i);
  });

  it('goes to the definition of a local template', async () => {
    const locs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      broken,
      new vscode.Position(10, 26),
    );
    assert.equal(locs[0]?.uri.fsPath, broken.fsPath);
    assert.equal(locs[0]?.range.start.line, 19);
  });
});
