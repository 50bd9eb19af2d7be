import * as vscode from 'vscode';
import type { LintDiagnostics } from './diagnostics';

/** "Argo: Lint Workspace": lints every YAML file with an Argo manifest, with a cancellable progress notification. */
export async function lintWorkspace(
  diagnostics: LintDiagnostics,
): Promise<{ files: number; errors: number; warnings: number }> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Argo Doctor: linting workflow YAML', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles(
        '**/*.{yaml,yml}',
        '**/{node_modules,.git,dist,out,.vscode-test}/**',
        10000,
        token,
      );
      let files = 0;
      let errors = 0;
      let warnings = 0;
      for (const [i, uri] of uris.entries()) {
        if (token.isCancellationRequested) break;
        if (i % 20 === 0)
          progress.report({ message: `${i}/${uris.length} files`, increment: (20 / Math.max(uris.length, 1)) * 100 });
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        if (!text.includes('argoproj.io')) continue;
        files++;
        const findings = diagnostics.lint(uri, text, true);
        errors += findings.filter((f) => f.severity === 'error').length;
        warnings += findings.filter((f) => f.severity === 'warning').length;
      }
      const summary = `Argo Doctor: linted ${files} Argo file${files === 1 ? '' : 's'}: ${errors} error(s), ${warnings} warning(s).`;
      void vscode.window.showInformationMessage(summary, 'Open Problems').then((choice) => {
        if (choice === 'Open Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return { files, errors, warnings };
    },
  );
}
