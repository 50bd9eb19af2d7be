// The run history on disk (bounds, corrupt files, what is written) and per session (runs recorded as they finish,
// merged with what the cluster still lists, read lazily and bounded).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../src/core/logger';
import { recordFromWorkflow, type RunRecord, type TemplateRef } from '../../../src/core/model/runRecord';
import type { Workflow } from '../../../src/core/model/workflow';
import { metadataOnlyWorkflow } from '../../../src/core/model/workflowSummary';
import type { SessionChange } from '../../../src/kube/clusterSession';
import type { KObject } from '../../../src/kube/kubeClient';
import { RunHistoryStore, type RunHistoryLimits } from '../../../src/kube/runHistoryStore';
import { TemplateRuns, type RunSource } from '../../../src/kube/templateRuns';
import { FakeKube } from '../../support/fakeKube';
import { DAY0, history, MIN as MIN_MS, podsOf, run, slowRun, usualSteps } from '../../support/runs';

const NIGHTLY: TemplateRef = { kind: 'CronWorkflow', namespace: 'argo', name: 'nightly-etl' };
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-history-'));
const limits = (over: Partial<RunHistoryLimits> = {}): RunHistoryLimits => ({
  perTemplate: 50,
  maxBytes: 10 * 1024 * 1024,
  maxAgeMs: 90 * 86_400_000,
  ...over,
});
/** "Now" for the store: the day after the slow run. */
const NOW = DAY0 + 21 * 86_400_000;

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (m: string) => lines.push(m);
  return { lines, trace: log, debug: log, info: log, warn: log, error: log };
}

/** Resolves at the first call of `subscribe`'s listener, or rejects after `ms`. */
function nextEvent<T>(subscribe: (l: (v: T) => void) => { dispose(): void }, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    const sub = subscribe((v) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

describe('run history store', () => {
  it('keeps the newest runs per template, within the age bound', () => {
    const store = new RunHistoryStore(
      tmp(),
      limits({ perTemplate: 5, maxAgeMs: 15 * 86_400_000 }),
      undefined,
      () => NOW,
    );
    const runs = Array.from({ length: 12 }, (_, d) => recordFromWorkflow(run(d, usualSteps()))!);
    store.add('ctx', runs.slice(0, 6));
    store.add('ctx', runs.slice(6));
    const kept = store.get('ctx', NIGHTLY);
    assert.deepEqual(
      kept.map((r) => r.uid),
      ['uid-11', 'uid-10', 'uid-9', 'uid-8', 'uid-7'],
    );
    // Runs of day 0..5 are older than 15 days at NOW (day 21): an add never brings them back.
    store.add('ctx', runs.slice(0, 3));
    assert.deepEqual(
      store.get('ctx', NIGHTLY).map((r) => r.uid),
      ['uid-11', 'uid-10', 'uid-9', 'uid-8', 'uid-7'],
    );
    // Another context has its own history.
    assert.deepEqual(store.get('other', NIGHTLY), []);
  });

  it('stays within its byte bound by dropping the least recently written histories', () => {
    const dir = tmp();
    const store = new RunHistoryStore(dir, limits({ maxBytes: 6000 }), undefined, () => NOW);
    const of = (name: string) =>
      Array.from({ length: 6 }, (_, d) => {
        const wf = run(d + 10, usualSteps());
        wf.metadata!.labels = { 'workflows.argoproj.io/workflow-template': name };
        wf.metadata!.uid = `${name}-${d}`;
        return recordFromWorkflow(wf)!;
      });
    for (const name of ['a', 'b', 'c', 'd']) store.add('ctx', of(name));
    assert.ok(store.size <= 6000, `${store.size} bytes`);
    const t = (name: string): TemplateRef => ({ kind: 'WorkflowTemplate', namespace: 'argo', name });
    assert.equal(store.get('ctx', t('d')).length, 6, 'the newest history stays');
    assert.equal(store.get('ctx', t('a')).length, 0, 'the oldest went');
  });

  it('ignores a corrupt file with a log line, and replaces it on the next write', () => {
    const dir = tmp();
    const logger = memoryLogger();
    const store = new RunHistoryStore(dir, limits(), logger, () => NOW);
    const file = store.file('ctx', NIGHTLY);
    mkdirSync(path.dirname(file), { recursive: true });
    for (const bad of ['{"runs": [', 'null', '{"runs": 7}', '\u0000\u0001']) {
      writeFileSync(file, bad);
      assert.deepEqual(store.get('ctx', NIGHTLY), []);
    }
    assert.ok(logger.lines.some((l) => /ignoring the unreadable run history/.test(l)));
    // Records that make no sense are dropped one by one, the rest kept.
    const good = recordFromWorkflow(run(15, usualSteps()))!;
    writeFileSync(file, JSON.stringify({ version: 1, runs: [{ name: 5 }, 'x', good, { ...good, template: 3 }] }));
    assert.deepEqual(
      store.get('ctx', NIGHTLY).map((r) => r.uid),
      ['uid-15'],
    );
    writeFileSync(file, 'garbage');
    store.add('ctx', [good]);
    assert.equal(store.get('ctx', NIGHTLY).length, 1);
  });

  it('loads a history written before usage was kept, and keeps the usage of runs added since', () => {
    const store = new RunHistoryStore(tmp(), limits(), undefined, () => NOW);
    const file = store.file('ctx', NIGHTLY);
    mkdirSync(path.dirname(file), { recursive: true });
    const { usage: _u, ...old } = recordFromWorkflow(run(14, usualSteps()))!;
    writeFileSync(file, JSON.stringify({ version: 1, template: NIGHTLY, runs: [old] }));
    const [read] = store.get('ctx', NIGHTLY);
    assert.equal(read?.uid, 'uid-14');
    assert.equal(read?.usage, undefined);
    const added = recordFromWorkflow(run(15, usualSteps()))!;
    assert.ok(added.usage);
    store.add('ctx', [added]);
    const both = store.get('ctx', NIGHTLY);
    assert.deepEqual(
      both.map((r) => [r.uid, !!r.usage]),
      [
        ['uid-15', true],
        ['uid-14', false],
      ],
    );
    assert.deepEqual(both[0]!.usage, added.usage);
  });

  it('writes names and timings only', () => {
    const store = new RunHistoryStore(tmp(), limits(), undefined, () => NOW);
    const r = recordFromWorkflow(run(15, usualSteps()))!;
    // Whatever else a caller's object carries is not written.
    const dirty = {
      ...r,
      parameters: [{ name: 'db-password', value: 'hunter2' }],
      env: { TOKEN: 'abc' },
      steps: r.steps.map((s) => ({ ...s, message: 'hunter2' })),
    } as RunRecord;
    store.add('ctx', [dirty]);
    const text = readFileSync(store.file('ctx', NIGHTLY), 'utf8');
    assert.doesNotMatch(text, /hunter2|TOKEN|abc|parameters/);
    assert.match(text, /load-warehouse/);
  });
});

/** A JSON value with its ISO timestamps turned into Date objects, as client-node's typed objects hold them. */
function withDates(v: unknown): unknown {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return new Date(v);
  if (Array.isArray(v)) return v.map(withDates);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withDates(x)]));
  return v;
}

/** A session of workflows for TemplateRuns: finished ones by metadata (as the sidebar keeps them), changes fired. */
class FakeSource implements RunSource {
  readonly context = 'ctx';
  isDisposed = false;
  readonly listed = new Map<string, Workflow>();
  private readonly listeners = new Set<(c: SessionChange) => void>();
  constructor(readonly client: FakeKube) {}

  /** Lists a workflow: unfinished ones whole, finished ones by their metadata; the cluster has it whole. */
  set(wf: Workflow, asMetadata = wf.status?.phase !== 'Running'): void {
    const key = `${wf.metadata!.namespace}/${wf.metadata!.name}`;
    this.client.put(wf as KObject);
    const meta = {
      ...wf.metadata,
      labels: { ...wf.metadata!.labels, 'workflows.argoproj.io/phase': wf.status?.phase ?? '' },
    };
    this.listed.set(key, asMetadata ? metadataOnlyWorkflow(meta) : wf);
    for (const l of [...this.listeners]) l({ kind: 'workflow', key, type: 'modified' });
  }
  workflow(key: string) {
    return this.listed.get(key);
  }
  workflows() {
    return this.listed;
  }
  onDidChange(l: (c: SessionChange) => void) {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
}

describe('run histories of a session', () => {
  it('merges the stored runs with those the cluster lists, once each, reading at most 11 whole (a run and its 10)', async () => {
    const kube = new FakeKube();
    const source = new FakeSource(kube);
    const store = new RunHistoryStore(tmp(), limits(), undefined, () => NOW);
    // Stored: days 0..4. The cluster still lists days 3..17 (15 runs, 2 of them stored already).
    store.add(
      'ctx',
      [0, 1, 2, 3, 4].map((d) => recordFromWorkflow(run(d, usualSteps()))!),
    );
    for (let d = 3; d <= 17; d++) source.set(run(d, usualSteps()));
    // The newest kept as metadata only without a phase label, finished by Argo's `completed` label alone.
    const newest = run(17, usualSteps());
    source.listed.set(
      'argo/nightly-etl-1017',
      metadataOnlyWorkflow({
        ...newest.metadata,
        labels: { ...newest.metadata!.labels, 'workflows.argoproj.io/completed': 'true' },
      }),
    );
    // Another template's run and an ad-hoc workflow are not read.
    const other = run(18, usualSteps());
    other.metadata!.labels = { 'workflows.argoproj.io/workflow-template': 'other' };
    other.metadata!.name = 'other-1';
    source.set(other);
    const runs = new TemplateRuns(source, store);
    assert.equal(runs.history(NIGHTLY), undefined, 'not known yet: loading');
    const loaded = await runs.load(NIGHTLY);
    const reads = kube.calls.filter((c) => c.method === 'getWorkflow').map((c) => c.args[1]);
    assert.equal(reads.length, 11);
    assert.equal(reads[0], 'nightly-etl-1017', 'the newest first');
    assert.ok(!reads.includes('nightly-etl-1003') && !reads.includes('other-1'));
    assert.equal(loaded.length, 5 + 11);
    assert.equal(new Set(loaded.map((r) => r.uid)).size, loaded.length, 'each run once');
    assert.equal(runs.history(NIGHTLY), loaded);
    // What was read is kept locally for the next session (where the cluster may have deleted it).
    assert.equal(store.get('ctx', NIGHTLY).length, 16);
    await runs.load(NIGHTLY);
    assert.equal(kube.calls.filter((c) => c.method === 'getWorkflow').length, 11, 'loaded once per session');
    runs.dispose();
  });

  it('keeps a run recorded while the history was loading (it finished during the cluster reads)', async () => {
    const kube = new FakeKube();
    const source = new FakeSource(kube);
    const store = new RunHistoryStore(tmp(), limits(), undefined, () => NOW);
    for (let d = 3; d <= 12; d++) source.set(run(d, usualSteps()));
    const done = slowRun();
    source.set({ ...done, status: { ...done.status, phase: 'Running', finishedAt: undefined } });
    for (const p of podsOf(done, { scheduleMin: 66, only: 'load-warehouse' })) kube.put(p as KObject);
    // The cluster answers the history's first read only once the run has finished and been recorded.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reading!: () => void;
    const firstRead = new Promise<void>((r) => (reading = r));
    const read = kube.getWorkflow.bind(kube);
    kube.getWorkflow = async (ns, name) => {
      if (name !== 'nightly-etl-1020') {
        reading();
        await gate;
      }
      return read(ns, name);
    };
    const runs = new TemplateRuns(source, store);
    const loading = runs.load(NIGHTLY);
    await firstRead;
    const recorded = nextEvent<TemplateRef>((l) => runs.onDidChange(l));
    source.set(done, false);
    await recorded;
    release();
    const loaded = await loading;
    const latest = loaded.find((r) => r.name === 'nightly-etl-1020');
    assert.ok(latest, 'the run recorded meanwhile is in the history');
    assert.ok((latest.steps.find((x) => x.key === 'load-warehouse')?.phases?.scheduling ?? 0) > 60 * MIN_MS);
    runs.dispose();
  });

  it('records a run that finishes while watched with its pods, and marks it slow against its history', async () => {
    const kube = new FakeKube();
    const source = new FakeSource(kube);
    const store = new RunHistoryStore(tmp(), limits(), undefined, () => NOW);
    store.add('ctx', history(false));
    const runs = new TemplateRuns(source, store);
    const done = slowRun();
    const wfRunning: Workflow = {
      ...done,
      status: { ...done.status, phase: 'Running', finishedAt: undefined },
    };
    source.set(wfRunning);
    const key = 'argo/nightly-etl-1020';
    assert.equal(runs.verdict(key), undefined, 'not finished');
    // As @kubernetes/client-node gives them: timestamps as Date objects.
    for (const p of podsOf(done, { scheduleMin: 1, only: 'extract' }).concat(
      podsOf(done, { scheduleMin: 66, only: 'load-warehouse' }),
    ))
      kube.put(withDates(p) as KObject);
    const recorded = nextEvent<TemplateRef>((l) => runs.onDidChange(l));
    source.set(done, false);
    assert.deepEqual(await recorded, NIGHTLY);
    assert.deepEqual(
      kube.calls.filter((c) => c.method === 'listWorkflowPods').map((c) => c.args),
      [['argo', 'nightly-etl-1020']],
    );
    const stored = store.get('ctx', NIGHTLY).find((r) => r.name === 'nightly-etl-1020')!;
    assert.ok((stored.steps.find((s) => s.key === 'load-warehouse')?.phases?.scheduling ?? 0) > 60 * 60_000);
    // The row asks: the history loads in the background, then the verdict is there.
    const loaded = nextEvent<TemplateRef>((l) => runs.onDidChange(l));
    assert.equal(runs.verdict(key), undefined);
    await loaded;
    const v = runs.verdict(key)!;
    assert.equal(v.kind, 'slow');
    assert.equal(v.kind === 'slow' && v.phase?.phase, 'scheduling');
    assert.match(v.text, /Step load-warehouse grew from 12m to 1h 18m: it waited 1h 06m to be scheduled\./);
    // A run of usual length is usual; a workflow of no template has no verdict.
    source.set(run(19, usualSteps()), false);
    assert.equal(runs.verdict('argo/nightly-etl-1019')?.kind, 'usual');
    assert.equal(runs.verdict('argo/none'), undefined);
    runs.dispose();
  });

  it('records what each run used, the part on spot nodes apart, reading each node once', async () => {
    const kube = new FakeKube();
    kube.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'spot-1', labels: { 'karpenter.sh/capacity-type': 'spot' } },
    });
    kube.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'od-1', labels: {} } });
    const source = new FakeSource(kube);
    const onNodes = (wf: Workflow) => {
      for (const n of Object.values(wf.status!.nodes!))
        if (n.type === 'Pod') n.hostNodeName = n.displayName === 'extract' ? 'spot-1' : 'od-1';
      return wf;
    };
    for (let d = 0; d < 3; d++) source.set(onNodes(run(d, usualSteps())));
    const runs = new TemplateRuns(source, new RunHistoryStore(tmp(), limits(), undefined, () => NOW));
    const loaded = await runs.load(NIGHTLY);
    assert.equal(loaded.length, 3);
    for (const r of loaded) {
      assert.ok(r.usage?.spot, r.name);
      // extract ran 10 minutes with Argo's default 100m CPU: 60 core-seconds on the spot node.
      assert.ok(Math.abs(r.usage.spot.cpuCoreSeconds - 60) < 1e-9, String(r.usage.spot.cpuCoreSeconds));
      assert.ok(r.usage.cpuCoreSeconds > r.usage.spot.cpuCoreSeconds);
    }
    assert.deepEqual(
      kube.calls
        .filter((c) => c.method === 'getNode')
        .map((c) => c.args[0])
        .sort(),
      ['od-1', 'spot-1'],
    );
    runs.dispose();
    // Nodes not readable: no spot part, asked once, no error.
    const denied = new FakeKube().fail('getNode', { kind: 'forbidden', status: 403, message: 'forbidden' });
    const src = new FakeSource(denied);
    for (let d = 0; d < 3; d++) src.set(onNodes(run(d, usualSteps())));
    const other = new TemplateRuns(src, new RunHistoryStore(tmp(), limits(), undefined, () => NOW));
    const plain = await other.load(NIGHTLY);
    assert.ok(plain.every((r) => r.usage && !r.usage.spot));
    assert.ok(denied.calls.filter((c) => c.method === 'getNode').length <= 2);
    other.dispose();
  });

  it('reads one history at a time', async () => {
    const kube = new FakeKube();
    const source = new FakeSource(kube);
    for (let d = 0; d < 3; d++) source.set(run(d, usualSteps()));
    const other = run(5, usualSteps());
    other.metadata!.labels = { 'workflows.argoproj.io/workflow-template': 'other' };
    other.metadata!.name = 'other-1';
    source.set(other);
    const runs = new TemplateRuns(source, new RunHistoryStore(tmp(), limits(), undefined, () => NOW));
    const [a, b] = await Promise.all([
      runs.load(NIGHTLY),
      runs.load({ kind: 'WorkflowTemplate', namespace: 'argo', name: 'other' }),
    ]);
    assert.equal(a.length, 3);
    assert.equal(b.length, 1);
    assert.deepEqual(
      kube.calls.filter((c) => c.method === 'getWorkflow').map((c) => c.args[1]),
      ['nightly-etl-1002', 'nightly-etl-1001', 'nightly-etl-1000', 'other-1'],
    );
    runs.dispose();
  });

  it('says nothing when the history cannot be read, and never throws', async () => {
    const kube = new FakeKube().fail('getWorkflow', { kind: 'forbidden', status: 403, message: 'forbidden' });
    const source = new FakeSource(kube);
    const runs = new TemplateRuns(source, new RunHistoryStore(tmp(), limits(), undefined, () => NOW));
    for (let d = 0; d < 5; d++) source.set(run(d, usualSteps()));
    assert.deepEqual(await runs.load(NIGHTLY), []);
    assert.equal(runs.verdict('argo/nightly-etl-1004'), undefined);
    runs.dispose();
  });
});
