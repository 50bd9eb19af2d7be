// The detectors: each looks at the bundle's facts for one family of failure signatures and reports findings with
// a score (how likely it is the root cause rather than a symptom), case-specific words and evidence.
import { arr, rec, str } from '../model/json';
import { isFailed } from '../model/phase';
import { clock, humanSeconds, lastLines, type Container, type Facts } from './bundle';

export interface Finding {
  id: string;
  /** 100: certainly the root cause; ~50: a plausible cause; ~20: a symptom of something else. */
  score: number;
  /** Case-specific cause in plain words; the signature's generic cause is used when absent. */
  cause?: string;
  /** Case-specific fix; the signature's generic fix is used when absent. */
  fix?: string;
  evidence: string[];
}

type Detector = (f: Facts) => Finding[];

const NOT_YOURS = "This is not your code's fault: it was not caused by your code.";

function memoryLimit(c: Container | undefined): string {
  return str(rec(rec(c?.spec.resources).limits).memory);
}

function failedContainer(f: Facts): Container | undefined {
  const bad = (c: Container) =>
    (c.state === 'terminated' && (c.exitCode ?? 0) !== 0) || (c.last && (c.last.exitCode ?? 0) !== 0);
  return (
    f.containers.find((c) => c.kind === 'init' && bad(c)) ??
    f.containers.find((c) => c.kind === 'main' && bad(c)) ??
    f.containers.find((c) => c.kind === 'wait' && bad(c)) ??
    f.containers.find((c) => bad(c))
  );
}

function logEvidence(f: Facts, n = 5): string[] {
  const lines = lastLines(f.log, n);
  return lines.length ? [`Last log lines:\n${lines.join('\n')}`] : [];
}

function event(f: Facts, reason: RegExp, message?: RegExp) {
  return f.events.filter((e) => reason.test(e.reason) && (!message || message.test(e.message)));
}

const eventLine = (e: { object: string; reason: string; message: string; type: string; count: number; time: string }) =>
  `Event on the ${e.object.toLowerCase()} (${e.type}) ${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}${e.time ? ` at ${clock(e.time)}` : ''}: ${e.message}`;

const nodeRetry = 'retryPolicy: OnError';

// ---- out of memory --------------------------------------------------------------------------------------------
const oom: Detector = (f) => {
  const out: Finding[] = [];
  const prefixed = /(?:^|\b)(init|wait|main|[\w-]+): OOMKilled \(exit code 137\)/.exec(f.message);
  const killed = f.containers.filter((c) => c.reason === 'OOMKilled' || c.last?.reason === 'OOMKilled');
  const names = new Set([
    ...killed.map((c) => c.name),
    ...(prefixed ? [prefixed[1]!] : !killed.length && /OOMKilled/.test(f.message) ? ['main'] : []),
  ]);
  for (const name of names) {
    const c = f.containers.find((x) => x.name === name);
    const kind = c?.kind ?? (name === 'init' || name === 'wait' || name === 'main' ? name : 'sidecar');
    const limit = memoryLimit(c);
    const evidence = [
      f.message ? `Argo: ${f.message}` : '',
      c
        ? `Container ${c.name}: ${c.state} (${c.reason || c.last?.reason}), exit code ${c.exitCode ?? c.last?.exitCode ?? 137}${limit ? `; memory limit ${limit}` : ''}`
        : '',
    ].filter(Boolean);
    if (kind === 'main' || kind === 'sidecar') {
      out.push({
        id: 'oom-killed-main',
        score: 96,
        cause: `The ${name} container was OOMKilled (exit code 137): it used more memory than its memory limit${limit ? ` of ${limit}` : ''}, and the kernel killed it.`,
        fix: `Raise \`resources.limits.memory\` (and \`resources.requests.memory\`)${limit ? ` above ${limit}` : ''} for template ${f.step.templateName ?? 'of this step'}, or make the step use less memory (read the data in chunks, select fewer columns, stream instead of loading everything).`,
        evidence: [...evidence, ...logEvidence(f)],
      });
    } else if (kind === 'wait') {
      const main = f.containers.find((x) => x.kind === 'main');
      const artifacts = [
        ...arr(rec(f.bundle.templateOutputs).artifacts).map((a) => str(rec(a).name)),
        ...[...f.log.matchAll(/Staging artifact:?"?\s*(?:name=)?"?([\w.-]+)/g)].map((m) => m[1]!),
      ].filter(Boolean);
      out.push({
        id: 'oom-killed-wait',
        score: 96,
        cause: `Your code finished (main ${main?.exitCode === 0 ? 'exit 0' : `exit ${main?.exitCode ?? '?'}`}), but Argo's wait container was OOMKilled (exit code 137) while saving the output artifact${artifacts.length === 1 ? '' : 's'}${artifacts.length ? ` (${[...new Set(artifacts)].join(', ')})` : ''}: it needs more executor memory than it has${limit ? ` (limit ${limit})` : ''}.`,
        evidence: [...evidence, ...logEvidence(f)],
      });
    } else {
      out.push({
        id: 'oom-killed-init',
        score: 96,
        cause: `Argo's init container was OOMKilled (exit code 137) while preparing the inputs, before your code ran.`,
        evidence: [...evidence, ...logEvidence(f)],
      });
    }
  }
  return out;
};

// ---- Argo node messages -------------------------------------------------------------------------------------------
const argoMessages: Detector = (f) => {
  const m = f.message;
  const out: Finding[] = [];
  const ev = m ? [`Argo: ${m}`] : [];
  if (/^pod deleted$/i.test(m.trim())) {
    const cordoned =
      f.nodeUnschedulable ||
      f.nodeTaints.some((t) => t.key === 'node.kubernetes.io/unschedulable') ||
      event(f, /NodeNotSchedulable/).length > 0;
    const why = cordoned
      ? ` Its node ${f.nodeName} was cordoned (unschedulable) at the time: a node drain (maintenance or scale-down) evicted it.`
      : '';
    out.push({
      id: 'pod-deleted',
      score: 86,
      cause: `The step's pod was deleted while it ran ("pod deleted").${why} ${NOT_YOURS}`,
      fix: `Add \`retryStrategy: {limit: 3, ${nodeRetry}}\` so Argo retries infrastructure failures like this; avoid spot nodes for long steps; a PodDisruptionBudget slows drains down.`,
      evidence: [
        ...ev,
        ...event(f, /Killing|NodeNotSchedulable|Drain|Evict/).map(eventLine),
        ...f.nodeTaints.map((t) => `Node taint ${t.key}:${t.effect}${t.time ? ` since ${clock(t.time)}` : ''}`),
      ],
    });
  }
  if (/Pod was active on the node longer than the specified deadline/.test(m) || f.podReason === 'DeadlineExceeded') {
    const hints = rec(f.bundle.templateHints);
    const secs = Number(
      f.podSpec.activeDeadlineSeconds ?? hints.activeDeadlineSeconds ?? rec(hints.template).activeDeadlineSeconds,
    );
    const limit =
      Number.isFinite(secs) && secs > 0
        ? ` of activeDeadlineSeconds: ${secs} (${humanSeconds(secs)})`
        : ' (activeDeadlineSeconds)';
    out.push({
      id: 'pod-active-deadline-exceeded',
      score: 93,
      cause: `The step ran into its time limit${limit} and Kubernetes stopped it. Its last log lines show what it was doing then.`,
      evidence: [...ev, ...event(f, /DeadlineExceeded|Killing/).map(eventLine), ...logEvidence(f)],
    });
  }
  const simple: [RegExp, string, number][] = [
    [/Step exceeded its deadline/, 'step-exceeded-deadline', 60],
    [/retry exceeded workflow deadline/i, 'retry-exceeded-workflow-deadline', 62],
    [/Max duration limit exceeded/, 'max-duration-exceeded', 62],
    [/No more retries left/, 'retries-exhausted', 40],
    [/child '[^']+' (failed|errored)/, 'child-failed', 25],
    [/Stopped with strategy '(Terminate|Stop)'|workflow shutdown with strategy/i, 'workflow-shutdown', 94],
    [/invalid spec:/, 'invalid-spec', 92],
    [/Pod failed before \S+ container starts due to/, 'pod-failed-before-start', 45],
    [/can't find failed message for pod/, 'no-container-status', 35],
    [
      /pod failed: (wait|main) container did not complete successfully|neither main nor wait container completed/,
      'aux-container-incomplete',
      60,
    ],
    [/Pod auto-restarting due to/, 'pod-auto-restarting', 45],
    [/Failed to establish pod watch/, 'pod-watch-failed', 82],
    [/failed to save outputs: (timeout after 0s|Timeout: request did not complete)/, 'save-outputs-timeout', 82],
    [/artifact \S+ failed to load|failed to load artifacts/, 'artifact-load-failed', 55],
    [/(main|wait|init): Error \(exit code 64\)/, 'executor-exit-64', 40],
    [/offload node status is not supported|workflow is longer than maximum allowed size/, 'workflow-too-large', 92],
    [/etcdserver: request is too large|Request entity too large/, 'etcd-request-too-large', 92],
    [/resource creation rate-limit reached/, 'creation-rate-limited', 80],
  ];
  for (const [re, id, score] of simple)
    if (re.test(m) || (id !== 'child-failed' && re.test(f.text))) out.push({ id, score, evidence: ev });
  if (f.step.type === 'Retry' && !out.some((x) => x.id === 'retries-exhausted') && isFailed(f.step.phase))
    out.push({ id: 'retries-exhausted', score: 40, evidence: ev });
  const quota =
    /exceeded quota: (\S+?),? requested: (.*?), used: (.*?), limited: ([^\n]*)|failed quota: (\S+): must specify ([^\n]*)/.exec(
      f.text,
    );
  if (quota)
    out.push({
      id: 'resource-quota-exceeded',
      score: 93,
      cause: quota[1]
        ? `The namespace's resource quota ${quota[1]} is used up: the step requested ${quota[2]} with ${quota[3]} already used of ${quota[4]}.`
        : `The namespace's quota ${quota[5]} requires ${quota[6]} to be set on the step.`,
      evidence: ev,
    });
  if (f.bundle.pod === null && !/^pod deleted$/i.test(m.trim()) && isFailed(f.step.phase))
    out.push({
      id: 'evidence-pod-gone',
      score: 8,
      evidence: ['The pod no longer exists; this explanation uses the workflow status and the evidence kept.'],
    });
  return out;
};

// ---- RBAC, executor, artifacts ---------------------------------------------------------------------------------
const executor: Detector = (f) => {
  const out: Finding[] = [];
  const t = f.text;
  const main = f.containers.find((c) => c.kind === 'main');
  const codeOk = main?.state === 'terminated' && main.exitCode === 0;
  const pods =
    /pods? \\?"(\S+?)\\?" is forbidden: User \\?"(system:serviceaccount:([^:"\\]+):([^"\\]+))\\?" cannot (\w+) resource \\?"pods\\?"/.exec(
      t,
    );
  if (pods) {
    out.push({
      id: 'executor-rbac-pods-patch',
      score: 97,
      cause: `Argo's executor was refused permission to ${pods[5]} its own pod: the workflow runs as service account ${pods[2]}, which is not bound to the Argo executor role. ${codeOk ? 'Your code itself finished fine; this' : 'This'} is not your code.`,
      fix: `Set \`spec.serviceAccountName\` to a service account with the executor permissions (ask your platform team which one), or bind the executor Role to ${pods[2]}. Check with \`kubectl auth can-i ${pods[5]} pods --as=${pods[2]} -n ${pods[3]}\`.`,
      evidence: [`Message: ${pods[0].replace(/\\"/g, '"')}`, ...logEvidence(f, 2)],
    });
  }
  const results =
    /workflowtaskresults\.argoproj\.io (?:\\?"\S+\\?" )?is forbidden: User \\?"(system:serviceaccount:([^:"\\]+):([^"\\]+))\\?"/.exec(
      t,
    );
  if (results)
    out.push({
      id: 'executor-rbac-taskresults',
      score: 97,
      cause: `Argo's executor was refused permission to report results (workflowtaskresults): service account ${results[1]} lacks it. ${NOT_YOURS}`,
      fix: `Bind a Role allowing \`workflowtaskresults\` create and patch to ${results[1]} (or set \`spec.serviceAccountName\` to an account that has it).`,
      evidence: [`Message: ${results[0].replace(/\\"/g, '"')}`],
    });
  if (/key unsupported|cannot get key for artifact location|You need to configure artifact storage/.test(t)) {
    const names = [
      ...new Set(
        [
          ...[...f.log.matchAll(/Staging artifact:?"?\s*(?:name=)?"?([\w.-]+)/g)].map((m) => m[1]!),
          ...arr(rec(f.bundle.templateOutputs).artifacts).map((a) => str(rec(a).name)),
          ...arr(rec(f.step.outputs).artifacts)
            .map((a) => str(rec(a).name))
            .filter((n) => n !== 'main-logs'),
          ...arr(rec(f.bundle.workflowStatusHints).outputArtifacts).map((a) => str(rec(a).name)),
        ].filter(Boolean),
      ),
    ];
    out.push({
      id: 'artifact-repo-not-configured',
      score: 95,
      cause: `${codeOk ? 'The step failed although your command succeeded:' : 'The step failed:'} Argo could not store the output artifact${names.length === 1 ? '' : 's'}${names.length ? ` ${names.join(', ')}` : ''}: no artifact repository is configured (not configured in the controller, nor in an \`artifact-repositories\` ConfigMap of the namespace).`,
      evidence: [f.message ? `Argo: ${f.message}` : '', ...logEvidence(f, 3)].filter(Boolean),
    });
  }
  if (/Access Denied|Failed to put file: 404 Not Found|AccessDenied/.test(t))
    out.push({ id: 'artifact-access-denied', score: 91, evidence: logEvidence(f, 3) });
  if (/The specified key does not exist|NoSuchKey/.test(t)) {
    const keys = arr(rec(f.step.inputs).artifacts)
      .map(rec)
      .map(
        (a) => `${str(a.name)} (${str(rec(a.s3).key) || str(rec(a.gcs).key) || str(rec(a.azure).blob) || str(a.path)})`,
      );
    const init = f.containers.find((c) => c.kind === 'init');
    out.push({
      id: 'artifact-key-not-found',
      score: 94,
      cause: `An input artifact does not exist in the artifact storage${keys.length ? `: ${keys.join(', ')}` : ''}. Argo's ${init?.exitCode ? 'init' : 'init'} container failed while downloading it, before your code ran.`,
      evidence: [f.message ? `Argo: ${f.message}` : '', ...logEvidence(f, 3)].filter(Boolean),
    });
  }
  const outFile =
    /open \/var\/run\/argo\/outputs\/(parameters|artifacts)\/(\S+): no such file or directory|failed to save outputs: exit status 2/.exec(
      t,
    );
  if (outFile)
    out.push({
      id: 'output-file-missing',
      score: 86,
      cause: outFile[2]
        ? `The template declares an output at ${outFile[2]}, but the step never wrote that file.`
        : undefined,
      evidence: logEvidence(f, 3),
    });
  const path = /failed to find name in PATH: exec: \\?"([^"\\]+)\\?": executable file not found/.exec(t);
  if (path)
    out.push({
      id: 'emissary-exec-not-found',
      score: 94,
      cause: `The command "${path[1]}" does not exist in the image.`,
      evidence: [`Message: ${path[0]}`],
    });
  return out;
};

// ---- images, secrets, mounts, containers ------------------------------------------------------------------------
const images: Detector = (f) => {
  const out: Finding[] = [];
  const waiting = f.containers.filter((c) => c.state === 'waiting');
  const pull =
    waiting.find((c) => /ErrImagePull|ImagePullBackOff/.test(c.reason)) ??
    (/ErrImagePull|ImagePullBackOff/.test(f.message) ? f.containers.find((c) => c.kind === 'main') : undefined);
  const image = /image \\?"([^"\\]+)\\?"/.exec(f.text)?.[1] ?? str(pull?.spec.image);
  const failedPulls = event(f, /^Failed$/, /Failed to pull image/);
  if (pull || failedPulls.length || /Failed to pull image/.test(f.message)) {
    if (
      /not found|manifest unknown|NotFound|repository does not exist|name unknown/i.test(f.text) &&
      !/pull access denied|unauthori[sz]ed|401|403 Forbidden/i.test(f.text)
    ) {
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      out.push({
        id: 'image-not-found',
        score: 94,
        cause: `The image ${image} was not found in the registry${tag ? `: the tag "${tag}" does not exist (check it for a typo)` : ''}, so the step's container could never start.`,
        fix: `Correct the image name or tag in the template (look for a typo in "${tag || image}"), or push that image; prefer immutable tags or digests.`,
        evidence: [...(f.message ? [`Argo: ${f.message}`] : []), ...event(f, /Failed|BackOff|Pulling/).map(eventLine)],
      });
    }
    out.push({ id: 'image-pull-backoff', score: 30, evidence: event(f, /BackOff/).map(eventLine) });
  }
  const secretEv = event(f, /FailedToRetrieveImagePullSecret/);
  if (
    secretEv.length ||
    /pull access denied|no basic auth credentials|401 Unauthorized|403 Forbidden|authorization failed|unauthorized: /i.test(
      f.text,
    )
  ) {
    const secrets = /image pull secrets \(([^)]+)\)/.exec(secretEv[0]?.message ?? '')?.[1];
    const ns = f.namespace || "the workflow's namespace";
    out.push({
      id: 'image-pull-auth-failed',
      score: 96,
      cause: secrets
        ? `The image ${image} is in a private registry and its pull secret ${secrets} does not exist in namespace ${ns}, so the registry refused the pull.`
        : `The image ${image} is in a private registry and the pull was not authorised: the pod has no (or a wrong) pull secret.`,
      fix: `Create a docker-registry secret${secrets ? ` named ${secrets}` : ''} in namespace ${ns} (\`kubectl create secret docker-registry ${secrets ?? 'regcred'} --docker-server=... -n ${ns}\`) and list it under \`spec.imagePullSecrets\` (or on the service account).`,
      evidence: [...secretEv, ...event(f, /^Failed$/)].map(eventLine),
    });
  }
  if (/InvalidImageName|invalid reference format/.test(f.text))
    out.push({ id: 'invalid-image-name', score: 93, evidence: [f.message].filter(Boolean) });
  if (/ErrImageNeverPull|is not present with pull policy of Never/.test(f.text))
    out.push({ id: 'image-never-pull', score: 93, evidence: [f.message].filter(Boolean) });
  const missing =
    /(secret|configmap|configMap) \\?"([^"\\]+)\\?" not found|couldn't find key (\S+) in (Secret|ConfigMap) (\S+)/.exec(
      [f.message, ...waiting.map((c) => c.message), ...event(f, /^Failed$/).map((e) => e.message)].join('\n'),
    );
  if (
    missing &&
    (/CreateContainerConfigError/.test(f.text) || waiting.some((c) => c.reason === 'CreateContainerConfigError'))
  ) {
    const kind = (missing[1] ?? missing[4] ?? 'secret').toLowerCase();
    const name = missing[2] ?? missing[5]!.split('/').pop()!;
    const ns = f.namespace || str(missing[5]?.split('/')[0]) || 'its namespace';
    const users = f.containers.flatMap((c) => [
      ...arr(c.spec.env)
        .map(rec)
        .filter((e) =>
          [str(rec(rec(e.valueFrom).secretKeyRef).name), str(rec(rec(e.valueFrom).configMapKeyRef).name)].includes(
            name,
          ),
        )
        .map((e) => str(e.name)),
      ...arr(c.spec.envFrom)
        .map(rec)
        .filter((e) => [str(rec(e.secretRef).name), str(rec(e.configMapRef).name)].includes(name))
        .map(() => `all of ${name}`),
    ]);
    out.push({
      id: 'missing-secret-or-configmap',
      score: 95,
      cause: `The step needs the ${kind} ${name}, which was not found in namespace ${ns}, so Kubernetes cannot create its container${users.length ? ` (it provides ${users.join(', ')})` : ''}. The step waits until it exists.`,
      fix: `Create the ${kind} ${name} in namespace ${ns}${users.length ? ` with the keys the step reads (${users.join(', ')})` : ''}, or fix the name in the template; mark it \`optional: true\` if it may be absent.`,
      evidence: [...(f.message ? [`Argo: ${f.message}`] : []), ...event(f, /^Failed$/).map(eventLine)],
    });
  }
  const mount = event(
    f,
    /FailedMount/,
    /MountVolume\.SetUp failed for volume .* (secrets?|configmaps?) "(\S+)" not found|not registered/,
  );
  if (mount.length) out.push({ id: 'failed-mount-missing-object', score: 94, evidence: mount.map(eventLine) });
  const attach = event(
    f,
    /FailedMount|FailedAttachVolume/,
    /Unable to attach or mount volumes|AttachVolume\.Attach failed/,
  );
  if (attach.length) out.push({ id: 'failed-mount-timeout', score: 80, evidence: attach.map(eventLine) });
  const multi = event(f, /FailedAttachVolume|FailedMount/, /Multi-Attach error/);
  if (multi.length || /Multi-Attach error/.test(f.text))
    out.push({ id: 'multi-attach', score: 93, evidence: multi.map(eventLine) });
  if (/docker\.sock is not a socket/.test(f.text))
    out.push({ id: 'hostpath-docker-sock', score: 91, evidence: event(f, /FailedMount/).map(eventLine) });
  if (f.containers.some((c) => c.reason === 'CreateContainerError') || /CreateContainerError/.test(f.message))
    out.push({ id: 'create-container-error', score: 70, evidence: [f.message].filter(Boolean) });
  const start = f.containers.find(
    (c) => c.reason === 'StartError' || (c.exitCode === 128 && /OCI runtime/.test(c.message)),
  );
  if (start)
    out.push({
      id: 'start-error-128',
      score: 89,
      cause: `Container ${start.name} could not start: ${start.message || start.reason}.`,
      evidence: [`Container ${start.name}: ${start.reason}, exit code ${start.exitCode}`],
    });
  const cannot = f.containers.find((c) => /ContainerCannotRun|RunContainerError/.test(c.reason));
  if (cannot || /ContainerCannotRun|RunContainerError/.test(f.message))
    out.push({
      id: 'container-cannot-run',
      score: 87,
      evidence: [cannot ? `Container ${cannot.name}: ${cannot.reason}: ${cannot.message}` : f.message],
    });
  if (
    f.containers.some((c) => c.reason === 'CrashLoopBackOff') ||
    event(f, /BackOff/, /Back-off restarting failed container/).length
  )
    out.push({ id: 'crashloop-backoff', score: 35, evidence: event(f, /BackOff/).map(eventLine) });
  if (f.events.some((e) => e.reason === 'FailedCreatePodSandBox'))
    out.push({ id: 'sandbox-creation-failed', score: 86, evidence: event(f, /FailedCreatePodSandBox/).map(eventLine) });
  return out;
};

// ---- exit codes, probes, sidecars -------------------------------------------------------------------------------
const exitCodes: Detector = (f) => {
  const out: Finding[] = [];
  const c = failedContainer(f);
  const code =
    c?.exitCode ??
    c?.last?.exitCode ??
    Number(/exit code (\d+)/.exec(f.message)?.[1] ?? str(rec(f.step.outputs).exitCode) ?? NaN);
  const reason = c?.reason || c?.last?.reason || '';
  const probe = event(f, /Unhealthy/, /Liveness probe failed/);
  const probeKill = event(f, /Killing/, /failed liveness probe/);
  if (probe.length && (probeKill.length || code === 137 || code === 143)) {
    const path =
      /https?:\/\/[^/\s"]+(\/[^\s"]*)/.exec(probe[0]!.message)?.[1] ??
      str(rec(rec(f.containers.find((x) => x.kind === 'main')?.spec.livenessProbe).httpGet).path);
    out.push({
      id: 'liveness-probe-kill',
      score: 95,
      cause: `The container was killed by Kubernetes because its liveness probe${path ? ` (${path})` : ''} failed: exit code ${Number.isFinite(code) ? code : 137}, not OOMKilled. The step was busy${f.log ? ' (see its last log lines)' : ''} and did not answer the probe in time.`,
      fix: 'Remove or relax the probe: batch steps rarely need a liveness probe; otherwise raise its `timeoutSeconds`/`failureThreshold` or add a `startupProbe`.',
      evidence: [...probe, ...probeKill].map(eventLine).concat(logEvidence(f, 3)),
    });
  }
  if (c && c.kind === 'sidecar' && Number.isFinite(code) && code !== 0 && code !== 137 && code !== 143)
    out.push({
      id: 'sidecar-failed',
      score: 76,
      cause: `The sidecar container ${c.name} failed with exit code ${code}.`,
      evidence: [`Container ${c.name}: exit code ${code}`],
    });
  const mainMsg = /^(main: )?Error \(exit code (\d+)\)/.exec(f.message);
  if ((c?.kind === 'main' && reason !== 'OOMKilled' && Number.isFinite(code) && code !== 0) || mainMsg) {
    out.push({
      id: 'main-exit-nonzero',
      score: 50,
      cause: `Your program exited with code ${Number.isFinite(code) ? code : mainMsg?.[2]}: the failure is inside the step's own code or its input.`,
      evidence: [f.message ? `Argo: ${f.message}` : '', ...logEvidence(f, 8)].filter(Boolean),
    });
  }
  if (Number.isFinite(code) && reason !== 'OOMKilled') {
    const byCode: Record<number, [string, number]> = {
      1: ['exit-code-1', 28],
      2: ['exit-code-2', 35],
      126: ['exit-code-126', 62],
      127: ['exit-code-127', 62],
      134: ['exit-code-134', 52],
      137: ['exit-code-137-not-oom', 45],
      139: ['exit-code-139', 56],
      143: ['exit-code-143', 38],
    };
    const hit = byCode[code];
    if (hit)
      out.push({
        id: hit[0],
        score: hit[1],
        cause:
          code === 137
            ? 'Exit code 137 means the container got SIGKILL, and it was not OOMKilled: something else killed it.'
            : code === 143
              ? 'Exit code 143 means the container got SIGTERM: it was asked to stop.'
              : undefined,
        evidence: [`Exit code ${code}${c ? ` of container ${c.name}` : ''}`],
      });
  }
  return out;
};

// ---- evictions, node trouble, preemption -----------------------------------------------------------------------
const nodeDriven: Detector = (f) => {
  const out: Finding[] = [];
  const msg = `${f.podMessage}\n${f.message}\n${f.events.map((e) => e.message).join('\n')}`;
  const evicted =
    f.podReason === 'Evicted' ||
    /The node was low on resource|exceeded its local ephemeral storage limit|ephemeral local storage usage exceeds|The node had condition/.test(
      msg,
    );
  if (evicted) {
    const ev = [
      f.podMessage ? `Pod: ${f.podReason} — ${f.podMessage}` : '',
      f.message ? `Argo: ${f.message}` : '',
      ...event(f, /Evicted|EvictionThresholdMet/).map(eventLine),
    ].filter(Boolean);
    if (/low on resource: memory/.test(msg)) out.push({ id: 'evicted-memory-pressure', score: 93, evidence: ev });
    else if (/low on resource: ephemeral-storage/.test(msg))
      out.push({ id: 'evicted-ephemeral-storage', score: 93, evidence: ev });
    else if (
      /exceeded its local ephemeral storage limit|ephemeral local storage usage exceeds|Usage of EmptyDir volume/.test(
        msg,
      )
    )
      out.push({ id: 'evicted-ephemeral-limit', score: 93, evidence: ev });
    else out.push({ id: 'evicted-node-condition', score: 88, evidence: ev });
  }
  if (f.podReason === 'NodeLost' || /which was running pod \S+ is unresponsive/.test(msg))
    out.push({ id: 'node-lost', score: 90, evidence: [f.podMessage].filter(Boolean) });
  const taintEv = event(f, /TaintManagerEviction|NodeControllerEviction/);
  const taintCond = f.podConditions.find((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByTaintManager');
  if (taintEv.length || taintCond)
    out.push({
      id: 'taint-manager-eviction',
      score: 55,
      evidence: [
        ...taintEv.map(eventLine),
        taintCond ? `Pod condition DisruptionTarget: ${taintCond.message}` : '',
      ].filter(Boolean),
    });
  if (event(f, /^Preempted$/).length || f.podConditions.some((c) => c.reason === 'PreemptionByScheduler'))
    out.push({ id: 'preempted-by-scheduler', score: 92, evidence: event(f, /Preempted/).map(eventLine) });
  if (f.podReason === 'Preempting' || /Preempted in order to admit critical pod/.test(msg))
    out.push({ id: 'preempted-critical-pod', score: 92, evidence: [f.podMessage].filter(Boolean) });
  const shutdown =
    /imminent node shutdown|Node is shutting|NodeShutdown|Pod was rejected as the node is shutting down/.test(msg) ||
    (!evicted && f.podConditions.some((c) => c.reason === 'TerminationByKubelet')) ||
    event(f, /NodeShutdown|Shutdown/).length > 0;
  if (shutdown) {
    const spotHint = /spot|preemptible/i.test(`${f.nodeName} ${Object.entries(f.nodeLabels).join(' ')}`);
    const code = failedContainer(f)?.exitCode ?? Number(str(rec(f.step.outputs).exitCode));
    out.push({
      id: 'node-graceful-shutdown',
      score: 95,
      cause: `The node ${f.nodeName || ''} shut down${spotHint ? ' (a spot node, reclaimed by the cloud provider)' : ''}: node shutdown stopped the pod with SIGTERM${Number.isFinite(code) && code ? `, hence exit code ${code}` : ''}. ${NOT_YOURS}`,
      fix: `Retry with \`retryStrategy: {limit: 3, ${nodeRetry}}\`; ${spotHint ? 'keep long steps off spot nodes or ' : ''}checkpoint progress so a retry resumes where it stopped (a spot node can disappear at any time).`,
      evidence: [
        f.podMessage ? `Pod: ${f.podReason} — ${f.podMessage}` : '',
        ...event(f, /NodeShutdown|Shutdown/).map(eventLine),
        ...logEvidence(f, 2),
      ].filter(Boolean),
    });
  }
  if (f.podReason === 'NodeAffinity' || /Predicate NodeAffinity failed/.test(msg))
    out.push({ id: 'nodeaffinity-rejected', score: 88, evidence: [f.podMessage].filter(Boolean) });
  if (f.podReason === 'UnexpectedAdmissionError' || /Allocate failed due to/.test(msg))
    out.push({ id: 'unexpected-admission-error', score: 88, evidence: [f.podMessage].filter(Boolean) });
  if (/^OutOf/.test(f.podReason) || /Node didn't have enough resource/.test(msg))
    out.push({ id: 'out-of-resource-admission', score: 88, evidence: [f.podMessage].filter(Boolean) });
  if (event(f, /EvictionThresholdMet|NodeHasDiskPressure|NodeHasInsufficientMemory/).length)
    out.push({
      id: 'eviction-threshold-met',
      score: 30,
      evidence: event(f, /EvictionThresholdMet|NodeHas/).map(eventLine),
    });
  if (event(f, /Killing/, /Stopping container/).length)
    out.push({ id: 'killing-stop-request', score: 10, evidence: event(f, /Killing/).map(eventLine) });
  // Node conditions and taints.
  const ready = f.nodeConditions.find((c) => c.type === 'Ready');
  const unreachable =
    ready?.status === 'Unknown' || f.nodeTaints.some((t) => t.key === 'node.kubernetes.io/unreachable');
  const notReadyEv = event(f, /NodeNotReady/);
  // The node may be back by the time we look: its pod's events still tell that it went silent and the pod was evicted.
  const wasUnreachable =
    !unreachable && notReadyEv.length > 0 && (taintEv.length > 0 || !!taintCond) && ready?.status === 'True';
  if (unreachable || wasUnreachable || (notReadyEv.length && !f.bundle.node)) {
    const last = ready?.heartbeat || ready?.time;
    const terminating = f.podDeleting || taintEv.length > 0 || !!taintCond;
    const then = wasUnreachable
      ? `The node ${f.nodeName} running the step stopped reporting${notReadyEv[0]?.time ? ` at ${clock(notReadyEv[0].time)}` : ''} (NodeNotReady), and Kubernetes evicted the pod from it${taintEv[0]?.time ? ` at ${clock(taintEv[0].time)}` : ''}${/^pod deleted$/i.test(f.message.trim()) ? '; Argo reported "pod deleted" once the pod was gone' : ''}. The node is Ready again${ready?.time ? ` since ${clock(ready.time)}` : ''}, but the step's run there was lost. `
      : `The node ${f.nodeName} running the step stopped reporting: its Ready condition is ${ready?.status || 'Unknown'} ("${ready?.message || 'Kubelet stopped posting node status.'}")${last ? `, last heard from at ${clock(last)}` : ''}. ${terminating ? 'Kubernetes then marked the pod for deletion (it shows as Terminating) and the step cannot finish there. ' : ''}`;
    out.push({
      id: 'node-unreachable',
      score: 91,
      cause: `${then}This is not your code: the node crashed, lost its network or was reclaimed.`,
      fix: `Retry with \`retryStrategy: {limit: 3, ${nodeRetry}}\` so the step runs again on a healthy node; report node ${f.nodeName} to your platform team; prefer on-demand nodes for long steps.`,
      evidence: [
        ready
          ? `Node condition Ready=${ready.status} (${ready.reason}): ${ready.message}${ready.time ? ` since ${clock(ready.time)}` : ''}`
          : '',
        ...f.nodeTaints.map((t) => `Node taint ${t.key}:${t.effect}${t.time ? ` since ${clock(t.time)}` : ''}`),
        ...notReadyEv.map(eventLine),
        ...(wasUnreachable ? taintEv.map(eventLine) : []),
        ...logEvidence(f, 2),
      ].filter(Boolean),
    });
  } else if (ready?.status === 'False')
    out.push({
      id: 'node-not-ready',
      score: 86,
      cause: `The node ${f.nodeName} is NotReady: ${ready.message}.`,
      evidence: [`Node condition Ready=False (${ready.reason}): ${ready.message}`],
    });
  const pressure: [string, string][] = [
    ['MemoryPressure', 'node-memory-pressure'],
    ['DiskPressure', 'node-disk-pressure'],
    ['PIDPressure', 'node-pid-pressure'],
    ['NetworkUnavailable', 'node-network-unavailable'],
  ];
  for (const [type, id] of pressure) {
    const c = f.nodeConditions.find((x) => x.type === type && x.status === 'True');
    if (c)
      out.push({
        id,
        score: id === 'node-network-unavailable' ? 70 : 45,
        evidence: [`Node condition ${type}=True (${c.reason}): ${c.message}`],
      });
  }
  return out;
};

// ---- scheduling ---------------------------------------------------------------------------------------------------
const scheduling: Detector = (f) => {
  const out: Finding[] = [];
  const texts = [
    f.message,
    ...event(f, /FailedScheduling/).map((e) => e.message),
    ...f.podConditions.filter((c) => c.reason === 'Unschedulable').map((c) => c.message),
  ].filter(Boolean);
  const t = texts.join('\n');
  if (
    !/nodes are available|Unschedulable|unbound immediate PersistentVolumeClaims|persistentvolumeclaim "\S+" not found/.test(
      t,
    )
  )
    return out;
  const total = /0\/(\d+) nodes are available/.exec(t)?.[1];
  const ev = [
    ...(f.message ? [`Argo: ${f.message}`] : []),
    ...event(f, /FailedScheduling|NotTriggerScaleUp|TriggeredScaleUp/).map(eventLine),
  ];
  const insufficient = [...t.matchAll(/(\d+) Insufficient ([\w./-]+)/g)].map((m) => m[2]!);
  if (insufficient.length) {
    const res = [...new Set(insufficient)];
    const requested = res.map((r) => {
      const sum = f.containers.reduce(
        (n, c) =>
          n +
          (Number.parseFloat(
            str(rec(rec(c.spec.resources).requests)[r]) || str(rec(rec(c.spec.resources).limits)[r]),
          ) || 0),
        0,
      );
      return sum ? `${sum} ${r}` : r;
    });
    const scaleUp = event(f, /NotTriggerScaleUp/)[0];
    const gpu = res.some((r) => /gpu/i.test(r));
    out.push({
      id: 'insufficient-resources',
      score: 93,
      cause: `The step requests ${requested.join(' and ')}, and no node has that much free${total ? ` (0 of ${total} nodes fit)` : ''}, so it stays Pending.${scaleUp ? ` The cluster autoscaler did not add a node: "${scaleUp.message}"${/max node group size/.test(scaleUp.message) ? ' — the node group is already at its max node group size' : ''}.` : ''}`,
      fix: gpu
        ? "Request fewer GPUs (or split the work across steps), ask the platform team to raise the GPU node group's maximum size, or wait for running GPU jobs to finish."
        : `Request less ${res.join('/')} (set requests close to real usage), wait for capacity, or target a node pool with bigger nodes.`,
      evidence: ev,
    });
  }
  const taint =
    /untolerated taint \{([^}]*)\}|taints? that the pod didn't tolerate|had taint \{([^}]*)\}, that the pod didn't tolerate/.exec(
      t,
    );
  if (taint)
    out.push({
      id: 'untolerated-taint',
      score: insufficient.length ? 60 : 91,
      cause: `Some nodes carry a taint the step does not tolerate${taint[1] || taint[2] ? ` (${taint[1] || taint[2]})` : ''}.`,
      evidence: ev,
    });
  if (/didn't match (Pod's node affinity\/selector|node selector)/.test(t))
    out.push({ id: 'node-selector-mismatch', score: 89, evidence: ev });
  if (/volume node affinity conflict/.test(t))
    out.push({ id: 'volume-node-affinity-conflict', score: 92, evidence: ev });
  if (
    /unbound immediate PersistentVolumeClaims|persistentvolumeclaim "\S+" not found|didn't find available persistent volumes/.test(
      t,
    )
  )
    out.push({ id: 'pvc-unbound', score: 92, evidence: ev });
  if (/node\(s\) were unschedulable/.test(t))
    out.push({ id: 'node-unschedulable-cordoned', score: insufficient.length ? 40 : 85, evidence: ev });
  return out;
};

// ---- log lines ----------------------------------------------------------------------------------------------------
const logs: Detector = (f) => {
  const out: Finding[] = [];
  const l = f.log;
  const line = (re: RegExp) => lastLines(l, 400).find((x) => re.test(x));
  const pick: [RegExp, string, number][] = [
    [/: line \d+: +\d+ Killed +|^Killed$/m, 'log-killed-subprocess', 72],
    [/CUDA out of memory/, 'log-cuda-oom', 78],
    [/ModuleNotFoundError: No module named/, 'log-module-not-found', 74],
    [/exec format error/, 'log-exec-format-error', 82],
    [/[Aa]rgument list too long/, 'log-arg-list-too-long', 74],
  ];
  for (const [re, id, score] of pick) {
    const hit = line(re) ?? (re.test(f.text) ? re.exec(f.text)?.[0] : undefined);
    if (hit) out.push({ id, score, evidence: [`Log: ${hit}`] });
  }
  return out;
};

// ---- upstream steps -----------------------------------------------------------------------------------------------
const upstream: Detector = (f) => {
  const out: Finding[] = [];
  const related = f.bundle.relatedNodes ?? [];
  const unresolved = /Unable to resolve:? \\?"?\{?\{?([\w.\-[\]]+)\}?\}?\\?"?|failed to resolve \{\{([^}]+)\}\}/.exec(
    f.message,
  );
  if (unresolved) {
    const ref = unresolved[1] ?? unresolved[2] ?? '';
    const parts = /^(steps|tasks)\.([\w-]+)\.outputs\.(parameters|artifacts)\.([\w-]+)/.exec(ref);
    const up = parts ? related.find((n) => n.displayName === parts[2] || n.name?.endsWith(`.${parts[2]}`)) : undefined;
    const continueOn = rec(up?.stepHints).continueOn;
    const upFailed = up && isFailed(up.phase);
    out.push({
      id: 'unresolved-template-reference',
      score: 93,
      cause: parts
        ? `This step reads ${parts[3] === 'parameters' ? 'output parameter' : 'output artifact'} "${parts[4]}" of step ${parts[2]} ("${ref}"), but ${parts[2]} ${upFailed ? `failed (${up!.message ?? up!.phase}) and so never produced it` : 'never produced it'}.${upFailed && Object.keys(rec(continueOn)).length ? ` The workflow went on anyway because ${parts[2]} has \`continueOn: ${JSON.stringify(continueOn).replace(/"/g, '')}\`.` : ''}`
        : `The reference "${ref}" could not be resolved: the value it points to was never produced.`,
      fix: parts
        ? `Fix ${parts[2]} so it writes "${parts[4]}", give that output a \`default\` (\`valueFrom: {default: ...}\`) for when it fails, or guard this step with \`when\`/\`depends\` on ${parts[2]} succeeding.`
        : undefined,
      evidence: [
        `Argo: ${f.message}`,
        ...(up
          ? [
              `Upstream step ${up.displayName}: ${up.phase}${up.message ? ` — ${up.message}` : ''}`,
              ...(up.logTail ? [`Its last log line: ${lastLines(up.logTail, 1)[0]}`] : []),
            ]
          : []),
      ],
    });
    if (up && (upFailed || up.phase === 'Succeeded'))
      out.push({
        id: 'upstream-silent-failure',
        score: 40,
        cause: `The real problem is upstream, in step ${up.displayName}.`,
        evidence: up.logTail ? [`${up.displayName} log: ${lastLines(up.logTail, 2).join(' / ')}`] : [],
      });
  }
  // A step that fails on its input while an upstream step "succeeded" with warning signs.
  const inputError =
    /EmptyDataError|FileNotFoundError|No such file|KeyError|0 rows|The specified key does not exist|NoSuchKey|no data/i.test(
      `${f.text}`,
    );
  if (inputError && !unresolved) {
    for (const up of related) {
      if (up.phase !== 'Succeeded' || !up.logTail) continue;
      const sign = lastLines(up.logTail, 50).find((x) =>
        /Killed|\b0 (rows|records|lines|files)\b|skipped|empty|no data|WARNING/i.test(x),
      );
      if (!sign) continue;
      out.push({
        id: 'upstream-silent-failure',
        score: 60,
        cause: `The upstream step ${up.displayName} succeeded, but its log warns: "${sign}". It did not produce what this step needs.`,
        evidence: [`Upstream step ${up.displayName} (${up.phase}) log: ${sign}`],
      });
      break;
    }
  }
  return out;
};

export const DETECTORS: Detector[] = [
  oom,
  argoMessages,
  executor,
  images,
  exitCodes,
  nodeDriven,
  scheduling,
  logs,
  upstream,
];
