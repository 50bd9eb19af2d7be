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

/** Discovery documents for core v1, apps/v1 and argoproj.io/v1alpha1, keyed by path. */
export function discovery(serverAddress: string): Record<string, unknown> {
  return {
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
        {
          name: 'apps',
          versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
        },
        {
          name: 'argoproj.io',
          versions: [{ groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' }],
          preferredVersion: { groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' },
        },
      ],
    },
    '/apis/apps': {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    },
    '/apis/apps/v1': {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apps/v1',
      resources: resourceList('apps'),
    },
    '/apis/argoproj.io': {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'argoproj.io',
      versions: [{ groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' }],
      preferredVersion: { groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' },
    },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: resourceList('') },
    '/apis/argoproj.io/v1alpha1': {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'argoproj.io/v1alpha1',
      resources: resourceList('argoproj.io'),
    },
  };
}
