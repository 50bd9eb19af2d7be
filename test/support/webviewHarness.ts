// A webview bundle (the step panel's `webview`, or `workflowPanel`) on a plain page, with the same CSP as in VS Code
// and a stub of the VS Code API that records what the page posts. For the hostile-strings test and the benchmarks.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export interface Harness {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };

export async function startWebviewHarness(bundle = 'webview'): Promise<Harness> {
  const dist = path.join(REPO_ROOT, 'dist');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      const origin = `http://${req.headers.host}`;
      const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin}; font-src ${origin}; img-src ${origin}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(`<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="/codicons/codicon.css" id="vscode-codicon-stylesheet"><link rel="stylesheet" href="/${bundle}.css"></head>
<body><main id="app"></main>
<script nonce="${nonce}">
window.__posted = []; window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
</script>
<script nonce="${nonce}" src="/${bundle}.js"></script></body></html>`);
      return;
    }
    const file = path.join(dist, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A plausible snapshot of a failed step, with `text` put into every cluster-controlled string. */
export function snapshotWith(text: string): unknown {
  return {
    workflow: { name: `wf-${text}`, namespace: text, phase: 'Failed' },
    step: {
      id: 'n1',
      name: text,
      displayName: text,
      type: 'Pod',
      phase: 'Failed',
      message: text,
      template: text,
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:01:00Z',
      duration: '1m 00s',
      hostNodeName: text,
      exitCode: '1',
      exitMeaning: 'x',
      attempts: [{ name: text, phase: 'Failed', message: text }],
      inputs: [{ name: text, value: text }],
      outputs: [{ name: text, value: text }],
    },
    pod: {
      state: 'present',
      name: text,
      phase: 'Failed',
      reason: text,
      message: text,
      conditions: [{ type: text, status: 'False', reason: text, message: text }],
      qosClass: text,
      serviceAccount: text,
      nodeSelector: [text],
      tolerations: [text],
      affinity: text,
      restartPolicy: 'Never',
      podIP: text,
      nodeName: text,
      containers: [
        {
          name: 'main',
          kind: 'main',
          image: text,
          state: 'terminated',
          reason: text,
          message: text,
          exitCode: 1,
          exitMeaning: text,
          restarts: 0,
          lastState: text,
          requests: text,
          limits: text,
        },
      ],
    },
    events: [
      {
        object: 'Pod',
        type: 'Warning',
        reason: text,
        message: text,
        count: 1,
        lastSeen: '2026-01-01T00:00:00Z',
        age: '1m',
      },
    ],
    node: {
      state: 'present',
      name: text,
      conditions: [{ type: 'Ready', status: 'False', reason: text, message: text }],
      taints: [text],
      zone: text,
      region: text,
      instanceType: text,
      allocatable: [{ name: text, value: text }],
      requested: [{ name: text, value: text }],
      banners: [{ severity: 'error', text }],
    },
    placement: [{ step: text, nodeId: 'n1', phase: 'Failed', node: text, zone: text }],
    zones: [text, 'b'],
    takenAt: '2026-01-01T00:02:00Z',
    usage: {
      source: 'metrics',
      samples: 2,
      sampledFor: text,
      rows: [
        {
          container: text,
          resource: 'memory',
          request: text,
          limit: text,
          peak: text,
          average: text,
          percentOfRequest: 7,
          verdict: 'over-provisioned',
          suggestedRequest: text,
          advice: text,
        },
      ],
      lines: [text],
      note: text,
      argo: { duration: text, cpuHeld: text, memoryHeld: text },
    },
  };
}
