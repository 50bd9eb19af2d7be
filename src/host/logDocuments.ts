import * as vscode from 'vscode';
import type { FailureBundle } from '../core/diagnose/bundle';
import { LogLines } from '../core/model/logText';
import type { ArgoNode } from '../core/model/nodes';
import type { Workflow } from '../core/model/workflow';
import { podNameOfNode } from '../core/model/podName';
import { containerLinesOf } from '../kube/gatherBundle';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';
import { pickStep } from './pickers';
import type { CommandRegistry } from './commandRegistry';
import { Commands } from './ids';
import type { WorkflowTreeElement } from './workflowsView';

export const LOGS_SCHEME = 'argo-doctor-logs';

interface Stream {
  lines: LogLines;
  state: 'following' | 'ended' | 'failed' | 'recorded';
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

  constructor(
    private readonly cluster: ClusterManager,
    commands: CommandRegistry,
    /** Evidence recorded when a step failed: its log tail stands in once the pod is gone. */
    private readonly recorded?: (namespace: string, workflow: string, nodeId: string) => FailureBundle | undefined,
  ) {
    super();
    this.add(vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this));
    this.add(
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === LOGS_SCHEME && this.stop(d.uri.toString())),
    );
    this.add(
      commands.register(Commands.showLogs, (el?: WorkflowTreeElement, container?: string, find?: string) =>
        this.show(el, container, find),
      ),
    );
    this.add({ dispose: () => [...this.streams.keys()].forEach((k) => this.stop(k)) });
  }

  /** Opens the log of a step's container (main unless given); from the palette, picks a workflow and a step. */
  async show(el?: WorkflowTreeElement, container = 'main', find?: string): Promise<vscode.TextDocument | undefined> {
    const target = await this.pickStep(el);
    if (!target) return undefined;
    const { wf, node } = target;
    const ns = wf.metadata?.namespace ?? '';
    const pod = podNameOfNode(wf, node);
    const uri = vscode.Uri.from({
      scheme: LOGS_SCHEME,
      path: `/${ns}/${pod}/${container}.log`,
      query: new URLSearchParams({
        step: node.displayName ?? node.name ?? '',
        workflow: wf.metadata?.name ?? '',
        node: node.id,
      }).toString(),
    });
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
    if (find) await revealLine(editor, find, () => this.settled(doc));
    return doc;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    const [, ns = '', pod = '', file = ''] = uri.path.split('/');
    const container = file.replace(/\.log$/, '');
    const query = new URLSearchParams(uri.query);
    const step = query.get('step') ?? pod;
    let s = this.streams.get(key);
    if (!s) s = this.start(key, uri, ns, pod, container, query.get('workflow') ?? '', query.get('node') ?? '');
    const head = `# ${container} log of step ${step} (pod ${pod}, namespace ${ns}) — ${s.state === 'following' ? 'following' : s.state === 'ended' ? 'complete' : s.state === 'recorded' ? 'as recorded when the step failed' : 'unavailable'}\n`;
    const tail =
      s.state === 'ended'
        ? '# — end of log —\n'
        : s.state === 'failed' || s.state === 'recorded'
          ? `# ${s.message}\n`
          : '';
    return head + s.lines.text() + tail;
  }

  private start(
    key: string,
    uri: vscode.Uri,
    namespace: string,
    pod: string,
    container: string,
    workflow: string,
    nodeId: string,
  ): Stream {
    const s: Stream = { lines: new LogLines(), state: 'following', abort: new AbortController() };
    this.streams.set(key, s);
    const client = this.cluster.session?.client;
    if (!client) {
      s.state = 'failed';
      s.message = 'Not connected to a cluster: connect, or start the demo cluster, and open the logs again.';
      return s;
    }
    void client
      .readPodLog({
        namespace,
        pod,
        container,
        follow: true,
        tailLines: 5000,
        signal: s.abort.signal,
        onLines: (lines) => (s.lines.push(lines), this.schedule(key, uri)),
      })
      .then((r) => {
        if (s.abort.signal.aborted) return;
        if (r.ok) s.state = 'ended';
        else if (r.error.kind !== 'notFound' || !this.fromRecorded(s, namespace, pod, container, workflow, nodeId)) {
          s.state = 'failed';
          s.message =
            r.error.kind === 'notFound'
              ? `Pod ${pod} no longer exists, so its logs are gone (pod garbage collection, or the workflow was deleted). Keep pods with podGC: {strategy: OnWorkflowSuccess}, or archive logs (archiveLogs: true).`
              : `Cannot read the log: ${r.error.message}`;
        }
        this.schedule(key, uri);
      });
    return s;
  }

  /** The log will not change any more, and the document already shows all of it. */
  private settled(doc: vscode.TextDocument): boolean {
    const s = this.streams.get(doc.uri.toString());
    return !s || (s.state !== 'following' && doc.getText() === this.provideTextDocumentContent(doc.uri));
  }

  /** Fills the stream with the log tail recorded when the step failed, if there is one for this container. */
  private fromRecorded(
    s: Stream,
    namespace: string,
    pod: string,
    container: string,
    workflow: string,
    nodeId: string,
  ): boolean {
    const bundle = workflow && nodeId ? this.recorded?.(namespace, workflow, nodeId) : undefined;
    if (!bundle?.logTail) return false;
    const lines = containerLinesOf(bundle.logTail, container);
    if (!lines.length) return false;
    s.lines.push(lines);
    s.state = 'recorded';
    s.message = `Pod ${pod} no longer exists. Above: the last ${lines.length} line(s) Argo Doctor recorded${bundle.observedAt ? ` at ${String(bundle.observedAt)}` : ''}, when the step failed.`;
    return true;
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

  private async pickStep(el?: WorkflowTreeElement): Promise<{ wf: Workflow; node: ArgoNode } | undefined> {
    const picked = await pickStep(this.cluster, el, {
      title: 'Logs of which workflow?',
      stepTitle: (wf) => `Logs of which step of ${wf}?`,
      types: ['Pod'],
    });
    if (picked && picked.node.type !== 'Pod') {
      void vscode.window.showInformationMessage(
        `Argo Doctor: ${picked.node.displayName ?? picked.node.name} is a ${picked.node.type ?? 'group'} node; pick one of its steps to see logs.`,
      );
      return undefined;
    }
    return picked;
  }
}

/** How long "open log at the line" waits for the line to arrive from the cluster. */
const FIND_TIMEOUT_MS = 10_000;

/** Selects and centres the last line of the log that contains `find`, waiting for the log to load it (until settled). */
async function revealLine(editor: vscode.TextEditor, find: string, settled: () => boolean): Promise<boolean> {
  const doc = editor.document;
  const lineOf = (): number => {
    for (let i = doc.lineCount - 1; i > 0; i--) if (doc.lineAt(i).text.includes(find)) return i;
    return -1;
  };
  let line = lineOf();
  if (line < 0 && !settled()) {
    line = await new Promise<number>((resolve) => {
      const done = (n: number) => {
        clearTimeout(timer);
        sub.dispose();
        resolve(n);
      };
      const timer = setTimeout(() => done(-1), FIND_TIMEOUT_MS);
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== doc) return;
        const n = lineOf();
        if (n >= 0 || settled()) done(n);
      });
    });
  }
  if (line < 0) {
    void vscode.window.showInformationMessage(
      `Argo Doctor: the log no longer contains the line "${find.slice(0, 80)}" (the pod may be gone, or the log rotated).`,
    );
    return false;
  }
  const range = doc.lineAt(line).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return true;
}
