// The evidence recorder: the moment a step fails, its failure bundle (pod, events, node, log tail) is saved, so an
// explanation still works after pod garbage collection deletes the pod and after events expire. Bounded in size
// and age; secrets never stored.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FailureBundle } from '../core/diagnose/bundle';
import type { UsageSample } from '../core/model/usage';
import { nullLogger, redact, type Logger } from '../core/logger';
import { workflowNodes } from '../core/model/nodes';
import { isFailed } from '../core/model/phase';
import { gatherBundle } from './gatherBundle';
import type { KObject, KubeClient } from './kubeClient';

export interface EvidenceLimits {
  /** Total bytes kept; the oldest bundles go first. */
  maxBytes: number;
  /** Bundles older than this are deleted. */
  maxAgeMs: number;
}

const MAX_PER_EVENT = 10;
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || '_';

/** Removes what must never be written to disk: env values (they may hold credentials) and tokens in any text. */
export function scrubBundle(b: FailureBundle): FailureBundle {
  const copy = JSON.parse(JSON.stringify(b)) as FailureBundle;
  const spec = (
    copy.pod as {
      spec?: { containers?: { env?: { value?: string }[] }[]; initContainers?: { env?: { value?: string }[] }[] };
    } | null
  )?.spec;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])])
    for (const e of c.env ?? []) if (e.value !== undefined) e.value = '(not recorded)';
  return redactStrings(copy) as FailureBundle;
}

/** Redacts every string in a JSON value (strings one by one, so the JSON stays valid). */
function redactStrings(v: unknown): unknown {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map(redactStrings);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        /^(token|password|secret)$/i.test(k) && typeof x === 'string' ? '<redacted>' : redactStrings(x),
      ]),
    );
  return v;
}

const USAGE_PRUNE_EVERY_MS = 10_000;
const USAGE_SUFFIX = '.usage.json';
/** Steps of one workflow whose usage is read for its panel, at most. */
const MAX_USAGE_FILES = 500;

export class EvidenceStore {
  private usagePrunedAt = -Infinity;

  constructor(
    readonly dir: string,
    private readonly limits: EvidenceLimits,
    private readonly logger: Logger = nullLogger,
  ) {}

  private file(context: string, namespace: string, workflow: string, nodeId: string): string {
    return path.join(this.dir, safe(context), safe(namespace), safe(workflow), `${safe(nodeId)}.json`);
  }

  has(context: string, namespace: string, workflow: string, nodeId: string): boolean {
    try {
      return statSync(this.file(context, namespace, workflow, nodeId)).isFile();
    } catch {
      return false;
    }
  }

  get(context: string, namespace: string, workflow: string, nodeId: string): FailureBundle | undefined {
    try {
      return JSON.parse(readFileSync(this.file(context, namespace, workflow, nodeId), 'utf8')) as FailureBundle;
    } catch {
      return undefined;
    }
  }

  put(context: string, namespace: string, workflow: string, nodeId: string, bundle: FailureBundle): void {
    const file = this.file(context, namespace, workflow, nodeId);
    mkdirSync(path.dirname(file), { recursive: true });
    const text = JSON.stringify(scrubBundle(bundle));
    // One bundle never takes more than a quarter of the budget: trim its log first.
    const budget = Math.max(4096, Math.floor(this.limits.maxBytes / 4));
    const trimmed =
      text.length > budget
        ? JSON.stringify({ ...scrubBundle(bundle), logTail: (bundle.logTail ?? '').slice(-Math.max(0, budget / 2)) })
        : text;
    writeFileSync(file, trimmed, { mode: 0o600 });
    this.prune();
  }

  private usageFile(context: string, namespace: string, workflow: string, nodeId: string): string {
    return path.join(this.dir, safe(context), safe(namespace), safe(workflow), `${safe(nodeId)}${USAGE_SUFFIX}`);
  }

  /** The metrics API samples kept for a step (beside its bundle, bounded with the bundles). */
  getUsage(context: string, namespace: string, workflow: string, nodeId: string): UsageSample[] | undefined {
    try {
      const v: unknown = JSON.parse(readFileSync(this.usageFile(context, namespace, workflow, nodeId), 'utf8'));
      return Array.isArray(v) ? (v as UsageSample[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The usage samples kept for the steps of one workflow, by node id (at most MAX_USAGE_FILES steps). */
  usageOfWorkflow(context: string, namespace: string, workflow: string): Map<string, UsageSample[]> {
    const out = new Map<string, UsageSample[]>();
    const dir = path.join(this.dir, safe(context), safe(namespace), safe(workflow));
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith(USAGE_SUFFIX));
    } catch {
      return out;
    }
    for (const n of names.slice(0, MAX_USAGE_FILES)) {
      try {
        const v: unknown = JSON.parse(readFileSync(path.join(dir, n), 'utf8'));
        if (Array.isArray(v)) out.set(n.slice(0, -USAGE_SUFFIX.length), v as UsageSample[]);
      } catch {
        // a file being written or damaged: that step has no usage
      }
    }
    return out;
  }

  putUsage(context: string, namespace: string, workflow: string, nodeId: string, samples: UsageSample[]): void {
    const file = this.usageFile(context, namespace, workflow, nodeId);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(samples), { mode: 0o600 });
      // Usage of many running steps is written in bursts: the store is walked for its budget at most every 10 s.
      const now = Date.now();
      if (now - this.usagePrunedAt >= USAGE_PRUNE_EVERY_MS) {
        this.usagePrunedAt = now;
        this.prune(now);
      }
    } catch (e) {
      this.logger.warn(`[evidence] could not keep usage samples: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Every stored bundle with its size and time, oldest first. */
  private entries(): { file: string; size: number; mtime: number }[] {
    const out: { file: string; size: number; mtime: number }[] = [];
    const walk = (d: string) => {
      let names: string[];
      try {
        names = readdirSync(d);
      } catch {
        return;
      }
      for (const n of names) {
        const p = path.join(d, n);
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else if (n.endsWith('.json')) out.push({ file: p, size: st.size, mtime: st.mtimeMs });
      }
    };
    walk(this.dir);
    return out.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));
  }

  /** Total bytes stored now. */
  get size(): number {
    return this.entries().reduce((n, e) => n + e.size, 0);
  }

  /** Deletes expired bundles, then the oldest until the total fits the size bound. */
  prune(now = Date.now()): void {
    let list = this.entries();
    for (const e of list) if (now - e.mtime > this.limits.maxAgeMs) rmSync(e.file, { force: true });
    list = list.filter((e) => now - e.mtime <= this.limits.maxAgeMs);
    let total = list.reduce((n, e) => n + e.size, 0);
    for (const e of list) {
      if (total <= this.limits.maxBytes) break;
      rmSync(e.file, { force: true });
      total -= e.size;
      this.logger.debug(`[evidence] dropped ${path.basename(e.file)} to stay within ${this.limits.maxBytes} bytes`);
    }
  }
}

/** Watches workflows go by and records the bundle of each step the moment it fails. */
export class EvidenceRecorder {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: EvidenceStore,
    private readonly logger: Logger = nullLogger,
  ) {}

  /** Records every newly failed pod step of a workflow; resolves when done. Safe to call on every watch event. */
  async observe(context: string, workflow: KObject, kube: KubeClient): Promise<number> {
    const nodes = workflowNodes(workflow);
    if (nodes.kind !== 'nodes') return 0;
    const ns = workflow.metadata?.namespace ?? '';
    const name = workflow.metadata?.name ?? '';
    let recorded = 0;
    // A fan-out can fail thousands of items at once: record the first ones (by start) per watch event, the rest
    // on later events, so the cluster is not flooded with reads.
    const failed = Object.values(nodes.nodes)
      .filter((n) => n.type === 'Pod' && isFailed(n.phase))
      .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    for (const n of failed) {
      if (recorded >= MAX_PER_EVENT) break;
      const key = `${context}/${ns}/${name}/${n.id}`;
      if (this.inFlight.has(key) || this.store.has(context, ns, name, n.id)) continue;
      this.inFlight.add(key);
      try {
        const bundle = await gatherBundle(kube, workflow, n.id);
        if (bundle) {
          this.store.put(context, ns, name, n.id, bundle);
          recorded++;
          this.logger.info(
            `[evidence] recorded the failure of ${name}/${n.displayName ?? n.id}${bundle.pod ? '' : ' (its pod was already gone)'}`,
          );
        }
      } catch (e) {
        this.logger.warn(`[evidence] could not record ${name}/${n.id}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.inFlight.delete(key);
      }
    }
    return recorded;
  }
}

/** A live bundle completed with recorded evidence where the cluster no longer has it (pod, events, node, log). */
export function withRecorded(live: FailureBundle, recorded: FailureBundle | undefined): FailureBundle {
  if (!recorded) return live;
  // recordedAt says the explanation rests partly on recorded evidence: only when the cluster lost something.
  const used =
    (!live.pod && !!recorded.pod) ||
    (!live.events?.length && !!recorded.events?.length) ||
    (!live.node && !!recorded.node) ||
    (!live.logTail && !!recorded.logTail);
  return {
    ...live,
    pod: live.pod ?? recorded.pod ?? null,
    events: live.events?.length ? live.events : (recorded.events ?? []),
    node: live.node ?? recorded.node ?? null,
    logTail: live.logTail || recorded.logTail || '',
    ...(used ? { recordedAt: recorded.observedAt } : {}),
  };
}
