import type { ResourceKind } from './world';

/** The API groups the simulated API server serves ('' is the core group). */
export type ApiGroup = '' | 'argoproj.io' | 'apps';

/** A resource type the simulated API server serves. */
export interface ResourceInfo {
  kind: ResourceKind;
  plural: string;
  singular: string;
  group: ApiGroup;
  version: 'v1' | 'v1alpha1';
  namespaced: boolean;
  shortNames?: string[];
}

export const RESOURCES: readonly ResourceInfo[] = [
  {
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
  },
  { kind: 'Node', plural: 'nodes', singular: 'node', group: '', version: 'v1', namespaced: false, shortNames: ['no'] },
  { kind: 'Pod', plural: 'pods', singular: 'pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'] },
  {
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['pv'],
  },
  {
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['pvc'],
  },
  {
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['cm'],
  },
  // What a namespace may use, and the defaults and bounds of its containers.
  {
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['quota'],
  },
  {
    kind: 'LimitRange',
    plural: 'limitranges',
    singular: 'limitrange',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['limits'],
  },
  // The workflow-controller's Deployment: how a client reads which Argo version the cluster runs.
  {
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    kind: 'Workflow',
    plural: 'workflows',
    singular: 'workflow',
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespaced: true,
    shortNames: ['wf'],
  },
  {
    kind: 'WorkflowTemplate',
    plural: 'workflowtemplates',
    singular: 'workflowtemplate',
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespaced: true,
    shortNames: ['wftmpl'],
  },
  {
    kind: 'ClusterWorkflowTemplate',
    plural: 'clusterworkflowtemplates',
    singular: 'clusterworkflowtemplate',
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespaced: false,
    shortNames: ['clusterwftmpl', 'cwft'],
  },
  {
    kind: 'CronWorkflow',
    plural: 'cronworkflows',
    singular: 'cronworkflow',
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespaced: true,
    shortNames: ['cwf', 'cronwf'],
  },
];

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function resourceByKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}
