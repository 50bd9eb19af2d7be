// The executor stand-in: the part of Argo's argoexec that a kwok pod cannot run, and nothing more.
// - Logs: for every scheduled workflow pod it writes its containers' logs in the CRI file format and registers them
//   with kwok (a kwok `Logs` object named after the pod), so `kubectl logs` and our log tail read them through the
//   real apiserver and kwok's kubelet endpoint. The main container's lines come from the template's
//   `argo-doctor.dev/log` annotation (lines separated by \n) or else from the `echo` commands of its script;
//   the wait container says what argoexec's wait says when it starts and ends.
// - Image pull events: kwok's stage events cannot name the image, so the kubelet's events for a failing pull
//   ("Failed to pull image \"X\": …", "Error: ErrImagePull", "Back-off pulling image \"X\"") are posted here when
//   the main container's waiting reason changes, from component kubelet on the pod's node.
// Argo's controller itself decides everything else (phases, messages, retries, pod GC, deadlines).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';

export interface ExecutorStandIn {
  stop(): Promise<void>;
}

const WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';

/** Lines a main container prints: the annotation, else what its script echoes. */
export function mainLogLines(pod: k8s.V1Pod): string[] {
  const annotated = pod.metadata?.annotations?.['argo-doctor.dev/log'];
  if (annotated !== undefined) return annotated.split('\n');
  const main = pod.spec?.containers.find((c) => c.name === 'main');
  const script = [...(main?.command ?? []), ...(main?.args ?? [])].join('\n');
  const lines: string[] = [];
  for (const m of script.matchAll(/\becho\s+(?:-e\s+)?(?:"([^"]*)"|'([^']*)'|([^;&|\n]+))/g)) lines.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  return lines;
}

function criLines(lines: string[], start: Date): string {
  return lines.map((l, i) => `${new Date(start.getTime() + i * 10).toISOString().replace('Z', '000000Z')} stdout F ${l}\n`).join('');
}

export async function startExecutorStandIn(opts: { kubeConfig: k8s.KubeConfig; logDir: string }): Promise<ExecutorStandIn> {
  const core = opts.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const custom = opts.kubeConfig.makeApiClient(k8s.CustomObjectsApi);
  mkdirSync(opts.logDir, { recursive: true });
  const registered = new Set<string>();

  const register = async (pod: k8s.V1Pod) => {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const key = `${ns}/${name}/${pod.metadata?.uid}`;
    if (!pod.spec?.nodeName || registered.has(key) || pod.metadata?.deletionTimestamp) return;
    registered.add(key);
    const now = new Date();
    const logs: { containers: string[]; logsFile: string; follow: boolean }[] = [];
    const write = (container: string, lines: string[]) => {
      const file = path.join(opts.logDir, `${ns}_${name}_${container}.log`);
      writeFileSync(file, criLines(lines, now));
      // follow: kwok streams the file as it grows, the way the kubelet follows a running container's log.
      logs.push({ containers: [container], logsFile: file, follow: container === 'main' });
    };
    write('main', mainLogLines(pod));
    write('wait', [
      `time="${now.toISOString()}" level=info msg="Starting Workflow Executor" version=v4.0.5`,
      `time="${now.toISOString()}" level=info msg="Waiting for main container to complete"`,
    ]);
    for (const c of pod.spec.initContainers ?? []) write(c.name, [`time="${now.toISOString()}" level=info msg="Starting Workflow Executor" version=v4.0.5`]);
    try {
      await custom.createNamespacedCustomObject({
        group: 'kwok.x-k8s.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'logs',
        body: {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'Logs',
          metadata: { name, namespace: ns, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: pod.metadata!.uid!, blockOwnerDeletion: false }] },
          spec: { logs },
        },
      });
    } catch (e) {
      if ((e as { code?: number }).code !== 409) registered.delete(key);
    }
  };

  const pullState = new Map<string, string>();
  const imageEvents = async (pod: k8s.V1Pod) => {
    const main = pod.status?.containerStatuses?.find((c) => c.name === 'main');
    const reason = main?.state?.waiting?.reason ?? '';
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (!/^(ErrImagePull|ImagePullBackOff)$/.test(reason) || pullState.get(key) === reason) return;
    pullState.set(key, reason);
    const image = pod.spec?.containers.find((c) => c.name === 'main')?.image ?? '';
    const events: [string, string, string][] =
      reason === 'ErrImagePull'
        ? [['Warning', 'Failed', `Failed to pull image "${image}": ${main?.state?.waiting?.message ?? ''}`], ['Warning', 'Failed', 'Error: ErrImagePull']]
        : [['Normal', 'BackOff', `Back-off pulling image "${image}"`], ['Warning', 'Failed', 'Error: ImagePullBackOff']];
    const now = new Date();
    for (const [type, why, message] of events) {
      await core
        .createNamespacedEvent({
          namespace: pod.metadata!.namespace!,
          body: {
            metadata: { generateName: `${pod.metadata!.name}.`, namespace: pod.metadata!.namespace },
            involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name, namespace: pod.metadata!.namespace, uid: pod.metadata!.uid, fieldPath: 'spec.containers{main}' },
            type,
            reason: why,
            message,
            source: { component: 'kubelet', host: pod.spec?.nodeName },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
            reportingComponent: 'kubelet',
            reportingInstance: pod.spec?.nodeName ?? '',
          },
        })
        .catch(() => {});
    }
  };

  const informer = k8s.makeInformer(
    opts.kubeConfig,
    '/api/v1/pods',
    () => core.listPodForAllNamespaces({ labelSelector: WORKFLOW_LABEL }),
    WORKFLOW_LABEL,
  );
  // Once main has ended, new log requests end at the end of the file, like the kubelet's for an exited container.
  const ended = new Set<string>();
  const endFollow = async (pod: k8s.V1Pod) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
    const main = pod.status?.containerStatuses?.find((c) => c.name === 'main');
    if (!main?.state?.terminated || ended.has(key) || !registered.has(key)) return;
    ended.add(key);
    const ns = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    const file = path.join(opts.logDir, `${ns}_${name}_main.log`);
    await custom
      .patchNamespacedCustomObject(
        { group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: ns, plural: 'logs', name, body: { spec: { logs: [{ containers: ['main'], logsFile: file, follow: false }] } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      .catch(() => ended.delete(key));
  };
  const onPod = (pod: k8s.V1Pod) => {
    void register(pod).then(() => endFollow(pod));
    void imageEvents(pod);
  };
  informer.on('add', onPod);
  informer.on('update', onPod);
  let running = true;
  informer.on('error', () => {
    // The informer stops on errors (a restarting apiserver, a compacted watch): start it again while we run.
    if (running) setTimeout(() => running && void informer.start().catch(() => {}), 500);
  });
  await informer.start();
  return {
    async stop() {
      running = false;
      await informer.stop();
    },
  };
}
