import * as vscode from 'vscode';
import { LogLines } from '../core/model/logText';
import { workflowNodes, type ArgoNode } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import { ClientNodeKube } from '../kube/clientNodeKube';
import type { KObject } from '../kube/kubeClient';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';
import type { WorkflowTreeElement } from './workflowsView';

export const LOGS_SCHEME = 'argo-doctor-logs';

interface Stream {
  lines: LogLines;
  state: 'following' | 'ended' | 'failed';
  message?: string;
  abort: AbortController;
}

/**
 * "Show Logs" of a step: a read-only document per pod container that follows the log while it is open (like
 * `argo logs -f`), and stops streaming when it is closed.
 */
export class LogDocuments extends DisposableStore implements vscode.TextDocumentContentProvider {
  private readonly changed = this.add(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly streams = new Map<string, Stream>();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly cluster: ClusterManager) {
    super();
    this.add(vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this));
    this.add(vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === LOGS_SCHEME && this.stop(d.uri.toString())));
    this.add(vscode.commands.registerCommand('argoDoctor.showLogs', (el?: WorkflowTreeElement, container?: string) => this.show(el, container)));
    this.add({ dispose: () => [...this.streams.keys()].forEach((k) => this.stop(k)) });
  }

  /** Opens the log of a step's container (main unless given); from the palette, picks a workflow and a step. */
  async show(el?: WorkflowTreeElement, container = 'main'): Promise<vscode.TextDocument | undefined> {
    const target = await this.pickStep(el);
    if (!target) return undefined;
    const { wf, node } = target;
    const ns = wf.metadata?.namespace ?? '';
    const pod = podNameOfNode(wf as { metadata?: { name?: string } }, node);
    const uri = vscode.Uri.from({ scheme: LOGS_SCHEME, path: `/${ns}/${pod}/${container}.log`, query: new URLSearchParams({ step: node.displayName ?? node.name ?? '' }).toString() });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    const [, ns = '', pod = '', file = ''] = uri.path.split('/');
    const container = file.replace(/\.log$/, '');
    const step = new URLSearchParams(uri.query).get('step') ?? pod;
    let s = this.streams.get(key);
    if (!s) s = this.start(key, uri, ns, pod, container);
    const head = `# ${container} log of step ${step} (pod ${pod}, namespace ${ns}) — ${s.state === 'following' ? 'following' : s.state === 'ended' ? 'complete' : 'unavailable'}\n`;
    const tail = s.state === 'ended' ? '# — end of log —\n' : s.state === 'failed' ? `# ${s.message}\n` : '';
    return head + s.lines.text() + tail;
  }

  private start(key: string, uri: vscode.Uri, namespace: string, pod: string, container: string): Stream {
    const s: Stream = { lines: new LogLines(), state: 'following', abort: new AbortController() };
    this.streams.set(key, s);
    const kc = this.cluster.kubeConfig();
    if (!kc) {
      s.state = 'failed';
      s.message = 'Not connected to a cluster: connect, or start the demo cluster, and open the logs again.';
      return s;
    }
    void new ClientNodeKube(kc)
      .readPodLog({ namespace, pod, container, follow: true, tailLines: 5000, signal: s.abort.signal, onLines: (lines) => (s.lines.push(lines), this.schedule(key, uri)) })
      .then((r) => {
        if (s.abort.signal.aborted) return;
        if (r.ok) s.state = 'ended';
        else {
          s.state = 'failed';
          s.message = r.error.kind === 'notFound'
            ? `Pod ${pod} no longer exists, so its logs are gone (pod garbage collection, or the workflow was deleted). Keep pods with podGC: {strategy: OnWorkflowSuccess}, or archive logs (archiveLogs: true).`
            : `Cannot read the log: ${r.error.message}`;
        }
        this.schedule(key, uri);
      });
    return s;
  }

  /** Coalesces log bursts into a few document updates per second. */
  private schedule(key: string, uri: vscode.Uri): void {
    this.pending.add(key);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const k of this.pending) if (this.streams.has(k)) this.changed.fire(k === key ? uri : vscode.Uri.parse(k));
      this.pending.clear();
    }, 200);
  }

  private stop(key: string): void {
    const s = this.streams.get(key);
    s?.abort.abort();
    this.streams.delete(key);
  }

  private async pickStep(el?: WorkflowTreeElement): Promise<{ wf: KObject; node: ArgoNode } | undefined> {
    const cache = this.cluster.workflowCache() as Map<string, KObject>;
    let wf: KObject | undefined = el && 'key' in el ? cache.get(el.key) : undefined;
    if (!wf) {
      const items = [...cache.values()].map((w) => ({ label: w.metadata?.name ?? '', description: (w.status as { phase?: string } | undefined)?.phase, w }));
      if (!items.length) {
        void vscode.window.showInformationMessage('Argo Doctor: no workflows are known yet. Connect to a cluster or start the demo cluster first.');
        return undefined;
      }
      wf = (await vscode.window.showQuickPick(items, { title: 'Logs of which workflow?' }))?.w;
      if (!wf) return undefined;
    }
    const nodes = workflowNodes(wf);
    if (nodes.kind !== 'nodes') {
      void vscode.window.showInformationMessage(`Argo Doctor: ${wf.metadata?.name} has no steps to show logs of yet.`);
      return undefined;
    }
    const pods = Object.values(nodes.nodes).filter((n) => n.type === 'Pod');
    if (el?.kind === 'node') {
      const node = nodes.nodes[el.nodeId];
      if (node?.type === 'Pod') return { wf, node };
      if (node) void vscode.window.showInformationMessage(`Argo Doctor: ${node.displayName ?? node.name} is a ${node.type ?? 'group'} node; pick one of its steps to see logs.`);
      return undefined;
    }
    const failed = (n: ArgoNode) => (n.phase === 'Failed' || n.phase === 'Error' ? 0 : 1);
    const picked = await vscode.window.showQuickPick(
      pods.sort((a, b) => failed(a) - failed(b)).map((n) => ({ label: n.displayName ?? n.name ?? n.id, description: n.phase, detail: n.message, n })),
      { title: `Logs of which step of ${wf.metadata?.name}?` },
    );
    return picked ? { wf, node: picked.n } : undefined;
  }
}
