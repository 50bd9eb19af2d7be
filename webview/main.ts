import { isToWebview, type ToHost } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isToWebview(message)) return;
  switch (message.type) {
    case 'error': {
      const banner = document.getElementById('error') ?? document.body.appendChild(document.createElement('div'));
      banner.id = 'error';
      banner.textContent = message.message;
      break;
    }
  }
});

vscode.postMessage({ type: 'ready' });
