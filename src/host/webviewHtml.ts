import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * A panel's page: a strict CSP (nothing by default; our script by nonce only; styles and fonts from the extension),
 * no inline handlers, and no cluster data: that arrives by postMessage and is rendered as text. `bundle` names the
 * script and stylesheet built into dist/ (`webview` for the step panel, `workflowPanel` for the workflow panel).
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, bundle: string): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...p)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicons', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset(`${bundle}.css`)}">
<title>${esc(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${asset(`${bundle}.js`)}"></script>
</body>
</html>`;
}
