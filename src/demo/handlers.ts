import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger';
import type { Faults } from './faults';
import type { StoredEntry } from './entry';
import { readBody, sendJson, sendJsonParts, sendStatus, statusBody } from './http';
import { negotiate, partialObject } from './negotiate';
import { jsonPatch, mergePatch } from './patch';
import { apiVersionOf, type ResourceInfo } from './resources';
import { entryMatches, matches, parseFieldSelector, parseLabelSelector } from './selectors';
import type { ObjectStore, StoreEvent } from './store';
import { watchEventFor } from './watchEvent';
import type { KubeObject } from './world';

export interface RequestTarget {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  sub?: string;
}

export interface HandlerContext {
  store: ObjectStore;
  faults: Faults;
  logger: Logger;
  /** Called after a successful write, so the tiny controller can react (stop, resubmit). */
  /** After a write; `previous`: the object before an update or patch. */
  afterWrite(verb: 'create' | 'patch' | 'update' | 'delete', obj: KubeObject, previous?: KubeObject): void;
  /** Open streams, closed when the server stops. */
  streams: Set<ServerResponse>;
}

const listKind = (info: ResourceInfo) => `${info.kind}List`;

function selectors(url: URL, res: ServerResponse) {
  const ls = url.searchParams.get('labelSelector');
  const fs = url.searchParams.get('fieldSelector');
  const labels = ls ? parseLabelSelector(ls) : undefined;
  const fields = fs ? parseFieldSelector(fs) : undefined;
  if ((ls && !labels) || (fs && !fields)) {
    sendStatus(res, 400, `unable to parse requirement: invalid selector '${ls ?? fs}'`);
    return undefined;
  }
  return { labels, fields };
}

/** A continue token: the list's resourceVersion and the key (`namespace/name`) of the last item sent. */
interface ContinueToken {
  rv: number;
  key: string;
}

const encodeContinue = (t: ContinueToken) => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    return typeof t.rv === 'number' && typeof t.key === 'string' ? { rv: t.rv, key: t.key } : undefined;
  } catch {
    return undefined;
  }
}

/** The index of the first of the (sorted) keyed entries whose key comes after `key`. */
function after(keyed: [string, StoredEntry][], key: string): number {
  let lo = 0;
  let hi = keyed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyed[mid]![0] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A list, paged with `limit` and `continue` as the API server pages (but whole with `resourceVersion=0`): an opaque token carrying the first page's
 * resourceVersion (every page reports it) and the last key sent, `remainingItemCount` when no selector filters.
 * Later pages show objects as they are now (the demo keeps no snapshots), each exactly once unless it is created
 * or deleted meanwhile. Items are written from each object's cached JSON, or as PartialObjectMetadata when the
 * Accept header asks for `as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`.
 */
export function handleList(
  ctx: HandlerContext,
  t: RequestTarget,
  url: URL,
  res: ServerResponse,
  accept?: string,
): Promise<void> | void {
  const sel = selectors(url, res);
  if (!sel) return;
  const shape = negotiate(accept, 'list');
  if (shape.as === 'refused') return sendStatus(res, shape.status, shape.message);
  const keyed = ctx.store.keyed(t.info.kind, t.namespace).filter(([, e]) => entryMatches(e, sel.labels, sel.fields));
  const cont = url.searchParams.get('continue');
  // resourceVersion=0 without a continue token is served from the apiserver's watch cache (v1.31), which ignores
  // `limit` and answers the whole list in one page (kubernetes/kubernetes#96182).
  const fromCache = !cont && url.searchParams.get('resourceVersion') === '0';
  const limit = fromCache ? 0 : Math.max(0, Math.floor(Number(url.searchParams.get('limit') ?? '0')) || 0);
  let from = 0;
  let listRv = ctx.store.resourceVersion;
  if (cont) {
    const token = decodeContinue(cont);
    if (!token) return sendStatus(res, 400, 'continue key is not valid: invalid continue token');
    if (ctx.store.changesSince(t.info.kind, token.rv) === 'gone')
      return sendStatus(
        res,
        410,
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    from = after(keyed, token.key);
    listRv = token.rv;
  }
  const end = limit > 0 ? Math.min(from + limit, keyed.length) : keyed.length;
  const next = end < keyed.length ? encodeContinue({ rv: listRv, key: keyed[end - 1]![0] }) : undefined;
  const remaining = next !== undefined && !sel.labels && !sel.fields ? { remainingItemCount: keyed.length - end } : {};
  const partial = shape.as === 'metadata';
  // A custom resource's list is unstructured: its metadata always has `continue`, "" on the last page (keys in
  // alphabetical order). Typed lists, metadata-only ones included, leave an empty continue out.
  const metadata =
    !partial && t.info.group === 'argoproj.io'
      ? { continue: next ?? '', ...remaining, resourceVersion: String(listRv) }
      : { resourceVersion: String(listRv), ...(next !== undefined ? { continue: next } : {}), ...remaining };
  const head =
    `{"kind":${JSON.stringify(partial ? 'PartialObjectMetadataList' : listKind(t.info))},` +
    `"apiVersion":${JSON.stringify(partial ? shape.apiVersion : apiVersionOf(t.info))},` +
    `"metadata":${JSON.stringify(metadata)},"items":[`;
  function* parts() {
    yield head;
    for (let i = from; i < end; i++) {
      const e = keyed[i]![1];
      if (i > from) yield ',';
      yield partial ? JSON.stringify(partialObject(e.metadata, shape.apiVersion)) : e.bytes();
    }
    yield ']}';
  }
  return sendJsonParts(res, 200, parts());
}

export function handleWatch(
  ctx: HandlerContext,
  t: RequestTarget,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  accept?: string,
): void {
  const sel = selectors(url, res);
  if (!sel) return;
  const shape = negotiate(accept, 'watch');
  if (shape.as === 'refused') return sendStatus(res, shape.status, shape.message);
  const partial = shape.as === 'metadata' ? shape.apiVersion : undefined;
  /** A watch asked for PartialObjectMetadataList ends at its first event, unsent (see negotiate). */
  const unencodable = shape.as === 'unencodable';
  const rvParam = url.searchParams.get('resourceVersion');
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
  const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders(); // clients wait for the headers before they consume events
  ctx.streams.add(res);
  /** Live events waiting to be written, after the initial ones. */
  const pending: string[] = [];
  /** The initial ADDED events of a watch without a resourceVersion, produced as the client takes them. */
  let initial: Iterator<string> | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let draining = false;
  const next = (): string | undefined => {
    if (initial) {
      const r = initial.next();
      if (!r.done) return r.value;
      initial = undefined;
    }
    return pending.shift();
  };
  /**
   * Writes queued events in chunks of about 1 MiB, pausing while the client is behind: the initial events of a
   * watch over thousands of big objects are neither one string nor all buffered at once.
   */
  const flush = () => {
    flushTimer = undefined;
    if (draining) return;
    const wait = ctx.faults.stalledUntil - Date.now();
    if (wait > 0) {
      flushTimer = setTimeout(flush, wait);
      return;
    }
    while (!res.writableEnded && !res.destroyed) {
      const batch: string[] = [];
      let size = 0;
      for (let e: string | undefined; size < 1 << 20 && (e = next()) !== undefined; size += e.length) batch.push(e);
      if (!batch.length) return;
      if (!res.write(batch.join(''))) {
        draining = true;
        res.once('drain', () => {
          draining = false;
          flush();
        });
        return;
      }
    }
  };
  const event = (type: string, objectJson: string) => `{"type":${JSON.stringify(type)},"object":${objectJson}}\n`;
  const write = (type: string, object: KubeObject | Record<string, unknown>) => {
    if (unencodable && type !== 'ERROR') return void res.end();
    const json = JSON.stringify(
      partial && type !== 'ERROR' ? partialObject((object as KubeObject).metadata, partial) : object,
    );
    pending.push(event(type, json));
    if (!flushTimer) flush();
  };
  const inPlace = (m: KubeObject['metadata']) =>
    (t.namespace === undefined || m.namespace === t.namespace) && (t.name === undefined || m.name === t.name);
  const passes = {
    object: (o: KubeObject) => inPlace(o.metadata) && matches(o, sel.labels, sel.fields),
    entry: (e: StoredEntry) => inPlace(e.metadata) && entryMatches(e, sel.labels, sel.fields),
  };
  /** Writes what this watch sees of a change (see watchEventFor). */
  const send = (e: StoreEvent) => {
    const w = watchEventFor(e, passes);
    if (w) write(w.type, partial ? { metadata: w.metadata } : w.object());
  };
  let lastRv = ctx.store.resourceVersion;
  if (!rvParam || rvParam === '0') {
    const entries = ctx.store.entries(t.info.kind, t.namespace);
    initial = (function* () {
      for (const e of entries)
        if ((t.name === undefined || e.metadata.name === t.name) && entryMatches(e, sel.labels, sel.fields)) {
          if (unencodable) return void res.end();
          yield event('ADDED', partial ? JSON.stringify(partialObject(e.metadata, partial)) : e.json());
        }
    })();
    flush();
  } else {
    const changes = ctx.store.changesSince(t.info.kind, Number(rvParam));
    if (changes === 'gone') {
      write('ERROR', statusBody(410, `too old resource version: ${rvParam} (${ctx.store.resourceVersion})`));
      flush();
      res.end();
      ctx.streams.delete(res);
      return;
    }
    for (const e of changes) send(e);
  }
  const onEvent = (e: StoreEvent) => {
    lastRv = e.rv;
    if (e.kind === t.info.kind) send(e);
  };
  const unsubscribe = ctx.store.subscribe(onEvent);
  const bookmarkTimer = bookmarks
    ? setInterval(
        () =>
          write('BOOKMARK', {
            kind: t.info.kind,
            apiVersion: apiVersionOf(t.info),
            metadata: { resourceVersion: String(lastRv) },
          }),
        5000,
      )
    : undefined;
  const stopDrop = ctx.faults.onDrop(() => res.destroy());
  const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
  const cleanup = () => {
    unsubscribe();
    stopDrop();
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    if (timer) clearTimeout(timer);
    if (flushTimer) clearTimeout(flushTimer);
    ctx.streams.delete(res);
  };
  res.on('close', cleanup);
  req.on('close', cleanup);
}

const FINISHED = new Set(['Succeeded', 'Failed']);

function containerNames(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[] };
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name);
}

function containerTerminated(pod: KubeObject, container: string): boolean {
  const status = (pod.status ?? {}) as {
    phase?: string;
    containerStatuses?: { name: string; state?: { terminated?: unknown } }[];
    initContainerStatuses?: { name: string; state?: { terminated?: unknown } }[];
  };
  if (FINISHED.has(status.phase ?? '')) return true;
  const cs = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].find(
    (c) => c.name === container,
  );
  return cs?.state?.terminated !== undefined;
}

export function handleLog(
  ctx: HandlerContext,
  t: RequestTarget,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const ns = t.namespace ?? 'default';
  const pod = ctx.store.get('Pod', ns, t.name ?? '');
  if (!pod) return sendStatus(res, 404, `pods "${t.name}" not found`, { name: t.name, kind: 'pods' });
  const names = containerNames(pod);
  let container = url.searchParams.get('container') ?? undefined;
  if (!container) {
    const regular = (((pod.spec ?? {}) as { containers?: { name: string }[] }).containers ?? []).map((c) => c.name);
    if (regular.length === 1) container = regular[0];
    else
      return sendStatus(
        res,
        400,
        `a container name must be specified for pod ${t.name}, choose one of: [${regular.join(' ')}]`,
      );
  }
  if (!container || !names.includes(container))
    return sendStatus(res, 400, `container ${container} is not valid for pod ${t.name}`);
  const previous = url.searchParams.get('previous') === 'true';
  const follow = url.searchParams.get('follow') === 'true' && !previous;
  const timestamps = url.searchParams.get('timestamps') === 'true';
  const tail = url.searchParams.get('tailLines');
  const sinceTime = url.searchParams.get('sinceTime');
  const sinceSeconds = url.searchParams.get('sinceSeconds');
  let lines = ctx.store.readLog(ns, pod.metadata.name, container, previous);
  if (previous && lines.length === 0)
    return sendStatus(res, 400, `previous terminated container "${container}" in pod "${t.name}" not found`);
  const since = sinceTime
    ? Date.parse(sinceTime)
    : sinceSeconds
      ? ctx.store.now().getTime() - Number(sinceSeconds) * 1000
      : undefined;
  if (since !== undefined && !Number.isNaN(since)) lines = lines.filter((l) => l.time.getTime() >= since);
  if (tail !== null && Number(tail) >= 0) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  const fmt = (l: { time: Date; text: string }) => (timestamps ? `${l.time.toISOString()} ${l.text}\n` : `${l.text}\n`);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  if (lines.length) res.write(lines.map(fmt).join(''));
  if (!follow || containerTerminated(pod, container)) {
    res.end();
    return;
  }
  ctx.streams.add(res);
  const c = container;
  const stopLog = ctx.store.followLog(ns, pod.metadata.name, c, (added) => {
    const wait = ctx.faults.stalledUntil - Date.now();
    const text = added.map(fmt).join('');
    if (wait > 0) setTimeout(() => !res.writableEnded && res.write(text), wait);
    else if (!res.writableEnded) res.write(text);
  });
  const stopPod = ctx.store.subscribe((e) => {
    if (e.kind !== 'Pod' || e.object.metadata.name !== pod.metadata.name || e.object.metadata.namespace !== ns) return;
    if (e.type === 'DELETED' || containerTerminated(e.object, c)) setImmediate(() => res.end());
  });
  const stopDrop = ctx.faults.onDrop(() => res.destroy());
  const cleanup = () => {
    stopLog();
    stopPod();
    stopDrop();
    ctx.streams.delete(res);
  };
  res.on('close', cleanup);
  req.on('close', cleanup);
}

export async function handleWrite(
  ctx: HandlerContext,
  t: RequestTarget,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const ns = t.info.namespaced ? (t.namespace ?? 'default') : undefined;
  if (method === 'DELETE') {
    const existing = t.name ? ctx.store.get(t.info.kind, ns, t.name) : undefined;
    if (!existing)
      return sendStatus(res, 404, `${t.info.plural}.${t.info.group || 'core'} "${t.name}" not found`, {
        name: t.name,
        kind: t.info.plural,
      });
    ctx.store.remove(t.info.kind, ns, t.name!);
    ctx.afterWrite('delete', existing);
    return sendJson(res, 200, {
      ...statusBody(200, 'deleted'),
      details: { name: t.name, kind: t.info.plural, uid: existing.metadata.uid },
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (e) {
    return sendStatus(res, 400, `the request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (method === 'POST') {
    const obj = body as KubeObject;
    if (!obj || typeof obj !== 'object' || !obj.metadata) return sendStatus(res, 422, 'metadata is required');
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = `${obj.metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
    if (!obj.metadata.name)
      return sendStatus(
        res,
        422,
        `${t.info.kind}.${t.info.group || 'core'} is invalid: metadata.name: Required value: name or generateName is required`,
      );
    if (ctx.store.get(t.info.kind, ns, obj.metadata.name))
      return sendStatus(res, 409, `${t.info.plural}.${t.info.group || 'core'} "${obj.metadata.name}" already exists`, {
        name: obj.metadata.name,
        kind: t.info.plural,
      });
    const created = ctx.store.put({
      ...obj,
      kind: t.info.kind,
      metadata: { ...obj.metadata, ...(ns ? { namespace: ns } : {}), resourceVersion: undefined },
    });
    ctx.afterWrite('create', created);
    return sendJson(res, 201, created);
  }
  const existing = t.name ? ctx.store.get(t.info.kind, ns, t.name) : undefined;
  if (!existing)
    return sendStatus(res, 404, `${t.info.plural}.${t.info.group || 'core'} "${t.name}" not found`, {
      name: t.name,
      kind: t.info.plural,
    });
  let next: KubeObject;
  // A PUT carrying a resourceVersion replaces only the version it read, as the apiserver does (optimistic locking).
  const asked = method === 'PUT' ? (body as KubeObject | undefined)?.metadata?.resourceVersion : undefined;
  if (asked && asked !== existing.metadata.resourceVersion)
    return sendStatus(
      res,
      409,
      `Operation cannot be fulfilled on ${t.info.plural}.${t.info.group || 'core'} "${existing.metadata.name}": ` +
        'the object has been modified; please apply your changes to the latest version and try again',
      { name: existing.metadata.name, kind: t.info.plural },
      'Conflict',
    );
  try {
    if (method === 'PUT') next = body as KubeObject;
    else if ((req.headers['content-type'] ?? '').includes('json-patch+json'))
      next = jsonPatch(existing, body) as KubeObject;
    else next = mergePatch(existing, body) as KubeObject;
  } catch (e) {
    return sendStatus(res, 422, e instanceof Error ? e.message : String(e));
  }
  const updated = ctx.store.put({
    ...next,
    kind: t.info.kind,
    metadata: { ...next.metadata, name: existing.metadata.name, ...(ns ? { namespace: ns } : {}) },
  });
  ctx.afterWrite(method === 'PUT' ? 'update' : 'patch', updated, existing);
  return sendJson(res, 200, updated);
}
