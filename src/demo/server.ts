import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nullLogger, type Logger } from '../core/logger';
import { ManualClock, RealClock, type Clock } from './clock';
import { controllerReaction } from './controller';
import { discovery } from './discovery';
import { Faults, type FaultInjector } from './faults';
import { handleList, handleLog, handleWatch, handleWrite, type HandlerContext, type RequestTarget } from './handlers';
import { sendJson, sendJsonParts, sendStatus } from './http';
import { demoKubeconfig } from './kubeconfig';
import { negotiate, partialObject } from './negotiate';
import { ScenarioPlayer } from './player';
import { metricsTarget, podMetricsOf, METRICS_API_VERSION } from './podMetrics';
import { populate, type PopulationOptions } from './population';
import { RESOURCES, type ApiGroup } from './resources';
import { ObjectStore } from './store';
import { generateTls } from './tls';
import type { KubeObject, ResourceKind, Scenario, WorldWriter } from './world';

export type { FaultInjector } from './faults';
export type { PopulationOptions } from './population';

export interface DemoClusterOptions {
  /** 0 (default): an ephemeral port on 127.0.0.1. */
  port?: number;
  /** Bearer token; generated when absent. */
  token?: string;
  /** Scenarios to play (default none: tests add what they need; the product passes the demo set). */
  scenarios?: Scenario[];
  /** 'manual': time moves only through advance(). Default 'real'. */
  clock?: 'real' | 'manual';
  /** Real clock: simulated ms per real ms (default 1). */
  speed?: number;
  /** Namespaces whose every request is forbidden, like a namespace your RBAC does not cover. */
  forbiddenNamespaces?: string[];
  logger?: Logger;
  /** Serve the metrics API (metrics.k8s.io PodMetrics, as metrics-server); default true. */
  metricsApi?: boolean;
  /** Extra finished workflows to start with (`--workflows N --nodes M --big-workflow N`), for scale tests and benchmarks. */
  population?: PopulationOptions;
}

export interface DemoCluster {
  readonly url: string;
  readonly caPem: string;
  readonly token: string;
  kubeconfig(opts?: { contextName?: string; namespace?: string; user?: string }): string;
  readonly world: WorldWriter & { list(kind: ResourceKind, namespace?: string): KubeObject[] };
  readonly store: ObjectStore;
  readonly faults: FaultInjector;
  /** Manual clock: moves time on and runs the scenario steps that became due. */
  advance(ms: number): void;
  /** Forgets the watch history, so older resourceVersions get 410 Gone (as etcd compaction does). */
  compact(): void;
  /** Open watch and log-follow streams. */
  readonly openStreams: number;
  /** Resolves when no watch or log stream is open any more; rejects after `ms`. */
  whenNoStreams(ms: number): Promise<void>;
  /** Resolves once the number of open streams satisfies `pred` (checked as streams open and close); rejects after `ms`. */
  whenStreams(pred: (open: number) => boolean, ms: number, what: string): Promise<void>;
  close(): Promise<void>;
}

const VERBS: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Parses an API path into the resource it addresses. */
export function parseTarget(pathname: string): RequestTarget | undefined {
  let rest: string[];
  let group: ApiGroup;
  if (pathname.startsWith('/api/v1/')) {
    group = '';
    rest = pathname.slice('/api/v1/'.length).split('/').filter(Boolean);
  } else if (pathname.startsWith('/apis/argoproj.io/v1alpha1/')) {
    group = 'argoproj.io';
    rest = pathname.slice('/apis/argoproj.io/v1alpha1/'.length).split('/').filter(Boolean);
  } else if (pathname.startsWith('/apis/apps/v1/')) {
    group = 'apps';
    rest = pathname.slice('/apis/apps/v1/'.length).split('/').filter(Boolean);
  } else return undefined;
  rest = rest.map(decodeURIComponent);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub] = rest;
  const info = RESOURCES.find((r) => r.group === group && r.plural === plural);
  if (!info || rest.length > 3) return undefined;
  if (namespace !== undefined && !info.namespaced) return undefined;
  return { info, namespace, name, sub };
}

/** Starts the simulated Kubernetes + Argo API server over HTTPS on 127.0.0.1. */
export async function startDemoCluster(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
  const logger = opts.logger ?? nullLogger;
  const token = opts.token ?? randomBytes(24).toString('hex');
  const manual = opts.clock === 'manual';
  const clock: Clock = manual ? new ManualClock() : new RealClock(opts.speed ?? 1);
  const store = new ObjectStore(clock);
  if (opts.population) {
    const t0 = performance.now();
    populate(store, opts.population, clock.now());
    logger.info(
      `[demo] populated ${opts.population.workflows} workflows of ${opts.population.nodes} nodes${opts.population.bigWorkflow ? ` and one of ${opts.population.bigWorkflow}` : ''} in ${Math.round(performance.now() - t0)} ms`,
    );
  }
  const faults = new Faults();
  const forbidden = new Set(opts.forbiddenNamespaces ?? []);
  const player = new ScenarioPlayer(store, clock, (e) =>
    logger.error(`[demo] scenario step failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  const streamListeners = new Set<() => void>();
  /** The open streams; every change is announced, so tests can wait for a count instead of polling. */
  const streams = new (class extends Set<ServerResponse> {
    override add(r: ServerResponse): this {
      super.add(r);
      for (const l of [...streamListeners]) l();
      return this;
    }
    override delete(r: ServerResponse): boolean {
      const had = super.delete(r);
      if (had) for (const l of [...streamListeners]) l();
      return had;
    }
  })();
  const whenStreams = (pred: (open: number) => boolean, ms: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        streamListeners.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        if (!pred(streams.size)) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${streams.size} stream(s) open after ${ms} ms, waiting for ${what}`));
      }, ms);
      streamListeners.add(check);
      check();
    });
  const ctx: HandlerContext = {
    store,
    faults,
    logger,
    streams,
    afterWrite: (verb, obj, previous) => controllerReaction(verb, obj, store, player, clock, previous),
  };
  const tls = await generateTls();
  let url = '';
  /** The discovery documents, made once the port is known. */
  let docs: Record<string, unknown> | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    logger.trace(`[demo] ${method} ${u.pathname}${u.search}`);
    if (req.headers.authorization !== `Bearer ${token}`) return sendStatus(res, 401, 'Unauthorized');
    const failure = faults.takeFailure(u.pathname + u.search);
    if (failure)
      return sendStatus(
        res,
        failure,
        failure === 410
          ? 'too old resource version'
          : failure === 429
            ? 'the server has received too many requests and has asked us to try again later'
            : 'an injected server error',
      );
    docs ??= discovery(url.replace('https://', ''), { metricsApi: opts.metricsApi });
    if (method === 'GET' && docs[u.pathname]) return sendJson(res, 200, docs[u.pathname]);
    const metrics = opts.metricsApi === false ? undefined : metricsTarget(u.pathname);
    if (metrics) {
      if (method !== 'GET' || u.searchParams.get('watch')) return sendStatus(res, 405, `${method} is not supported`);
      if (metrics.namespace && forbidden.has(metrics.namespace))
        return sendStatus(
          res,
          403,
          `pods.metrics.k8s.io is forbidden: User "system:serviceaccount:argo:argo-doctor-demo" cannot ${metrics.name ? 'get' : 'list'} resource "pods" in API group "metrics.k8s.io" in the namespace "${metrics.namespace}"`,
          { group: 'metrics.k8s.io', kind: 'pods' },
        );
      const now = clock.now();
      if (metrics.name) {
        const pod = metrics.namespace ? store.get('Pod', metrics.namespace, metrics.name) : undefined;
        const pm = pod && podMetricsOf(pod, now);
        if (!pm)
          return sendStatus(res, 404, `podmetrics.metrics.k8s.io "${metrics.namespace}/${metrics.name}" not found`, {
            name: metrics.name,
            group: 'metrics.k8s.io',
            kind: 'pods',
          });
        return sendJson(res, 200, pm);
      }
      const items = store.list('Pod', metrics.namespace).flatMap((p) => podMetricsOf(p, now) ?? []);
      return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items });
    }
    const target = parseTarget(u.pathname);
    if (!target)
      return sendStatus(res, 404, `the server could not find the requested resource (${method} ${u.pathname})`);
    const watch = u.searchParams.get('watch') === 'true' || u.searchParams.get('watch') === '1';
    const verb = method === 'GET' ? (watch ? 'watch' : target.name ? 'get' : 'list') : (VERBS[method] ?? 'unknown');
    const resource = target.sub === 'log' ? 'pods/log' : target.info.plural;
    if (
      (target.namespace && forbidden.has(target.namespace)) ||
      faults.denied(target.info.plural, target.namespace, verb)
    ) {
      const where = target.namespace ? ` in the namespace "${target.namespace}"` : ' at the cluster scope';
      return sendStatus(
        res,
        403,
        `${resource}${target.info.group ? `.${target.info.group}` : ''} is forbidden: User "system:serviceaccount:argo:argo-doctor-demo" cannot ${verb} resource "${resource}" in API group "${target.info.group}"${where}`,
        { kind: resource },
      );
    }
    if (method === 'GET') {
      if (target.sub === 'log' && target.info.kind === 'Pod') return handleLog(ctx, target, u, req, res);
      if (target.sub) return sendStatus(res, 404, `subresource ${target.sub} is not served by the demo cluster`);
      const accept = req.headers.accept;
      if (watch) return handleWatch(ctx, target, u, req, res, accept);
      if (!target.name) return handleList(ctx, target, u, res, accept);
      // The cluster-scoped "namespaces/NAME" form, or a named object.
      const shape = negotiate(accept, 'get');
      if (shape.as === 'refused') return sendStatus(res, shape.status, shape.message);
      const entry = store.entry(target.info.kind, target.namespace, target.name);
      if (!entry)
        return sendStatus(
          res,
          404,
          `${target.info.plural}${target.info.group ? `.${target.info.group}` : ''} "${target.name}" not found`,
          { name: target.name, kind: target.info.plural },
        );
      if (shape.as === 'metadata') return sendJson(res, 200, partialObject(entry.metadata, shape.apiVersion));
      return sendJsonParts(res, 200, [entry.json()]);
    }
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return handleWrite(ctx, target, method, req, res);
    return sendStatus(res, 405, `method ${method} is not allowed`);
  };
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error(`[demo] ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendStatus(res, 500, 'internal error in the demo cluster');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  player.start(opts.scenarios ?? []);
  const ticker = manual ? undefined : setInterval(() => player.tick(), 100);
  ticker?.unref();
  logger.info(`[demo] simulated cluster listening on ${url}`);
  return {
    url,
    caPem: tls.caPem,
    token,
    kubeconfig: (o = {}) => demoKubeconfig({ server: url, caPem: tls.caPem, token, ...o }),
    world: store,
    store,
    faults,
    advance(ms: number) {
      if (!(clock instanceof ManualClock)) throw new Error('advance() needs clock: "manual"');
      clock.advance(ms);
      player.tick();
    },
    compact: () => store.compact(),
    get openStreams() {
      return streams.size;
    },
    whenNoStreams: (ms: number) => whenStreams((n) => n === 0, ms, 'no open stream'),
    whenStreams,
    async close() {
      if (ticker) clearInterval(ticker);
      for (const s of streams) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
