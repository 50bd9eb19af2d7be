import { metricsDiscovery } from './podMetrics';
import { RESOURCES, type ApiGroup } from './resources';

const resourceList = (group: ApiGroup) => {
  const list = RESOURCES.filter((r) => r.group === group);
  const entries = list.map((r) => ({
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs:
      r.kind === 'Event' || r.kind === 'Node'
        ? ['get', 'list', 'watch']
        : ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: r.shortNames ?? [],
  }));
  if (group === '')
    entries.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'], shortNames: [] });
  return entries;
};

/** The named API groups the demo serves, each at one version. */
const GROUPS: readonly { name: Exclude<ApiGroup, ''>; version: string }[] = [
  { name: 'apps', version: 'v1' },
  { name: 'argoproj.io', version: 'v1alpha1' },
];

/** Discovery documents for core v1 and the named groups (with the metrics API unless left out), keyed by path. */
export function discovery(serverAddress: string, opts: { metricsApi?: boolean } = {}): Record<string, unknown> {
  const metrics = opts.metricsApi !== false;
  const groupOf = (g: (typeof GROUPS)[number]) => {
    const gv = { groupVersion: `${g.name}/${g.version}`, version: g.version };
    return { name: g.name, versions: [gv], preferredVersion: gv };
  };
  const docs: Record<string, unknown> = {
    '/version': {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.0-argo-doctor-demo',
      platform: 'linux/amd64',
      goVersion: 'go1.22',
      compiler: 'gc',
      buildDate: '2026-01-01T00:00:00Z',
      gitCommit: 'demo',
      gitTreeState: 'clean',
    },
    '/api': {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    },
    '/apis': {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        ...GROUPS.map(groupOf),
        ...(metrics ? [groupOf({ name: 'metrics.k8s.io' as never, version: 'v1beta1' })] : []),
      ],
    },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: resourceList('') },
    ...(metrics ? metricsDiscovery() : {}),
  };
  for (const g of GROUPS) {
    docs[`/apis/${g.name}`] = { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(g) };
    docs[`/apis/${g.name}/${g.version}`] = {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${g.name}/${g.version}`,
      resources: resourceList(g.name),
    };
  }
  return docs;
}
