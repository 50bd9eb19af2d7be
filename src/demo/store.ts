import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { apiVersionOf, resourceByKind } from './resources';
import type { KubeObject, ResourceKind, WorldWriter } from './world';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  kind: ResourceKind;
  type: WatchType;
  rv: number;
  object: KubeObject;
}

export interface LogLine {
  time: Date;
  text: string;
}

/** How many changes per kind the store remembers for watch resumption; older resourceVersions get 410 Gone. */
export const HISTORY_PER_KIND = 2000;

const key = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;
const logKey = (ns: string, pod: string, container: string, previous: boolean) =>
  `${ns}/${pod}/${container}${previous ? '#prev' : ''}`;
const clone = <T>(x: T): T => structuredClone(x);

/**
 * The simulated cluster's objects: one global resourceVersion counter like etcd's, a bounded change history per
 * kind for watches, and container logs.
 */
export class ObjectStore implements WorldWriter {
  private rv = 1000;
  /** A watch from before the store existed gets 410, as from before an apiserver's watch cache started. */
  private readonly firstRv = this.rv;
  private readonly objects = new Map<ResourceKind, Map<string, KubeObject>>();
  private readonly history = new Map<ResourceKind, StoreEvent[]>();
  /** Lowest resourceVersion still answerable per kind (a watch from before it gets 410). */
  private readonly oldest = new Map<ResourceKind, number>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly logs = new Map<string, LogLine[]>();
  private readonly logListeners = new Set<(k: string, lines: LogLine[]) => void>();

  constructor(private readonly clock: Clock) {}

  now(): Date {
    return this.clock.now();
  }

  get resourceVersion(): number {
    return this.rv;
  }

  put(obj: KubeObject): KubeObject {
    const kind = obj.kind as ResourceKind;
    const info = resourceByKind(kind);
    if (!info) throw new Error(`the demo cluster does not serve kind ${obj.kind}`);
    const ns = info.namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
    const map = this.bucket(kind);
    const existing = map.get(key(ns, obj.metadata.name));
    const stored: KubeObject = clone(obj);
    stored.apiVersion = apiVersionOf(info);
    stored.kind = kind;
    stored.metadata = {
      ...stored.metadata,
      ...(ns ? { namespace: ns } : {}),
      uid: existing?.metadata.uid ?? stored.metadata.uid ?? randomUUID(),
      creationTimestamp:
        existing?.metadata.creationTimestamp ??
        stored.metadata.creationTimestamp ??
        this.clock
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(++this.rv),
    };
    map.set(key(ns, obj.metadata.name), stored);
    this.emit({ kind, type: existing ? 'MODIFIED' : 'ADDED', rv: this.rv, object: stored });
    return clone(stored);
  }

  remove(kind: ResourceKind, namespace: string | undefined, name: string): void {
    const map = this.bucket(kind);
    const k = key(resourceByKind(kind)?.namespaced ? (namespace ?? 'default') : undefined, name);
    const existing = map.get(k);
    if (!existing) return;
    map.delete(k);
    const gone: KubeObject = {
      ...clone(existing),
      metadata: { ...existing.metadata, resourceVersion: String(++this.rv) },
    };
    this.emit({ kind, type: 'DELETED', rv: this.rv, object: gone });
  }

  get(kind: ResourceKind, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.bucket(kind).get(key(resourceByKind(kind)?.namespaced ? (namespace ?? 'default') : undefined, name));
    return o ? clone(o) : undefined;
  }

  /** Objects of a kind, optionally in one namespace, sorted by namespace and name (as the API server lists them). */
  list(kind: ResourceKind, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.bucket(kind).values())
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    return out
      .sort(
        (a, b) =>
          (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
          a.metadata.name.localeCompare(b.metadata.name),
      )
      .map(clone);
  }

  /** Changes of a kind after `rv`, or 'gone' when that version is older than the history kept. */
  changesSince(kind: ResourceKind, rv: number): StoreEvent[] | 'gone' {
    const oldest = this.oldest.get(kind) ?? this.firstRv;
    if (rv < oldest) return 'gone';
    return (this.history.get(kind) ?? []).filter((e) => e.rv > rv);
  }

  /** Forgets the change history (as compaction does), so watches from older versions get 410 Gone. */
  compact(): void {
    for (const kind of this.history.keys()) {
      this.history.set(kind, []);
      this.oldest.set(kind, this.rv);
    }
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  appendLog(
    namespace: string,
    pod: string,
    container: string,
    lines: string[],
    opts: { previous?: boolean } = {},
  ): void {
    const k = logKey(namespace, pod, container, opts.previous === true);
    const list = this.logs.get(k) ?? [];
    const t = this.clock.now();
    const added = lines.map((text) => ({ time: t, text }));
    list.push(...added);
    if (list.length > 20000) list.splice(0, list.length - 20000);
    this.logs.set(k, list);
    for (const l of this.logListeners) l(k, added);
  }

  readLog(namespace: string, pod: string, container: string, previous: boolean): LogLine[] {
    return [...(this.logs.get(logKey(namespace, pod, container, previous)) ?? [])];
  }

  /** Subscribes to lines appended to one container's log. */
  followLog(namespace: string, pod: string, container: string, listener: (lines: LogLine[]) => void): () => void {
    const wanted = logKey(namespace, pod, container, false);
    const l = (k: string, lines: LogLine[]) => {
      if (k === wanted) listener(lines);
    };
    this.logListeners.add(l);
    return () => this.logListeners.delete(l);
  }

  private bucket(kind: ResourceKind): Map<string, KubeObject> {
    let m = this.objects.get(kind);
    if (!m) this.objects.set(kind, (m = new Map()));
    return m;
  }

  private emit(e: StoreEvent): void {
    const h = this.history.get(e.kind) ?? [];
    h.push(e);
    if (h.length > HISTORY_PER_KIND) {
      const dropped = h.splice(0, h.length - HISTORY_PER_KIND);
      this.oldest.set(e.kind, dropped[dropped.length - 1]!.rv);
    }
    this.history.set(e.kind, h);
    for (const l of this.listeners) l(e);
  }
}
