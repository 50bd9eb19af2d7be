import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { PlainEntry, type StoredEntry } from './entry';
import { apiVersionOf, resourceByKind } from './resources';
import type { KubeObject, ResourceKind, WorldWriter } from './world';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  kind: ResourceKind;
  type: WatchType;
  rv: number;
  object: KubeObject;
  /**
   * The entry this change replaced (MODIFIED) or removed (DELETED); absent for ADDED. The apiserver's watch cache
   * keeps each event's previous object too: a watch with a selector compares both to turn an object that starts or
   * stops matching into ADDED or DELETED.
   */
  previous?: StoredEntry;
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
/** Byte order of `namespace/name`, the order of etcd's keys and so of a real apiserver's lists. */
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The simulated cluster's objects: one global resourceVersion counter like etcd's, a bounded change history per
 * kind for watches, and container logs.
 */
export class ObjectStore implements WorldWriter {
  private rv = 1000;
  /** A watch from before the store existed gets 410, as from before an apiserver's watch cache started. */
  private readonly firstRv = this.rv;
  private readonly objects = new Map<ResourceKind, Map<string, StoredEntry>>();
  /** Keys per kind in list order; dropped when a key is added or removed, rebuilt on the next list. */
  private readonly sorted = new Map<ResourceKind, string[]>();
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
    const k = key(ns, obj.metadata.name);
    const existing = map.get(k);
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
    map.set(k, new PlainEntry(stored));
    if (!existing) this.sorted.delete(kind);
    this.emit({
      kind,
      type: existing ? 'MODIFIED' : 'ADDED',
      rv: this.rv,
      object: stored,
      ...(existing ? { previous: existing } : {}),
    });
    return clone(stored);
  }

  remove(kind: ResourceKind, namespace: string | undefined, name: string): void {
    const map = this.bucket(kind);
    const k = key(resourceByKind(kind)?.namespaced ? (namespace ?? 'default') : undefined, name);
    const existing = map.get(k);
    if (!existing) return;
    map.delete(k);
    this.sorted.delete(kind);
    const gone: KubeObject = {
      ...clone(existing.object()),
      metadata: { ...existing.metadata, resourceVersion: String(++this.rv) },
    };
    this.emit({ kind, type: 'DELETED', rv: this.rv, object: gone, previous: existing });
  }

  get(kind: ResourceKind, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.bucket(kind).get(key(resourceByKind(kind)?.namespaced ? (namespace ?? 'default') : undefined, name));
    return o ? clone(o.object()) : undefined;
  }

  /** The stored entry of an object (not a copy: its object must not be mutated). */
  entry(kind: ResourceKind, namespace: string | undefined, name: string): StoredEntry | undefined {
    return this.bucket(kind).get(key(resourceByKind(kind)?.namespaced ? (namespace ?? 'default') : undefined, name));
  }

  /** Copies of the objects of a kind, optionally in one namespace, in list order (namespace, then name). */
  list(kind: ResourceKind, namespace?: string): KubeObject[] {
    return this.entries(kind, namespace).map((e) => clone(e.object()));
  }

  /**
   * The stored entries of a kind, optionally in one namespace, sorted by namespace and name in byte order as the
   * API server lists them (etcd's key order). Not copies: their objects must not be mutated.
   */
  entries(kind: ResourceKind, namespace?: string): StoredEntry[] {
    return this.keyed(kind, namespace).map(([, e]) => e);
  }

  /** Like `entries`, each with its key (`namespace/name`), which continue tokens carry. */
  keyed(kind: ResourceKind, namespace?: string): [string, StoredEntry][] {
    const map = this.bucket(kind);
    let keys = this.sorted.get(kind);
    if (!keys) this.sorted.set(kind, (keys = [...map.keys()].sort(byKey)));
    const out: [string, StoredEntry][] = [];
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    for (const k of keys) if (!prefix || k.startsWith(prefix)) out.push([k, map.get(k)!]);
    return out;
  }

  /**
   * Adds `count` objects of a kind at once, without watch events (as if they predate the watch history): `make`
   * gets each object's resourceVersion and returns its entry. Watches from before the load get 410 Gone.
   */
  load(kind: ResourceKind, count: number, make: (i: number, resourceVersion: string) => StoredEntry): void {
    const map = this.bucket(kind);
    for (let i = 0; i < count; i++) {
      const e = make(i, String(++this.rv));
      map.set(key(e.metadata.namespace, e.metadata.name), e);
    }
    this.sorted.delete(kind);
    this.history.set(kind, []);
    this.oldest.set(kind, this.rv);
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

  private bucket(kind: ResourceKind): Map<string, StoredEntry> {
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
