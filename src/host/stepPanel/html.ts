import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewHtml';

/** The step panel's page (see webviewHtml): the `webview` bundle. */
export function stepPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewHtml(webview, extensionUri, title, 'webview');
}
