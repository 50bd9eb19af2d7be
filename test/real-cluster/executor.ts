// The executor stand-in: the part of Argo's argoexec that a kwok pod cannot run, and nothing more.
// - Logs: for every scheduled workflow pod it writes its containers' logs in the CRI file format and registers them
//   with kwok (a kwok `Logs` object named after the pod), so `kubectl logs` and our log tail read them through the
//   real apiserver and kwok's kubelet endpoint. The main container's lines come from the template's
//   `argo-doctor.dev/log` annotation (lines separated by \n) or else from the `echo` commands of its script;
//   the wait container says what argoexec's wait says when it starts and ends.
// - Image pull events: kwok's stage events cannot name the image, so the kubelet's events for a failing pull
//   ("Failed to pull image \"X\": …", "Error: ErrImagePull", "Back-off pulling image \"X\"") are posted here when
//   the main container's waiting reason changes, from component kubelet on the pod's node.
// - A lost node (`argo-doctor.dev/outcome: node-not-ready`): once main has run for its duration, the pod's node is
//   cut off (`setNodeLost`): it posts no status and renews no lease, as when a machine dies. Kubernetes' own node
//   lifecycle controller then marks it Unknown and taints it, and its taint eviction deletes the pod, which stays
//   Terminating as long as no kubelet confirms. `setNodeLost(…, false)` brings the node back.
// - The kubelet's `activeDeadlineSeconds`: kwok does not enforce it, so when a running pod outlives its deadline the
//   stand-in does what the kubelet does: the pod fails with reason DeadlineExceeded, its containers are stopped
//   (main exits 143), and the kubelet's DeadlineExceeded event is posted.
// - Stop, terminate and workflow deadlines: Argo signals a running step's containers through exec, which kwok
//   cannot run; a pod still running after Argo failed its node ends as SIGTERM ends it (main exits 143).
// - Retries that fail differently (`argo-doctor.dev/outcomes: exit:1,oom,exit:1`): the attempt's outcome, by the
//   `(N)` that ends Argo's node name, is copied into `argo-doctor.dev/outcome`, which kwok's stages read.
// - Task results: when main ends, a `WorkflowTaskResult` named after the node (as argoexec's wait container writes
//   it, marked complete) carries the step's outputs: each output parameter the template declares, valued from the
//   `argo-doctor.dev/outputs` annotation (`name=value` lines) or else the parameter's `valueFrom.default`; `result`
//   is what main logged; progress 1/1.
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
  // An echo redirected to a file (`echo 42 > /tmp/out`) prints nothing.
  for (const m of script.matchAll(/\becho\s+(?:-e\s+)?(?:"([^"]*)"|'([^']*)'|([^;&|\n>]+))(\s*>)?/g))
    if (!m[4]) lines.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  return lines;
}

function criLines(lines: string[], start: Date): string {
  return lines
    .map((l, i) => `${new Date(start.getTime() + i * 10).toISOString().replace('Z', '000000Z')} stdout F ${l}\n`)
    .join('');
}

/** The template a pod runs (Argo passes it in each container's ARGO_TEMPLATE). */
function templateOf(
  pod: k8s.V1Pod,
): { outputs?: { parameters?: { name: string; valueFrom?: { default?: string } }[] } } | undefined {
  const env = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
    .flatMap((c) => c.env ?? [])
    .find((e) => e.name === 'ARGO_TEMPLATE');
  try {
    return env?.value ? JSON.parse(env.value) : undefined;
  } catch {
    return undefined;
  }
}

/** What argoexec would report for a finished main container: the declared output parameters and stdout. */
export function taskResultOutputs(pod: k8s.V1Pod): { parameters?: { name: string; value: string }[]; result: string } {
  const given = new Map(
    (pod.metadata?.annotations?.['argo-doctor.dev/outputs'] ?? '')
      .split('\n')
      .map((l) => /^\s*([^=\s]+)\s*=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1]!, m[2]!.trim()] as const),
  );
  const parameters = (templateOf(pod)?.outputs?.parameters ?? []).flatMap((p) => {
    const value = given.get(p.name) ?? p.valueFrom?.default;
    return value === undefined ? [] : [{ name: p.name, value }];
  });
  return { ...(parameters.length ? { parameters } : {}), result: mainLogLines(pod).join('\n') };
}

/** The outcome of one retry attempt: the `(N)`th of a comma-separated list (the last one once the list runs out). */
export function outcomeForAttempt(list: string, nodeName: string): string {
  const outcomes = list
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const attempt = Number(/\((\d+)\)$/.exec(nodeName)?.[1] ?? 0);
  return outcomes[Math.min(attempt, outcomes.length - 1)] ?? 'success';
}

/** `5s`, `2m`, `1500ms` → milliseconds (the argo-doctor.dev/duration annotation; kwok reads the same). */
export function durationMs(text: string | undefined, fallback = 2000): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text?.trim() ?? '');
  if (!m) return fallback;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** Marks a node the stand-in has cut off; kwok's heartbeat stage skips nodes that carry it. */
export const LOST_NODE_LABEL = 'argo-doctor.dev/lost';
const LOST_HOLDER = 'argo-doctor-lost-node';

/**
 * Cuts a node off, as when its machine dies: kwok stops posting its status (the heartbeat stage skips the label)
 * and stops renewing its lease (the lease is taken by another holder, which kwok respects). Kubernetes' node
 * lifecycle controller then finds it silent, marks it Ready=Unknown and taints it unreachable. Bringing it back
 * undoes both and posts Ready=True, as a kubelet does when it returns.
 */
export async function setNodeLost(
  core: k8s.CoreV1Api,
  coordination: k8s.CoordinationV1Api,
  node: string,
  lost: boolean,
): Promise<void> {
  const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  if (lost) {
    await core.patchNode({ name: node, body: { metadata: { labels: { [LOST_NODE_LABEL]: 'true' } } } }, merge);
    await coordination.patchNamespacedLease(
      {
        name: node,
        namespace: 'kube-node-lease',
        body: {
          spec: {
            holderIdentity: LOST_HOLDER,
            renewTime: new Date().toISOString().replace('Z', '000Z'),
            leaseDurationSeconds: 3600,
          },
        },
      },
      merge,
    );
    return;
  }
  await coordination.deleteNamespacedLease({ name: node, namespace: 'kube-node-lease' }).catch(() => {});
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const n = await core.readNode({ name: node });
  const conditions = (n.status?.conditions ?? []).map((c) =>
    c.type === 'Ready'
      ? {
          ...c,
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        }
      : { ...c, status: 'False', lastHeartbeatTime: now },
  );
  await core.patchNodeStatus(
    { name: node, body: { status: { conditions } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
  );
  await core.patchNode({ name: node, body: { metadata: { labels: { [LOST_NODE_LABEL]: null } } } }, merge);
}

export async function startExecutorStandIn(opts: {
  kubeConfig: k8s.KubeConfig;
  logDir: string;
}): Promise<ExecutorStandIn> {
  const core = opts.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const coordination = opts.kubeConfig.makeApiClient(k8s.CoordinationV1Api);
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
    for (const c of pod.spec.initContainers ?? [])
      write(c.name, [`time="${now.toISOString()}" level=info msg="Starting Workflow Executor" version=v4.0.5`]);
    try {
      await custom.createNamespacedCustomObject({
        group: 'kwok.x-k8s.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'logs',
        body: {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'Logs',
          metadata: {
            name,
            namespace: ns,
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Pod', name, uid: pod.metadata!.uid!, blockOwnerDeletion: false },
            ],
          },
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
        ? [
            ['Warning', 'Failed', `Failed to pull image "${image}": ${main?.state?.waiting?.message ?? ''}`],
            ['Warning', 'Failed', 'Error: ErrImagePull'],
          ]
        : [
            ['Normal', 'BackOff', `Back-off pulling image "${image}"`],
            ['Warning', 'Failed', 'Error: ImagePullBackOff'],
          ];
    const now = new Date();
    for (const [type, why, message] of events) {
      await core
        .createNamespacedEvent({
          namespace: pod.metadata!.namespace!,
          body: {
            metadata: { generateName: `${pod.metadata!.name}.`, namespace: pod.metadata!.namespace },
            involvedObject: {
              apiVersion: 'v1',
              kind: 'Pod',
              name: pod.metadata!.name,
              namespace: pod.metadata!.namespace,
              uid: pod.metadata!.uid,
              fieldPath: 'spec.containers{main}',
            },
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
        {
          group: 'kwok.x-k8s.io',
          version: 'v1alpha1',
          namespace: ns,
          plural: 'logs',
          name,
          body: { spec: { logs: [{ containers: ['main'], logsFile: file, follow: false }] } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      .catch(() => ended.delete(key));
  };
  const losing = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const loseNode = (pod: k8s.V1Pod) => {
    const node = pod.spec?.nodeName;
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
    const main = pod.status?.containerStatuses?.find((c) => c.name === 'main');
    if (
      pod.metadata?.annotations?.['argo-doctor.dev/outcome'] !== 'node-not-ready' ||
      !node ||
      !main?.state?.running ||
      losing.has(key)
    )
      return;
    losing.add(key);
    const t = setTimeout(() => {
      timers.delete(t);
      void setNodeLost(core, coordination, node, true).catch(() => losing.delete(key));
    }, durationMs(pod.metadata?.annotations?.['argo-doctor.dev/duration']));
    timers.add(t);
  };
  const chooseOutcome = async (pod: k8s.V1Pod) => {
    const a = pod.metadata?.annotations ?? {};
    const list = a['argo-doctor.dev/outcomes'];
    if (!list || a['argo-doctor.dev/outcome'] || pod.metadata?.deletionTimestamp) return;
    const outcome = outcomeForAttempt(list, a['workflows.argoproj.io/node-name'] ?? '');
    await core
      .patchNamespacedPod(
        {
          name: pod.metadata!.name!,
          namespace: pod.metadata!.namespace!,
          body: { metadata: { annotations: { 'argo-doctor.dev/outcome': outcome } } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      .catch(() => {});
  };
  /** Ends a running pod as the kubelet does once its containers got SIGTERM: main exits 143, the pod fails. */
  const stopPod = async (pod: k8s.V1Pod, why: { reason?: string; message?: string }, finishedAt = new Date()) => {
    const stop = (c: k8s.V1ContainerStatus) =>
      c.state?.running
        ? {
            ...c,
            ready: false,
            started: false,
            state: {
              terminated: {
                exitCode: c.name === 'main' ? 143 : 0,
                reason: c.name === 'main' ? 'Error' : 'Completed',
                startedAt: c.state.running.startedAt,
                finishedAt,
                containerID: c.containerID,
              },
            },
          }
        : c;
    await core.patchNamespacedPodStatus(
      {
        name: pod.metadata!.name!,
        namespace: pod.metadata!.namespace!,
        body: {
          status: { phase: 'Failed', ...why, containerStatuses: (pod.status?.containerStatuses ?? []).map(stop) },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  };

  const deadlines = new Set<string>();
  const enforceDeadline = (pod: k8s.V1Pod) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
    const seconds = pod.spec?.activeDeadlineSeconds;
    if (!seconds || pod.status?.phase !== 'Running' || !pod.status.startTime || deadlines.has(key)) return;
    deadlines.add(key);
    const at = new Date(pod.status.startTime).getTime() + seconds * 1000;
    const t = setTimeout(
      () => {
        timers.delete(t);
        void (async () => {
          const name = pod.metadata!.name!;
          const namespace = pod.metadata!.namespace!;
          const now = await core.readNamespacedPod({ name, namespace }).catch(() => undefined);
          if (!now || now.status?.phase !== 'Running') return;
          const finishedAt = new Date();
          await stopPod(
            now,
            { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' },
            finishedAt,
          );
          await core
            .createNamespacedEvent({
              namespace,
              body: {
                metadata: { generateName: `${name}.`, namespace },
                involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace, uid: pod.metadata!.uid },
                type: 'Normal',
                reason: 'DeadlineExceeded',
                message: 'Pod was active on the node longer than the specified deadline',
                source: { component: 'kubelet', host: pod.spec?.nodeName },
                firstTimestamp: finishedAt,
                lastTimestamp: finishedAt,
                count: 1,
                reportingComponent: 'kubelet',
                reportingInstance: pod.spec?.nodeName ?? '',
              },
            })
            .catch(() => {});
        })().catch(() => deadlines.delete(key));
      },
      Math.max(0, at - Date.now()),
    );
    timers.add(t);
  };
  const reported = new Set<string>();
  const reportResult = async (pod: k8s.V1Pod) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
    const main = pod.status?.containerStatuses?.find((c) => c.name === 'main');
    const nodeId = pod.metadata?.annotations?.['workflows.argoproj.io/node-id'];
    const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'Workflow');
    if (!main?.state?.terminated || !nodeId || !owner || reported.has(key)) return;
    reported.add(key);
    const outputs = taskResultOutputs(pod);
    await custom
      .createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: pod.metadata!.namespace!,
        plural: 'workflowtaskresults',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'WorkflowTaskResult',
          metadata: {
            name: nodeId,
            labels: {
              'workflows.argoproj.io/workflow': owner.name,
              'workflows.argoproj.io/report-outputs-completed': 'true',
            },
            ownerReferences: [
              { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: owner.name, uid: owner.uid },
            ],
          },
          outputs,
          progress: '1/1',
        },
      })
      .catch((e: { code?: number }) => e.code !== 409 && reported.delete(key));
  };
  const onPod = (pod: k8s.V1Pod) => {
    void chooseOutcome(pod);
    void reportResult(pod);
    enforceDeadline(pod);
    void register(pod).then(() => endFollow(pod));
    void imageEvents(pod);
    loseNode(pod);
  };
  informer.on('add', onPod);
  informer.on('update', onPod);

  // Argo ends the running steps of a stopped, terminated or timed-out workflow by exec'ing `argoexec kill 15 1` in
  // their containers; kwok has no exec, so here: a pod still running when Argo has already failed its node gets
  // SIGTERM's outcome.
  const killed = new Set<string>();
  const onWorkflow = (wf: {
    metadata?: k8s.V1ObjectMeta;
    status?: { nodes?: Record<string, { id: string; type: string; phase: string }> };
  }) => {
    const failed = Object.values(wf.status?.nodes ?? {}).filter(
      (n) => n.type === 'Pod' && /^(Failed|Error)$/.test(n.phase),
    );
    if (!failed.length) return;
    const ids = new Set(failed.map((n) => n.id));
    for (const pod of informer.list(wf.metadata?.namespace)) {
      const id = pod.metadata?.annotations?.['workflows.argoproj.io/node-id'] ?? '';
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
      if (!ids.has(id) || pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp || killed.has(key))
        continue;
      killed.add(key);
      void stopPod(pod, {}).catch(() => killed.delete(key));
    }
  };
  const workflows = k8s.makeInformer(
    opts.kubeConfig,
    '/apis/argoproj.io/v1alpha1/workflows',
    () =>
      custom.listClusterCustomObject({ group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' }) as Promise<
        k8s.KubernetesListObject<k8s.KubernetesObject>
      >,
  );
  workflows.on('add', onWorkflow);
  workflows.on('update', onWorkflow);
  workflows.on('error', () => {
    if (running) setTimeout(() => running && void workflows.start().catch(() => {}), 500);
  });
  let running = true;
  informer.on('error', () => {
    // The informer stops on errors (a restarting apiserver, a compacted watch): start it again while we run.
    if (running) setTimeout(() => running && void informer.start().catch(() => {}), 500);
  });
  await informer.start();
  await workflows.start();
  return {
    async stop() {
      running = false;
      for (const t of timers) clearTimeout(t);
      await informer.stop();
      await workflows.stop();
    },
  };
}
