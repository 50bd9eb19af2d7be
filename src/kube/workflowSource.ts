import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { KubeItem, ListPage, ListWatchSource } from './listWatch';
import { METADATA_ACCEPT, METADATA_LIST_ACCEPT, rawGetJson } from './rawGet';

/** Watch every namespace (where RBAC allows listing cluster-wide). */
export const ALL_NAMESPACES = '*';

interface ListBody<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

function page<T>(r: ListBody<T>): ListPage<T> {
  return {
    items: r.items ?? [],
    resourceVersion: r.metadata?.resourceVersion ?? '',
    continue: r.metadata?.continue,
    remainingItemCount: r.metadata?.remainingItemCount,
  };
}

function collectionPath(plural: string, namespace: string): string {
  return namespace === ALL_NAMESPACES
    ? `/apis/argoproj.io/v1alpha1/${plural}`
    : `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}

function describe(plural: string, namespace: string, labelSelector?: string): string {
  const where = namespace === ALL_NAMESPACES ? 'all namespaces' : `namespace ${namespace}`;
  return `${plural} in ${where}${labelSelector ? ` (${labelSelector})` : ''}`;
}

/**
 * The list+watch source for an Argo resource (workflows, workflowtemplates, cronworkflows) in one namespace, or all,
 * optionally narrowed by a label selector.
 */
export function argoSource<T extends KubeItem>(
  kc: KubeConfig,
  plural: string,
  namespace: string,
  labelSelector?: string,
): ListWatchSource<T> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const base = { group: 'argoproj.io', version: 'v1alpha1', plural, labelSelector };
  return {
    description: describe(plural, namespace, labelSelector),
    watchPath: collectionPath(plural, namespace),
    ...(labelSelector ? { query: { labelSelector } } : {}),
    async list({ limit, continue: cont }) {
      const r = (await (namespace === ALL_NAMESPACES
        ? api.listClusterCustomObject({ ...base, limit, _continue: cont })
        : api.listNamespacedCustomObject({ ...base, namespace, limit, _continue: cont }))) as ListBody<T>;
      return page(r);
    },
  };
}

/**
 * The same collection as metadata only (PartialObjectMetadata: names, labels, annotations, times): what a list of
 * thousands of finished workflows needs, at a fraction of their bytes.
 */
export function argoMetadataSource<T extends KubeItem>(
  kc: KubeConfig,
  plural: string,
  namespace: string,
  labelSelector?: string,
): ListWatchSource<T> {
  const path = collectionPath(plural, namespace);
  return {
    description: describe(plural, namespace, labelSelector),
    watchPath: path,
    watchAccept: METADATA_ACCEPT,
    ...(labelSelector ? { query: { labelSelector } } : {}),
    async list({ limit, continue: cont }) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cont) q.set('continue', cont);
      if (labelSelector) q.set('labelSelector', labelSelector);
      return page((await rawGetJson(kc, `${path}?${q}`, METADATA_LIST_ACCEPT)) as ListBody<T>);
    },
  };
}
