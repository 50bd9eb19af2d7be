// A real Kubernetes control plane and a real Argo workflow-controller on loopback, built from their Go modules by
// build.sh: etcd, kube-apiserver (HTTPS, RBAC, service-account issuer, token and certificate users),
// kube-controller-manager, kube-scheduler, kwok as the kubelet stand-in (kwok-stages.yaml says how pods end,
// kwok-metrics.yaml what their containers use), metrics-server behind the aggregation layer (the metrics.k8s.io
// API), Argo's workflow-controller with Argo's CRDs, and the small executor stand-in of executor.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as https from 'node:https';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startExecutorStandIn, type ExecutorStandIn } from './executor';
import { makePki, type Pki } from './pki';

export const VERSIONS = {
  etcd: 'v3.6.13',
  kubernetes: 'v1.36.3',
  kwok: 'v0.8.0',
  argo: 'v4.0.5',
  metricsServer: 'v0.8.0',
} as const;
export const CACHE = path.join(
  process.env.ARGO_DOCTOR_CACHE ?? path.join(os.homedir(), '.cache', 'argo-doctor'),
  'real-cluster',
);
const HERE = __dirname;

/** Namespaces the cluster has: workflows run in `argo` and `ml-team`; the user context may not read `restricted`. */
export const NAMESPACES = ['argo', 'ml-team', 'restricted'] as const;
export const ADMIN_CONTEXT = 'argo-doctor-real';
export const USER_CONTEXT = 'argo-doctor-real-user';
export const USER_NAME = 'dana';

/** The nodes kwok plays: zones, instance types, capacity; the GPU node is tainted like a cloud GPU pool. */
export const NODES = [
  { name: 'kwok-node-a', zone: 'us-east-1a', type: 'm5.2xlarge', cpu: '8', memory: '32Gi' },
  { name: 'kwok-node-b', zone: 'us-east-1b', type: 'r5.2xlarge', cpu: '8', memory: '64Gi' },
  { name: 'kwok-gpu-0', zone: 'us-east-1c', type: 'p3.2xlarge', cpu: '8', memory: '61Gi', gpu: '1' },
] as const;

export interface RealClusterOptions {
  /** Where to write the kubeconfig users and tests read (default: a file in the cluster's directory). */
  kubeconfig?: string;
  /** Progress lines ("building…", "starting etcd…"). */
  log?: (line: string) => void;
  /** Keep the working directory (logs, data) after stop, for debugging. */
  keep?: boolean;
}

export interface RealCluster {
  kubeconfigPath: string;
  dir: string;
  /** A KubeConfig for a context of the written kubeconfig (default: the admin context). */
  kubeConfig(context?: string): k8s.KubeConfig;
  /** The component logs' directory. */
  logs: string;
  stop(): Promise<void>;
}

/** A problem with a clear sentence for the user, not a stack trace. */
export class RealClusterError extends Error {}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

export function binaryPath(name: string): string {
  const version =
    name === 'etcd'
      ? VERSIONS.etcd
      : name === 'kwok'
        ? VERSIONS.kwok
        : name === 'workflow-controller'
          ? VERSIONS.argo
          : name === 'metrics-server'
            ? VERSIONS.metricsServer
            : VERSIONS.kubernetes;
  return path.join(CACHE, 'bin', `${name}-${version}`);
}

const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'workflow-controller',
  'metrics-server',
];

/** Builds whatever is missing (build.sh caches by version); resolves when every binary exists. */
export async function ensureBinaries(log: (l: string) => void): Promise<void> {
  const missing = COMPONENTS.filter((c) => !existsSync(binaryPath(c)));
  const manifests = [
    path.join(CACHE, 'manifests', `kwok-${VERSIONS.kwok}`),
    path.join(CACHE, 'manifests', `argo-${VERSIONS.argo}`),
  ];
  if (missing.length === 0 && manifests.every((m) => existsSync(m))) return;
  if (!goAvailable())
    throw new RealClusterError(
      'Go is not installed: the real cluster is built from Go modules (install Go 1.25 or newer and run again).',
    );
  if (missing.length)
    log(
      `building ${missing.join(', ')} from their Go modules, once (the first build takes about 10 minutes on 2 cores; cached in ${CACHE})`,
    );
  const want = missing.length ? missing : ['kwok', 'workflow-controller'];
  await new Promise<void>((resolve, reject) => {
    const p = spawn('bash', [path.join(HERE, 'build.sh'), ...want], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stdout.on('data', (d: Buffer) =>
      d
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(l.replace(/^real-cluster: /, ''))),
    );
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    p.once('exit', (code) =>
      code === 0 ? resolve() : reject(new RealClusterError(`building the real cluster failed:\n${err.trim()}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
}

interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/** Resolves when `probe` answers true; rejects when the process exits or after `ms`. */
async function until(what: string, probe: () => Promise<boolean>, ms: number, proc?: Proc): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc && proc.child.exitCode !== null) {
      const tail = readFileSync(proc.logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new RealClusterError(
        `${proc.name} exited with code ${proc.child.exitCode} before ${what}; its log ends:\n${tail}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new RealClusterError(
        `timed out after ${ms / 1000} s waiting for ${what}${proc ? ` (log: ${proc.logFile})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 200)); // polling a just-started server's health endpoint
  }
}

function httpsGet(url: string, pki: Pki): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        ca: readFileSync(pki.caCert),
        cert: readFileSync(pki.adminCert),
        key: readFileSync(pki.adminKey),
        timeout: 3000,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

function kubeconfigYaml(opts: { server: string; pki: Pki; token: string; namespace: string }): string {
  const b64 = (f: string) => readFileSync(f).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: argo-doctor-real
  cluster:
    server: ${opts.server}
    certificate-authority-data: ${b64(opts.pki.caCert)}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${b64(opts.pki.adminCert)}
    client-key-data: ${b64(opts.pki.adminKey)}
- name: ${USER_NAME}
  user:
    token: ${opts.token}
contexts:
- name: ${ADMIN_CONTEXT}
  context: { cluster: argo-doctor-real, user: kubernetes-admin, namespace: ${opts.namespace} }
- name: ${USER_CONTEXT}
  context: { cluster: argo-doctor-real, user: ${USER_NAME}, namespace: ${opts.namespace} }
current-context: ${ADMIN_CONTEXT}
`;
}

/**
 * The metrics API through the aggregation layer, served by metrics-server running beside the apiserver on
 * `port`: an APIService naming a Service of type ExternalName (localhost), as `kwokctl --enable-metrics-server`
 * does with the binary runtime; the aggregator dials localhost:<port> and checks the serving certificate against
 * `caBundle` for the name metrics-server.kube-system.svc.
 */
function metricsApiObjects(port: number, pki: Pki): k8s.KubernetesObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' } },
      spec: { type: 'ExternalName', externalName: 'localhost' },
    } as k8s.KubernetesObject,
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io', labels: { 'k8s-app': 'metrics-server' } },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { name: 'metrics-server', namespace: 'kube-system', port },
        caBundle: readFileSync(pki.caCert).toString('base64'),
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    } as k8s.KubernetesObject,
  ];
}

/** Objects the cluster starts with, besides Argo's CRDs: namespaces, nodes, RBAC for the user, Argo's config. */
function initialObjects(): k8s.KubernetesObject[] {
  const objs: k8s.KubernetesObject[] = [];
  for (const ns of NAMESPACES) objs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  objs.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'workflow-controller-configmap', namespace: 'argo' },
    data: { metricsConfig: 'enabled: false\n', telemetryConfig: 'enabled: false\n' },
  } as k8s.KubernetesObject);
  // Argo's workflow-controller runs here as a process beside the apiserver (built from its Go module), not as a pod;
  // the Deployment an install of Argo creates still says which version runs, as clients read it (the linter's
  // "auto" version). Zero replicas: the object, not a second controller.
  const controllerLabels = { app: 'workflow-controller' };
  objs.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'workflow-controller', namespace: 'argo', labels: controllerLabels },
    spec: {
      replicas: 0,
      selector: { matchLabels: controllerLabels },
      template: {
        metadata: { labels: controllerLabels },
        spec: {
          containers: [{ name: 'workflow-controller', image: `quay.io/argoproj/workflow-controller:${VERSIONS.argo}` }],
        },
      },
    },
  } as k8s.KubernetesObject);
  for (const n of NODES) {
    const gpu = 'gpu' in n ? { 'nvidia.com/gpu': n.gpu } : {};
    const capacity = { cpu: n.cpu, memory: n.memory, pods: '110', 'ephemeral-storage': '100Gi', ...gpu };
    objs.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        annotations: {
          'kwok.x-k8s.io/node': 'fake',
          'node.alpha.kubernetes.io/ttl': '0',
          // Where metrics-server scrapes this node's resource metrics: kwok serves every node on one port.
          'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${n.name}/metrics/resource`,
        },
        labels: {
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/zone': n.zone,
          'topology.kubernetes.io/region': 'us-east-1',
          'node.kubernetes.io/instance-type': n.type,
          type: 'kwok',
        },
      },
      spec: 'gpu' in n ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {},
      status: { capacity, allocatable: capacity },
    } as k8s.KubernetesObject);
  }
  // The user: reads nodes cluster-wide; in argo and ml-team reads everything a workflow leaves behind and may act
  // on workflows; in restricted, nothing.
  objs.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'argo-doctor-node-reader' },
    rules: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      // Which Argo version runs: the workflow-controller Deployment's image (many real users may not list these;
      // the extension then lints for the newest version).
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
    ],
  } as k8s.KubernetesObject);
  objs.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'argo-doctor-node-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-doctor-node-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER_NAME }],
  } as k8s.KubernetesObject);
  objs.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'argo-doctor-workflow-user' },
    rules: [
      {
        apiGroups: [''],
        resources: ['pods', 'pods/log', 'events', 'configmaps', 'persistentvolumeclaims', 'resourcequotas'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
      // What running steps use (metrics-server), as `kubectl top pod` reads it.
      { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] },
      {
        apiGroups: ['argoproj.io'],
        resources: ['workflows'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
      {
        apiGroups: ['argoproj.io'],
        resources: ['workflowtemplates', 'cronworkflows', 'workflowtaskresults'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  } as k8s.KubernetesObject);
  for (const ns of ['argo', 'ml-team']) {
    objs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'argo-doctor-workflow-user', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-doctor-workflow-user' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER_NAME }],
    } as k8s.KubernetesObject);
  }
  return objs;
}

/** Typed objects: client-node serializes by its models, so a CRD's `x-kubernetes-*` keys must be read by them too. */
function yamlObjects(file: string): k8s.KubernetesObject[] {
  return (k8s.loadAllYaml(readFileSync(file, 'utf8')) as (k8s.KubernetesObject | null)[]).filter(
    (o): o is k8s.KubernetesObject => !!o && !!o.kind,
  );
}

async function createAll(kc: k8s.KubeConfig, objs: k8s.KubernetesObject[]): Promise<void> {
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);
  for (const o of objs) {
    for (let attempt = 0; ; attempt++) {
      try {
        await api.create(o);
        break;
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code === 409) break;
        // CRDs and the RBAC cache settle a moment after the apiserver is ready; a few retries cover that.
        if (attempt < 50 && (code === 404 || code === 503 || code === undefined)) {
          await new Promise((r) => setTimeout(r, 200)); // waiting for a just-registered type to be served
          continue;
        }
        throw new RealClusterError(
          `could not create ${o.kind} ${o.metadata?.name}: ${(e as Error).message.split('\n')[0]}`,
        );
      }
    }
  }
}

export async function startRealCluster(opts: RealClusterOptions = {}): Promise<RealCluster> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  await ensureBinaries(log);
  if (!(await portFree(6060))) {
    throw new RealClusterError(
      "port 6060 is in use: Argo's workflow-controller serves its health check there (not configurable); stop whatever holds it (is another real cluster running?)",
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-real-'));
  const logs = path.join(dir, 'logs');
  mkdirSync(logs);
  const procs: Proc[] = [];
  let standIn: ExecutorStandIn | undefined;
  let stopped = false;

  const killAll = (signal: NodeJS.Signals) => {
    for (const p of procs) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
      try {
        process.kill(-p.child.pid!, signal);
      } catch {
        /* already gone */
      }
    }
  };
  const onExit = () => killAll('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    await standIn?.stop();
    const exits = procs
      .filter((p) => p.child.exitCode === null && p.child.signalCode === null)
      .map((p) => new Promise((r) => p.child.once('exit', r)));
    // The controllers first, etcd last: nothing logs errors about a store that vanished under it.
    for (const p of [...procs].reverse()) {
      try {
        process.kill(-p.child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    const timer = setTimeout(() => killAll('SIGKILL'), 5000);
    await Promise.all(exits);
    clearTimeout(timer);
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };

  const run = (name: string, bin: string, args: string[], env: Record<string, string> = {}): Proc => {
    const logFile = path.join(logs, `${name}.log`);
    const out = createWriteStream(logFile);
    const child = spawn(bin, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    const p = { name, child, logFile };
    procs.push(p);
    return p;
  };

  try {
    log('making certificates');
    const pkiDir = path.join(dir, 'pki');
    mkdirSync(pkiDir);
    const pki = makePki(pkiDir);
    const token = `argo-doctor-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    writeFileSync(path.join(dir, 'tokens.csv'), `${token},${USER_NAME},${USER_NAME}-uid,"data-team"\n`);
    const [etcdPort, etcdPeer, apiPort, kwokPort, metricsPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const server = `https://127.0.0.1:${apiPort}`;

    log('starting etcd');
    const etcd = run('etcd', binaryPath('etcd'), [
      '--name',
      'default',
      '--data-dir',
      path.join(dir, 'etcd'),
      '--listen-client-urls',
      `http://127.0.0.1:${etcdPort}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${etcdPort}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster',
      `default=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--quota-backend-bytes',
      String(4 * 1024 ** 3),
    ]);
    await until('etcd to be healthy', async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, 30000, etcd);

    log('starting kube-apiserver');
    const apiserver = run('kube-apiserver', binaryPath('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1',
      `--tls-cert-file=${pki.apiserverCert}`,
      `--tls-private-key-file=${pki.apiserverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--endpoint-reconciler-type=none',
      '--kubelet-preferred-address-types=InternalIP',
      `--kubelet-client-certificate=${pki.adminCert}`,
      `--kubelet-client-key=${pki.adminKey}`,
      '--allow-privileged=true',
      // A node that stops reporting gets its pods evicted after 30 s instead of 5 min, so tests can watch it.
      '--default-not-ready-toleration-seconds=30',
      '--default-unreachable-toleration-seconds=30',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      // The aggregation layer (metrics-server's metrics.k8s.io): the apiserver proxies as front-proxy-client and
      // says who asked in these headers; metrics-server trusts them by the front-proxy CA.
      `--requestheader-client-ca-file=${pki.frontProxyCaCert}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${pki.frontProxyClientCert}`,
      `--proxy-client-key-file=${pki.frontProxyClientKey}`,
    ]);
    await until(
      'kube-apiserver to be ready',
      async () => (await httpsGet(`${server}/readyz`, pki)).status === 200,
      120000,
      apiserver,
    );

    const adminKubeconfig = path.join(dir, 'admin.kubeconfig');
    writeFileSync(adminKubeconfig, kubeconfigYaml({ server, pki, token, namespace: 'argo' }));
    const kubeconfigPath = opts.kubeconfig ?? path.join(dir, 'kubeconfig');
    mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
    writeFileSync(kubeconfigPath, kubeconfigYaml({ server, pki, token, namespace: 'argo' }), { mode: 0o600 });
    const kubeConfig = (context = ADMIN_CONTEXT) => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      kc.setCurrentContext(context);
      return kc;
    };
    const admin = kubeConfig();

    log("installing Argo's CRDs and the cluster's namespaces, nodes and RBAC");
    const crdFiles = [
      ...readdirSync(path.join(CACHE, 'manifests', `argo-${VERSIONS.argo}`)).map((f) =>
        path.join(CACHE, 'manifests', `argo-${VERSIONS.argo}`, f),
      ),
      ...readdirSync(path.join(CACHE, 'manifests', `kwok-${VERSIONS.kwok}`)).map((f) =>
        path.join(CACHE, 'manifests', `kwok-${VERSIONS.kwok}`, f),
      ),
    ].filter((f) => f.endsWith('.yaml'));
    await createAll(admin, crdFiles.flatMap(yamlObjects));
    await createAll(admin, initialObjects());

    log('starting kube-controller-manager, kube-scheduler and kwok');
    const cm = run('kube-controller-manager', binaryPath('kube-controller-manager'), [
      `--kubeconfig=${adminKubeconfig}`,
      `--authentication-kubeconfig=${adminKubeconfig}`,
      `--authorization-kubeconfig=${adminKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--leader-elect=false',
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caCert}`,
      '--use-service-account-credentials=false',
      '--controllers=*,-node-ipam-controller,-certificatesigningrequest-signing-controller,-certificatesigningrequest-approving-controller,-certificatesigningrequest-cleaner-controller,-persistentvolume-attach-detach-controller,-persistentvolume-expander-controller,-endpointslice-mirroring-controller,-service-lb-controller,-cloud-node-lifecycle-controller,-node-route-controller,-horizontal-pod-autoscaler-controller',
      '--node-monitor-grace-period=20s',
      '--concurrent-gc-syncs=5',
    ]);
    const scheduler = run('kube-scheduler', binaryPath('kube-scheduler'), [
      `--kubeconfig=${adminKubeconfig}`,
      `--authentication-kubeconfig=${adminKubeconfig}`,
      `--authorization-kubeconfig=${adminKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--leader-elect=false',
    ]);
    const kwok = run('kwok', binaryPath('kwok'), [
      `--kubeconfig=${adminKubeconfig}`,
      `--config=${path.join(HERE, 'kwok-stages.yaml')}`,
      `--config=${path.join(HERE, 'kwok-metrics.yaml')}`,
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--node-ip=127.0.0.1',
      `--node-port=${kwokPort}`,
      `--server-address=127.0.0.1:${kwokPort}`,
      `--tls-cert-file=${pki.kubeletCert}`,
      `--tls-private-key-file=${pki.kubeletKey}`,
      '--enable-crds=Logs',
      '--cidr=10.244.0.1/16',
      '--node-lease-duration-seconds=40',
    ]);
    const core = admin.makeApiClient(k8s.CoreV1Api);
    await until(
      'kwok to report its nodes Ready',
      async () => {
        const nodes = await core.listNode();
        return (
          nodes.items.length === NODES.length &&
          nodes.items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        );
      },
      60000,
      kwok,
    );
    await until(
      'the default service account in argo',
      async () =>
        (await core.readNamespacedServiceAccount({ name: 'default', namespace: 'argo' })).metadata?.name === 'default',
      60000,
      cm,
    );
    void scheduler;

    log(`starting metrics-server ${VERSIONS.metricsServer}`);
    // kwokctl's flags for metrics-server (pkg/kwokctl/components/metrics_server.go), with kwok's serving
    // certificate checked against the cluster's CA instead of --kubelet-insecure-tls, and the shortest resolution
    // metrics-server allows: a pod's first PodMetrics needs two scrapes (cpu is a rate of a cumulative counter).
    const metricsServer = run('metrics-server', binaryPath('metrics-server'), [
      `--kubeconfig=${adminKubeconfig}`,
      `--authentication-kubeconfig=${adminKubeconfig}`,
      `--authorization-kubeconfig=${adminKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${metricsPort}`,
      `--tls-cert-file=${pki.metricsServerCert}`,
      `--tls-private-key-file=${pki.metricsServerKey}`,
      '--kubelet-preferred-address-types=InternalIP',
      '--kubelet-use-node-status-port',
      `--kubelet-certificate-authority=${pki.caCert}`,
      '--metric-resolution=10s',
      '--kubelet-request-timeout=5s',
      '--profiling=false',
    ]);
    await createAll(admin, metricsApiObjects(metricsPort, pki));
    await until(
      'the metrics API (metrics-server behind the aggregation layer) to answer',
      async () => (await httpsGet(`${server}/apis/metrics.k8s.io/v1beta1/namespaces/argo/pods`, pki)).status === 200,
      60000,
      metricsServer,
    );

    log(`starting Argo's workflow-controller ${VERSIONS.argo}`);
    const controller = run(
      'workflow-controller',
      binaryPath('workflow-controller'),
      [
        `--kubeconfig=${adminKubeconfig}`,
        '--namespace=argo',
        '--configmap=workflow-controller-configmap',
        `--executor-image=quay.io/argoproj/argoexec:${VERSIONS.argo}`,
        '--workflow-workers=4',
        '--pod-cleanup-workers=2',
        '--cron-workflow-workers=2',
        '--workflow-ttl-workers=2',
        '--qps=50',
        '--burst=100',
      ],
      { LEADER_ELECTION_DISABLE: 'true', ARGO_LOG_LEVEL: 'info' },
    );
    standIn = await startExecutorStandIn({ kubeConfig: admin, logDir: path.join(dir, 'pod-logs') });
    await until(
      "Argo's workflow-controller to be healthy",
      async () => (await fetch('http://127.0.0.1:6060/healthz')).ok,
      120000,
      controller,
    );

    log(
      `ready in ${Math.round((Date.now() - started) / 1000)} s; kubeconfig ${kubeconfigPath} (contexts ${ADMIN_CONTEXT}, ${USER_CONTEXT})`,
    );
    return { kubeconfigPath, dir, logs, kubeConfig, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
