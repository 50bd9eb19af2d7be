// The run histories of one session's WorkflowTemplates and CronWorkflows: a run that finishes while watched is
// recorded with its pods (phase breakdowns) into the local store; a history asked for is the stored runs merged with
// the finished runs the cluster still lists (a few read whole with their pods, lazily, once per session), each run
// once by uid. Each record keeps what the run used, the part on spot nodes apart: the nodes its steps ran on are read
// for their labels (once per session; a node gone by then, or nodes not readable, count as not spot).
// Nothing here blocks: answers come from what is known, reads happen in the background and fire a change.
import { nullLogger, type Logger } from '../core/logger';
import { workflowNodes } from '../core/model/nodes';
import { isCompleted } from '../core/model/phase';
import { compareRun, HISTORY_WINDOW, mergeRuns, type RunComparison } from '../core/model/runHistory';
import {
  recordFromWorkflow,
  templateKey,
  templateRefOf,
  type RunRecord,
  type TemplateRef,
} from '../core/model/runRecord';
import type { Workflow } from '../core/model/workflow';
import { isSummary } from '../core/model/workflowSummary';
import type { Disposable, SessionChange } from './clusterSession';
import type { KObject, KubeClient } from './kubeClient';
import { readNodeZones } from './nodeZones';
import type { RunHistoryStore } from './runHistoryStore';

/** What TemplateRuns needs of a session (a ClusterSession is one). */
export interface RunSource {
  readonly context: string;
  readonly client: KubeClient;
  readonly isDisposed: boolean;
  workflow(key: string): Workflow | undefined;
  workflows(): Map<string, Workflow>;
  onDidChange(listener: (change: SessionChange) => void): Disposable;
}

export interface TemplateRunsOptions {
  logger?: Logger;
  /**
   * Finished runs read whole from the cluster per template history, at most (the newest not stored). By default the
   * newest run and the HISTORY_WINDOW runs it is compared with.
   */
  clusterReads?: number;
}

/**
 * Pods as plain JSON: @kubernetes/client-node gives typed objects whose timestamps are Date objects, and the
 * timeline reads the API's text.
 */
const plainPods = (r: { ok: true; value: KObject[] } | { ok: false }): unknown[] =>
  r.ok ? (JSON.parse(JSON.stringify(r.value)) as unknown[]) : [];

/**
 * Finished: by its phase, or, for a workflow the session keeps as metadata only (no status yet), by Argo's
 * `completed` label.
 */
const finished = (wf: Workflow) =>
  isCompleted(wf.status?.phase) || wf.metadata?.labels?.['workflows.argoproj.io/completed'] === 'true';

/** Kubernetes nodes read for their labels per session, at most. */
const MAX_NODES = 500;

const keyOf = (wf: Workflow) => `${wf.metadata?.namespace ?? ''}/${wf.metadata?.name ?? ''}`;
const sameTemplate = (a: TemplateRef, b: TemplateRef | undefined) =>
  !!b && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

export class TemplateRuns implements Disposable {
  private readonly logger: Logger;
  private readonly clusterReads: number;
  /** Histories loaded in this session, by template key. */
  private readonly loaded = new Map<string, RunRecord[]>();
  private readonly loading = new Map<string, Promise<RunRecord[]>>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs of templates seen unfinished: recorded when they finish. */
  private readonly watching = new Set<string>();
  private readonly recording = new Map<string, Promise<RunRecord | undefined>>();
  private readonly listeners = new Set<(template: TemplateRef) => void>();
  /** Kubernetes nodes asked for their labels, the spot ones among them, and the reads so far (one after another). */
  private readonly nodesAsked = new Set<string>();
  private readonly spot = new Set<string>();
  private nodesForbidden = false;
  private nodeReads: Promise<unknown> = Promise.resolve();
  private readonly sub: Disposable;
  private disposed = false;

  constructor(
    private readonly source: RunSource,
    private readonly store: RunHistoryStore,
    opts: TemplateRunsOptions = {},
  ) {
    this.logger = opts.logger ?? nullLogger;
    this.clusterReads = opts.clusterReads ?? HISTORY_WINDOW + 1;
    for (const wf of source.workflows().values()) this.track(wf);
    this.sub = source.onDidChange((c) => {
      if (c.kind !== 'workflow' || c.type === 'deleted') return;
      const wf = source.workflow(c.key);
      if (wf) this.track(wf);
    });
  }

  /** Fires when a template's history changed (loaded, or a run recorded). */
  onDidChange(listener: (template: TemplateRef) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(t: TemplateRef): void {
    if (this.disposed) return;
    for (const l of [...this.listeners]) {
      try {
        l(t);
      } catch (e) {
        this.logger.error(`[history] a listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private track(wf: Workflow): void {
    if (!templateRefOf(wf)) return;
    const key = keyOf(wf);
    if (!finished(wf)) this.watching.add(key);
    else if (this.watching.has(key)) {
      this.watching.delete(key);
      void this.recordFinished(key);
    }
  }

  /** Records a run that finished while watched, with its pods; resolves with the record (undefined if none). */
  recordFinished(key: string): Promise<RunRecord | undefined> {
    const running = this.recording.get(key);
    if (running) return running;
    const p = this.doRecord(key).finally(() => this.recording.delete(key));
    this.recording.set(key, p);
    return p;
  }

  private async doRecord(key: string): Promise<RunRecord | undefined> {
    const wf = await this.whole(key);
    if (!wf || this.disposed) return undefined;
    const ns = wf.metadata?.namespace ?? '';
    const pods = await this.source.client.listWorkflowPods(ns, wf.metadata?.name ?? '');
    if (!pods.ok) this.logger.debug(`[history] no pods of ${key}: ${pods.error.message}`);
    const record = recordFromWorkflow(wf, plainPods(pods), [], await this.spotNodes(wf));
    if (!record || this.disposed) return undefined;
    this.store.add(this.source.context, [record]);
    const k = templateKey(record.template);
    const known = this.loaded.get(k);
    if (known) this.loaded.set(k, mergeRuns(known, [record]));
    this.logger.info(`[history] recorded run ${key} of ${k} (${record.steps.length} steps)`);
    this.fire(record.template);
    return record;
  }

  /** The spot nodes among those the run's steps ran on (read the first time one is seen in this session). */
  private spotNodes(wf: Workflow): Promise<ReadonlySet<string>> {
    const parsed = workflowNodes(wf);
    const names: string[] = [];
    if (parsed.kind === 'nodes' && !this.nodesForbidden)
      for (const n of Object.values(parsed.nodes)) {
        const host = n && typeof n === 'object' ? n.hostNodeName : undefined;
        if (typeof host !== 'string' || !host || this.nodesAsked.has(host) || this.nodesAsked.size >= MAX_NODES)
          continue;
        this.nodesAsked.add(host);
        names.push(host);
      }
    if (names.length) {
      const read = readNodeZones(this.source.client, names).then(
        (r) => {
          if (r.forbidden) this.nodesForbidden = true;
          for (const n of r.spot) this.spot.add(n);
        },
        (e: unknown) =>
          this.logger.debug(`[history] could not read nodes: ${e instanceof Error ? e.message : String(e)}`),
      );
      this.nodeReads = Promise.all([this.nodeReads, read]);
    }
    // A node another run asked for may still be being read: wait for every read so far.
    return this.nodeReads.then(() => this.spot);
  }

  /** The workflow whole: as the session has it, else read (without taking a place in the session's caches). */
  private async whole(key: string): Promise<Workflow | undefined> {
    const here = this.source.workflow(key);
    if (here && !isSummary(here)) return here;
    const slash = key.indexOf('/');
    const r = await this.source.client.getWorkflow(key.slice(0, slash), key.slice(slash + 1));
    if (!r.ok) {
      this.logger.debug(`[history] could not read ${key}: ${r.error.message}`);
      return undefined;
    }
    return r.value as Workflow;
  }

  /** A template's history if known now (newest first); else undefined, and it is loaded in the background. */
  history(t: TemplateRef): RunRecord[] | undefined {
    const known = this.loaded.get(templateKey(t));
    if (known) return known;
    void this.load(t);
    return undefined;
  }

  /** A template's history if loaded in this session (newest first); never starts a load. */
  known(t: TemplateRef): RunRecord[] | undefined {
    return this.loaded.get(templateKey(t));
  }

  /** Loads a template's history: stored runs, merged with the newest finished runs the cluster lists. */
  load(t: TemplateRef): Promise<RunRecord[]> {
    const k = templateKey(t);
    const known = this.loaded.get(k);
    if (known) return Promise.resolve(known);
    let p = this.loading.get(k);
    if (!p) {
      // One history at a time: a tree of runs of fifty templates must not start fifty chains of reads at once.
      p = this.queue.then(() => this.doLoad(t)).finally(() => this.loading.delete(k));
      this.queue = p.then(
        () => undefined,
        () => undefined,
      );
      this.loading.set(k, p);
    }
    return p;
  }

  private async doLoad(t: TemplateRef): Promise<RunRecord[]> {
    const stored = this.store.get(this.source.context, t);
    const have = new Set(stored.map((r) => r.uid || `${r.namespace}/${r.name}`));
    const candidates = [...this.source.workflows().values()]
      .filter((wf) => sameTemplate(t, templateRefOf(wf)) && finished(wf) && !have.has(wf.metadata?.uid || keyOf(wf)))
      .sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''))
      .slice(0, this.clusterReads);
    const read: RunRecord[] = [];
    // One at a time: a history is worth a few seconds, never a burst of reads.
    for (const wf of candidates) {
      if (this.disposed) break;
      const whole = await this.whole(keyOf(wf));
      if (!whole) continue;
      // Its pods, if pod GC left them: they say where each step's time went.
      const pods = await this.source.client.listWorkflowPods(wf.metadata?.namespace ?? '', wf.metadata?.name ?? '');
      const r = recordFromWorkflow(whole, plainPods(pods), [], await this.spotNodes(whole));
      if (r) read.push(r);
    }
    if (read.length && !this.disposed) this.store.add(this.source.context, read);
    // The store read again: a run recorded while this load read the cluster (it finished meanwhile) is in it now.
    const runs = mergeRuns(this.store.get(this.source.context, t), read, this.loaded.get(templateKey(t)) ?? []);
    if (!this.disposed) {
      this.loaded.set(templateKey(t), runs);
      this.logger.debug(`[history] ${templateKey(t)}: ${stored.length} stored, ${read.length} read from the cluster`);
      this.fire(t);
    }
    return runs;
  }

  /**
   * How a finished run compares with its history, if known now; undefined while the history loads (a change
   * fires when it is ready) or for a workflow that is not a finished run of a template.
   */
  verdict(key: string): RunComparison | undefined {
    const wf = this.source.workflow(key);
    const t = templateRefOf(wf);
    if (!wf || !t || !isCompleted(wf.status?.phase)) return undefined;
    const runs = this.history(t);
    if (!runs) return undefined;
    const uid = wf.metadata?.uid;
    const run =
      runs.find((r) => (uid ? r.uid === uid : r.name === wf.metadata?.name)) ??
      (isSummary(wf) ? undefined : recordFromWorkflow(wf));
    return run ? compareRun(run, runs) : undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.sub.dispose();
    this.listeners.clear();
  }
}
