// The real cluster as a cluster-layer test target: workflows are submitted to Argo's real controller, and kwok
// ends their pods as the template's argo-doctor.dev/outcome annotation asks (test/real-cluster/kwok-stages.yaml).
import * as k8s from '@kubernetes/client-node';
import type { KObject } from '../../src/kube/kubeClient';
import { ADMIN_CONTEXT, startRealCluster, USER_CONTEXT } from '../real-cluster/cluster';
import { isDone, MISSING_IMAGE, phaseOf, pullingNode, watchWorkflow, type ClusterTarget, type Outcome } from './clusterTarget';

/** A one-step workflow whose step ends as `outcome` says after `duration`, printing `logs`. */
export function stepWorkflow(prefix: string, opts: { outcome?: Outcome; duration?: string; logs?: string[]; image?: string; extra?: Record<string, unknown> } = {}): KObject {
  const annotations: Record<string, string> = { 'argo-doctor.dev/duration': opts.duration ?? '2s' };
  if (opts.outcome) annotations['argo-doctor.dev/outcome'] = opts.outcome;
  if (opts.logs) annotations['argo-doctor.dev/log'] = opts.logs.join('\n');
  const template: Record<string, unknown> = {
    name: 'main',
    metadata: { annotations },
    container: {
      image: opts.image ?? 'python:3.12.4',
      command: ['python', '-c', 'print("hello")'],
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    },
  };
  if (opts.outcome === 'init-oom') {
    // A user init container, the first to run: kwok's init-oom stage kills it.
    template.initContainers = [{ name: 'fetch-data', image: 'python:3.12.4', command: ['python', 'fetch.py'], resources: { limits: { memory: '256Mi' } } }];
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${prefix}-` },
    spec: { entrypoint: 'main', templates: [template], ...(opts.extra ?? {}) },
  };
}

export async function startRealTarget(): Promise<ClusterTarget> {
  const cluster = await startRealCluster({ log: (l) => process.env.ARGO_DOCTOR_VERBOSE && console.log(`      real-cluster: ${l}`) });
  const admin = cluster.kubeConfig(ADMIN_CONTEXT);
  const custom = admin.makeApiClient(k8s.CustomObjectsApi);
  const waitWorkflow: ClusterTarget['waitWorkflow'] = (ns, name, pred, ms, what) => watchWorkflow(admin, ns, name, pred, ms, what);
  const submit = async (wf: KObject, namespace = 'argo') =>
    (await custom.createNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'workflows', body: wf })) as KObject;
  const runUntil = async (wf: KObject, pred: (w: KObject) => boolean, what: string) => {
    const created = await submit(wf);
    const got = await waitWorkflow('argo', created.metadata!.name!, (w) => !!w && (pred(w) || isDone(w)), 90_000, what);
    if (!got || !pred(got)) throw new Error(`${what}: the workflow ended ${phaseOf(got)}: ${(got?.status as { message?: string })?.message ?? ''}`);
    return got;
  };
  return {
    kind: 'real',
    kubeconfigPath: cluster.kubeconfigPath,
    kubeConfig: (who = 'admin') => cluster.kubeConfig(who === 'admin' ? ADMIN_CONTEXT : USER_CONTEXT),
    namespace: 'argo',
    forbiddenNamespace: 'restricted',
    failed: (outcome) =>
      runUntil(
        stepWorkflow(`fails-${outcome.replace(/[^a-z0-9]/g, '')}`, {
          outcome,
          logs: ['INFO starting', 'ERROR something went wrong'],
          // Argo never fails a step for an image it cannot pull: it waits, here until the workflow's deadline.
          ...(outcome === 'image-pull' ? { image: MISSING_IMAGE, extra: { activeDeadlineSeconds: 15 } } : {}),
        }),
        (w) => /^(Failed|Error)$/.test(phaseOf(w)),
        `a workflow to fail with ${outcome}`,
      ),
    pendingOnImage: () => runUntil(stepWorkflow('pulls-missing', { outcome: 'image-pull', image: MISSING_IMAGE }), (w) => !!pullingNode(w), 'a step to back off pulling its image'),
    running: () => runUntil(stepWorkflow('runs-long', { duration: '10m', logs: ['INFO consume: subscribed to topic clickstream', 'INFO consume: processed batch 1'] }), (w) => phaseOf(w) === 'Running' && Object.values((w.status as { nodes?: Record<string, { type: string; phase: string }> }).nodes ?? {}).some((n) => n.type === 'Pod' && n.phase === 'Running'), 'a long step to run'),
    succeeded: () => runUntil(stepWorkflow('succeeds', { logs: ['INFO done'] }), (w) => phaseOf(w) === 'Succeeded', 'a workflow to succeed'),
    waitWorkflow,
    stop: () => cluster.stop(),
  };
}
