// Raw requests to an apiserver (the demo's or a real one) with a KubeConfig's credentials, for tests where the exact
// wire form matters: the Accept header, content types, list metadata and watch events as sent.
import type { IncomingMessage } from 'node:http';
import { request, type RequestOptions } from 'node:https';
import type * as k8s from '@kubernetes/client-node';

export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

export interface RawWatchEvent<
  T = { metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> } },
> {
  type: string;
  object: T & Record<string, unknown>;
}

/** An open watch: the events so far, and a wait for one that satisfies a predicate. */
export interface RawWatch {
  readonly events: RawWatchEvent[];
  /** Resolves with the first event (so far or to come) for which `pred` holds; rejects after `ms`. */
  until(pred: (e: RawWatchEvent) => boolean, what: string, ms?: number): Promise<RawWatchEvent>;
  close(): void;
}

async function open(
  kc: k8s.KubeConfig,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  onResponse: (res: IncomingMessage) => void,
  onError: (e: Error) => void,
  body?: string,
) {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const req = request(
    cluster.server.replace(/\/$/, '') + pathAndQuery,
    { ...opts, method, headers: { ...(opts.headers ?? {}), ...headers } },
    onResponse,
  );
  req.on('error', onError);
  req.end(body);
  return req;
}

/** One request; the reply's status, content type and body (any status). */
export function rawRequest(
  kc: k8s.KubeConfig,
  method: string,
  pathAndQuery: string,
  opts: { accept?: string; body?: unknown; contentType?: string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    open(
      kc,
      method,
      pathAndQuery,
      headers,
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
      reject,
      opts.body === undefined ? undefined : JSON.stringify(opts.body),
    ).catch(reject);
  });
}

/** `rawRequest` for a 2xx JSON answer, parsed; rejects with the status and body otherwise. */
export async function rawJson<T>(
  kc: k8s.KubeConfig,
  method: string,
  pathAndQuery: string,
  opts: { accept?: string; body?: unknown; contentType?: string } = {},
): Promise<{ contentType: string; json: T }> {
  const r = await rawRequest(kc, method, pathAndQuery, opts);
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${method} ${pathAndQuery}: HTTP ${r.status}: ${r.body.slice(0, 300)}`);
  return { contentType: r.contentType, json: JSON.parse(r.body) as T };
}

/** Opens a watch (`watch=true` must be in the query) and collects its events as they arrive. */
export function rawWatch(kc: k8s.KubeConfig, pathAndQuery: string, accept = 'application/json'): Promise<RawWatch> {
  return new Promise((resolve, reject) => {
    const events: RawWatchEvent[] = [];
    const waiters = new Set<(e: RawWatchEvent) => void>();
    let closed = false;
    let req: { destroy(): void } | undefined;
    open(
      kc,
      'GET',
      pathAndQuery,
      { Accept: accept },
      (res) => {
        if ((res.statusCode ?? 0) !== 200) {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () =>
            reject(new Error(`watch ${pathAndQuery}: HTTP ${res.statusCode}: ${body.slice(0, 300)}`)),
          );
          return;
        }
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          for (let nl: number; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
            const line = buf.slice(0, nl).trim();
            if (!line) continue;
            const e = JSON.parse(line) as RawWatchEvent;
            events.push(e);
            for (const w of [...waiters]) w(e);
          }
        });
        res.on('error', () => {});
        resolve({
          events,
          until: (pred, what, ms = 30_000) =>
            new Promise((ok, fail) => {
              const found = events.find(pred);
              if (found) return ok(found);
              const check = (e: RawWatchEvent) => {
                if (!pred(e)) return;
                clearTimeout(timer);
                waiters.delete(check);
                ok(e);
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                const seen = events.map(
                  (x) => `${x.type} ${x.object.metadata?.name}@${x.object.metadata?.resourceVersion}`,
                );
                fail(
                  new Error(`timed out after ${ms / 1000} s waiting for ${what}; the watch saw: ${seen.join(', ')}`),
                );
              }, ms);
              waiters.add(check);
            }),
          close: () => {
            closed = true;
            req?.destroy();
          },
        });
      },
      (e) => (closed ? undefined : reject(e)),
    )
      .then((r) => {
        req = r;
      })
      .catch(reject);
  });
}
