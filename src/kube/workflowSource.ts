import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { KubeItem, ListWatchSource } from './listWatch';

/** Watch every namespace (where RBAC allows listing cluster-wide). */
export const ALL_NAMESPACES = '*';

/** The list+watch source for an Argo resource (workflows, workflowtemplates, cronworkflows) in one namespace, or all. */
export function argoSource<T extends KubeItem>(kc: KubeConfig, plural: string, namespace: string): ListWatchSource<T> {
  const api = kc.makeApiClient(CustomObjectsApi);
  if (namespace === ALL_NAMESPACES) {
    return {
      description: `${plural} in all namespaces`,
      watchPath: `/apis/argoproj.io/v1alpha1/${plural}`,
      async list({ limit, continue: cont }) {
        const r = (await api.listClusterCustomObject({
          group: 'argoproj.io',
          version: 'v1alpha1',
          plural,
          limit,
          _continue: cont,
        })) as {
          items: T[];
          metadata: { resourceVersion: string; continue?: string };
        };
        return { items: r.items, resourceVersion: r.metadata.resourceVersion, continue: r.metadata.continue };
      },
    };
  }
  return {
    description: `${plural} in namespace ${namespace}`,
    watchPath: `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/${plural}`,
    async list({ limit, continue: cont }) {
      const r = (await api.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace,
        plural,
        limit,
        _continue: cont,
      })) as {
        items: T[];
        metadata: { resourceVersion: string; continue?: string };
      };
      return { items: r.items, resourceVersion: r.metadata.resourceVersion, continue: r.metadata.continue };
    },
  };
}
