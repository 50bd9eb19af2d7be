// What each failure signature means and what to do about it, in plain words. Ids follow the shared taxonomy
// (../shared/failures/signatures.json); the wording here is ours.

export interface SignatureText {
  cause: string;
  fix: string;
  doc?: string;
}

const K8S = 'https://kubernetes.io/docs';
const ARGO = 'https://argo-workflows.readthedocs.io/en/latest';
const RETRY = `${ARGO}/retries/`;
const RES = `${K8S}/concepts/configuration/manage-resources-containers/`;
const EVICT = `${K8S}/concepts/scheduling-eviction/node-pressure-eviction/`;
const TAINT = `${K8S}/concepts/scheduling-eviction/taint-and-toleration/`;
const ART = `${ARGO}/configure-artifact-repository/`;
const SA = `${ARGO}/service-accounts/`;
const SYNC = `${ARGO}/synchronization/`;
const INFRA_FIX =
  'Add `retryStrategy: {retryPolicy: OnError, limit: 3}` so Argo retries infrastructure failures; tell your ' +
  'platform team about the node if it keeps happening.';

export const SIGNATURES: Record<string, SignatureText> = {
  'main-exit-nonzero': {
    cause:
      'Your program (the main container) exited with a failure code: Kubernetes and Argo did their part, the ' +
      'problem is in the code or its input.',
    fix:
      'Read the last error in the log (a traceback, an exception), fix the code or the input data, and resubmit or ' +
      '`argo retry`.',
  },
  'oom-killed-main': {
    cause: 'The step used more memory than its memory limit and the kernel killed it (OOMKilled, exit code 137).',
    fix:
      'Raise `resources.limits.memory` (and the request) for this template, or process the data in smaller chunks ' +
      'instead of loading it all at once.',
    doc: RES,
  },
  'oom-killed-init': {
    cause: "Argo's init container (which downloads input artifacts) ran out of memory.",
    fix:
      "Give the executor more memory (the controller's `executor.resources`, or a `podSpecPatch`), or make the " +
      'input smaller.',
    doc: RES,
  },
  'oom-killed-wait': {
    cause: "Your code finished, but Argo's wait container ran out of memory while saving outputs.",
    fix:
      'Raise the executor memory (controller `executor.resources` or `podSpecPatch` for the wait container), ' +
      'compress or shrink the outputs, or upload big results from your own code.',
    doc: RES,
  },
  'pod-deleted': {
    cause:
      'The pod was deleted while the step ran (node drain, scale-down, spot reclaim or someone deleting it): this ' +
      'was not caused by your code.',
    fix: `${INFRA_FIX} Avoid spot/preemptible nodes for long steps; a PodDisruptionBudget slows drains.`,
    doc: RETRY,
  },
  'evidence-pod-gone': {
    cause:
      'The pod no longer exists (pod garbage collection), so the explanation relies on the workflow status and ' +
      'recorded evidence.',
    fix:
      'Keep failed pods with `podGC: {strategy: OnPodSuccess}` (or a `deleteDelayDuration`) and set `archiveLogs: ' +
      'true`.',
  },
  'pod-active-deadline-exceeded': {
    cause: 'The step ran longer than its time limit (activeDeadlineSeconds) and Kubernetes stopped it.',
    fix:
      'Raise `activeDeadlineSeconds` for the template, make the step faster, or split it; if it was stuck, look for ' +
      'the hang in the log.',
    doc: `${ARGO}/walk-through/timeouts/`,
  },
  'step-exceeded-deadline': {
    cause: 'The step was still not done when the workflow deadline passed.',
    fix:
      'Raise the workflow `activeDeadlineSeconds`; if the step was Pending, fix why it could not be scheduled ' +
      'first.',
  },
  'retry-exceeded-workflow-deadline': {
    cause: 'A retry could not start because the workflow deadline had passed.',
    fix: 'Raise the workflow deadline or shorten the retry backoff.',
    doc: RETRY,
  },
  'max-duration-exceeded': {
    cause: "Retries stopped because the retry strategy's maxDuration was reached.",
    fix: 'Fix what made the attempts fail; raise `backoff.maxDuration` if more retries are wanted.',
    doc: RETRY,
  },
  'retries-exhausted': {
    cause: 'Every retry attempt failed.',
    fix:
      'Fix the cause of the attempts (below). For infrastructure causes use `retryPolicy: OnError`; for ' +
      'out-of-memory raise memory: retrying alone will not help.',
    doc: RETRY,
  },
  'child-failed': {
    cause: 'A step inside this group failed.',
    fix: 'Open the failed child step and explain that one.',
  },
  'workflow-shutdown': {
    cause: 'Someone stopped or terminated the workflow.',
    fix: 'Resubmit it if that was not intended.',
  },
  'invalid-spec': {
    cause: 'Argo rejected the workflow spec before running it (a typo, a missing template or WorkflowTemplate).',
    fix:
      'Fix the reference; make sure referenced WorkflowTemplates exist in the namespace; lint before submitting ' +
      '(Argo Doctor does it as you type).',
  },
  'unresolved-template-reference': {
    cause:
      'A `{{...}}` reference could not be resolved when the step was about to run: the value it points to was ' +
      'never produced.',
    fix:
      'Make the upstream step produce the output, give the output a `default`, or guard the step with ' +
      '`when`/`depends`.',
  },
  'pod-failed-before-start': {
    cause: 'The pod failed before the container could start.',
    fix: 'Follow the inner reason (image, secret, mount) below.',
  },
  'no-container-status': {
    cause:
      'Argo found no container status to explain the failure: the pod was rejected or removed before containers ran.',
    fix: "Look at the pod's reason and events (admission, eviction).",
  },
  'aux-container-incomplete': {
    cause: 'A helper container of the pod did not complete (the pod was interrupted).',
    fix: 'Retry with `retryPolicy: OnError`; check the node.',
    doc: RETRY,
  },
  'pod-auto-restarting': {
    cause: 'Argo is recreating the pod after the node rejected or evicted it.',
    fix: 'Nothing unless it repeats; then treat the inner reason.',
  },
  'executor-rbac-pods-patch': {
    cause:
      "Argo's executor (the wait container) was not allowed to update its own pod: the workflow's service account " +
      'lacks permission. Not your code.',
    fix:
      'Set `spec.serviceAccountName` to an account bound to the Argo executor role (ask the platform team); check ' +
      'with `kubectl auth can-i patch pods --as=system:serviceaccount:NS:SA`.',
    doc: SA,
  },
  'executor-rbac-taskresults': {
    cause:
      "Argo's executor was not allowed to report the step's results (workflowtaskresults): the service account " +
      'lacks permission. Not your code.',
    fix:
      "Bind a Role with `workflowtaskresults: create, patch` to the workflow's service account " +
      '(`spec.serviceAccountName`).',
    doc: SA,
  },
  'pod-watch-failed': {
    cause: "Argo's executor could not watch its pod (RBAC or network).",
    fix: 'Fix the RBAC or network policy; retry with `retryPolicy: OnError` if it was transient.',
  },
  'save-outputs-timeout': {
    cause: 'Saving the outputs timed out (API server or storage slow).',
    fix: 'Retry with `retryPolicy: OnError`; tell the admins if it is frequent.',
    doc: RETRY,
  },
  'artifact-repo-not-configured': {
    cause: 'The step has output artifacts but no artifact repository is configured, so Argo could not store them.',
    fix:
      'Ask the admins to configure an artifact repository (the controller ConfigMap or the namespace ' +
      '`artifact-repositories` ConfigMap), or set `s3`/`gcs` on the artifact.',
    doc: ART,
  },
  'artifact-access-denied': {
    cause: 'The artifact storage refused access (bucket policy, IAM role or keys).',
    fix: 'Fix the bucket policy, the IAM role (IRSA / Workload Identity) or the access-key secret.',
    doc: ART,
  },
  'artifact-key-not-found': {
    cause: 'An input artifact does not exist in the artifact storage, so the step failed before your code ran.',
    fix: 'Check that the upstream step really produced and uploaded it, fix the key, check artifact GC/TTL.',
    doc: ART,
  },
  'output-file-missing': {
    cause: 'An output declared by the template was not written at its path.',
    fix: 'Write the file at exactly that path, or mark the output `optional: true` or give it a `default`.',
  },
  'artifact-load-failed': {
    cause: 'Loading an input artifact failed.',
    fix: 'Follow the inner error (access, missing key, disk).',
    doc: ART,
  },
  'emissary-exec-not-found': {
    cause: 'The command to run does not exist in the image.',
    fix: 'Fix the command (e.g. `python3` vs `python`), use an image that has it, or wrap it with `sh -c`.',
  },
  'executor-exit-64': {
    cause: "Argo's executor failed (exit code 64) before or after your code.",
    fix: 'Follow the message after the exit code (RBAC, PATH, artifacts).',
  },
  'workflow-too-large': {
    cause: 'The workflow status grew too large to store.',
    fix: 'Reduce fan-out, batch items, split into child workflows, or ask admins to enable node status offloading.',
  },
  'etcd-request-too-large': {
    cause: 'The object is too large for Kubernetes (etcd limit).',
    fix: 'Pass big data as artifacts, not parameters; use WorkflowTemplates.',
  },
  'resource-quota-exceeded': {
    cause: "The namespace's resource quota was exhausted, so the pod could not be created.",
    fix: 'Wait for other steps, lower `parallelism` or the requests, or ask for a bigger quota.',
  },
  'creation-rate-limited': { cause: 'Argo is throttling pod creation.', fix: 'Nothing to do: it will continue.' },
  'sidecar-failed': { cause: 'A sidecar container failed.', fix: 'Fix the sidecar, or make it exit 0 on SIGTERM.' },
  'image-not-found': {
    cause: 'The container image (or its tag) does not exist in the registry.',
    fix: 'Correct the image name or tag (look for a typo), or push the image; prefer immutable tags or digests.',
  },
  'image-pull-backoff': {
    cause: 'Kubernetes keeps failing to pull the image and is backing off.',
    fix: 'See why the pull fails (the image does not exist, or the registry needs credentials).',
  },
  'image-pull-auth-failed': {
    cause: 'The image is in a private registry and the pull was not authorised (missing or wrong pull secret).',
    fix:
      "Create a `docker-registry` secret in the workflow's namespace and reference it in `spec.imagePullSecrets` " +
      '(or on the service account).',
    doc: `${K8S}/tasks/configure-pod-container/pull-image-private-registry/`,
  },
  'invalid-image-name': {
    cause: 'The image reference is not a valid image name.',
    fix: 'Fix the image string (or the parameter that builds it).',
  },
  'image-never-pull': {
    cause: 'The image is not on the node and the pull policy is Never.',
    fix: 'Use `imagePullPolicy: IfNotPresent` or preload the image.',
  },
  'missing-secret-or-configmap': {
    cause:
      'The step needs a Secret or ConfigMap (or a key in it) that does not exist in its namespace, so the ' +
      'container cannot be created.',
    fix:
      "Create the secret or configmap in the workflow's namespace (or fix its name); mark it `optional: true` if it " +
      'may be absent.',
  },
  'failed-mount-missing-object': {
    cause: 'A volume refers to a Secret or ConfigMap that does not exist.',
    fix: 'Create the object or fix the reference.',
  },
  'failed-mount-timeout': {
    cause: 'A volume could not be attached or mounted in time.',
    fix: 'Ask the admins to check the storage driver; if the disk is attached elsewhere, see multi-attach.',
  },
  'multi-attach': {
    cause: 'The volume is already attached to another node and can only be attached to one.',
    fix: 'Run the steps that share it one after another, pin them to one node, or use a ReadWriteMany volume.',
  },
  'hostpath-docker-sock': {
    cause: 'The pod mounts the Docker socket, which this node does not have.',
    fix: 'Use the emissary executor (the default since Argo 3.3).',
  },
  'create-container-error': {
    cause: 'The container runtime could not create the container.',
    fix: 'Retry with `retryPolicy: OnError`; report the node if it repeats.',
    doc: RETRY,
  },
  'start-error-128': {
    cause: 'The container could not start (command or mount path not found).',
    fix: 'Fix the command or the mount paths.',
  },
  'container-cannot-run': {
    cause: 'The container runtime could not run the container.',
    fix: 'Fix what the message names (command, permissions).',
  },
  'crashloop-backoff': {
    cause: 'The container keeps crashing and Kubernetes is backing off restarts.',
    fix: 'Look at why the last run ended.',
  },
  'exit-code-1': {
    cause: 'Exit code 1: the program reported a general error.',
    fix: 'Read the error in the log and fix it.',
  },
  'exit-code-2': {
    cause: 'Exit code 2: the command was called wrongly (arguments or shell syntax).',
    fix: 'Fix the arguments or parameters passed to the command.',
  },
  'exit-code-126': {
    cause: 'Exit code 126: the command exists but cannot be executed (permissions, not a binary).',
    fix: '`chmod +x` it in the image, or call it through its interpreter (`python x.py`).',
  },
  'exit-code-127': {
    cause: 'Exit code 127: the command was not found in the image.',
    fix: 'Install the command in the image or fix its name.',
  },
  'exit-code-134': {
    cause: 'Exit code 134: the program aborted (SIGABRT).',
    fix: 'Fix the crash, or raise runtime heap settings.',
  },
  'exit-code-137-not-oom': {
    cause:
      'Exit code 137 without OOMKilled: something killed the container with SIGKILL (a probe, a deadline, ' +
      'preemption), not out-of-memory.',
    fix:
      'Find the trigger (probe, preemption, shutdown); handle SIGTERM to exit quickly; retry infrastructure kills ' +
      'with `retryPolicy: OnError`.',
  },
  'exit-code-139': {
    cause: 'Exit code 139: the program crashed with a segmentation fault.',
    fix: 'Pin compatible library versions, update drivers, reproduce locally with the same image.',
  },
  'exit-code-143': {
    cause: 'Exit code 143: the container was asked to stop (SIGTERM).',
    fix: 'See what asked it to stop (deadline, shutdown, eviction, stop).',
  },
  'evicted-memory-pressure': {
    cause: 'The node ran low on memory and evicted the pod (it used more than it requested).',
    fix:
      'Set memory requests close to the real usage (requests = limits gives the pod the best protection); retry ' +
      'with `retryPolicy: OnError`.',
    doc: EVICT,
  },
  'evicted-ephemeral-storage': {
    cause:
      'The node ran out of local disk (ephemeral storage) and evicted the pod, which was writing a lot of scratch ' +
      'data.',
    fix:
      'Request `ephemeral-storage` for the step, write large scratch data to a volume (PVC), clean temporary files; ' +
      'retry with `retryPolicy: OnError`.',
    doc: EVICT,
  },
  'evicted-ephemeral-limit': {
    cause: 'The container wrote more local data than its ephemeral-storage limit allows.',
    fix: 'Raise the limit or use a volume for big scratch data.',
    doc: EVICT,
  },
  'evicted-node-condition': {
    cause: 'The node was under pressure and evicted the pod.',
    fix: 'Retry with `retryPolicy: OnError`; the node pool may need more capacity.',
    doc: EVICT,
  },
  'node-lost': {
    cause: 'The node running the pod stopped responding and the pod was lost. Not your code.',
    fix: INFRA_FIX,
    doc: RETRY,
  },
  'taint-manager-eviction': {
    cause: 'Kubernetes deleted the pod because its node became unreachable or not ready (NoExecute taint).',
    fix: INFRA_FIX,
    doc: TAINT,
  },
  'preempted-by-scheduler': {
    cause: 'A higher-priority pod needed the room and the scheduler evicted this one.',
    fix: 'Use a higher `priorityClassName` for important steps or dedicated nodes; add `retryPolicy: OnError`.',
    doc: RETRY,
  },
  'preempted-critical-pod': {
    cause: 'The node evicted the pod to admit a critical system pod.',
    fix: 'Retry with `retryPolicy: OnError`; ask admins to reserve capacity for system pods.',
  },
  'node-graceful-shutdown': {
    cause:
      'The node shut down (often a spot/preemptible instance being reclaimed) and stopped the pod with SIGTERM. ' +
      'Not your code.',
    fix:
      'Retry with `retryPolicy: OnError`, avoid spot nodes for long steps, and checkpoint progress so a retry ' +
      'resumes instead of starting over.',
    doc: RETRY,
  },
  'nodeaffinity-rejected': {
    cause: "The node rejected the pod (its labels no longer matched the pod's node affinity).",
    fix: 'Retry; report it if it persists.',
  },
  'unexpected-admission-error': {
    cause: 'The node could not allocate a device (often a GPU) for the pod.',
    fix: 'Retry on another node; report the node to the admins.',
  },
  'out-of-resource-admission': {
    cause: 'The node did not have the resources the pod needed when it tried to start it.',
    fix: 'Retry with `retryPolicy: OnError`.',
  },
  'insufficient-resources': {
    cause: 'No node has enough free resources for what the step requests, so it cannot be scheduled.',
    fix: 'Request less, wait for the autoscaler, or target a node pool with bigger nodes.',
  },
  'untolerated-taint': {
    cause: 'The only nodes that fit are tainted for other workloads and the step does not tolerate the taint.',
    fix:
      'If that node pool is meant for this step, add a matching `tolerations` entry to the template; a ' +
      'not-ready/unreachable taint means a sick node.',
    doc: TAINT,
  },
  'node-selector-mismatch': {
    cause: "No node has the labels the step's nodeSelector/affinity asks for.",
    fix: 'Fix the label, or remove the selector.',
  },
  'volume-node-affinity-conflict': {
    cause: "The step's volume lives in a zone where no suitable node is available.",
    fix:
      "Allow nodes in the volume's zone, recreate the PVC with a `WaitForFirstConsumer` StorageClass, or pass the " +
      'data as artifacts.',
  },
  'pvc-unbound': {
    cause: 'A PersistentVolumeClaim the step needs is not bound (or does not exist).',
    fix: 'Fix the StorageClass or PVC name; ask the admins if provisioning fails.',
  },
  'node-unschedulable-cordoned': {
    cause: 'The suitable nodes are cordoned (maintenance).',
    fix: 'Wait for the maintenance to end, or use other nodes.',
  },
  'sandbox-creation-failed': {
    cause: "The node could not set up the pod's network sandbox (for example, out of IP addresses).",
    fix: 'This is an admin issue; retry later.',
  },
  'liveness-probe-kill': {
    cause: 'The liveness probe failed, so Kubernetes killed the container.',
    fix: 'Remove or relax the probe for batch steps (longer timeout, higher failureThreshold, or a startupProbe).',
    doc: `${K8S}/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/`,
  },
  'eviction-threshold-met': {
    cause: 'The node reached an eviction threshold and reclaimed resources.',
    fix: 'See the eviction above.',
    doc: EVICT,
  },
  'killing-stop-request': { cause: 'Kubernetes stopped the container.', fix: 'See what triggered the stop.' },
  'node-unreachable': {
    cause:
      'The node running the step stopped reporting to Kubernetes (Ready=Unknown): it crashed, lost network or was ' +
      'reclaimed. Not your code.',
    fix: `${INFRA_FIX} Prefer on-demand nodes for long steps.`,
    doc: RETRY,
  },
  'node-not-ready': {
    cause: 'The node running the step is NotReady.',
    fix: 'An admin issue; retry on another node with `retryPolicy: OnError`.',
    doc: RETRY,
  },
  'node-memory-pressure': { cause: 'The node is low on memory.', fix: 'Set memory requests; retry.', doc: EVICT },
  'node-disk-pressure': {
    cause: 'The node is low on disk.',
    fix: 'Request ephemeral-storage or use a PVC; report the node.',
    doc: EVICT,
  },
  'node-pid-pressure': {
    cause: 'The node is running out of process ids.',
    fix: 'Limit worker counts; report the node.',
  },
  'node-network-unavailable': { cause: "The node's network is not configured.", fix: 'An admin issue.' },
  'log-killed-subprocess': {
    cause: 'A process in the step was killed (the shell printed "Killed"), usually for memory.',
    fix: 'Raise the memory limit; run bash with `set -euo pipefail` so the step fails loudly.',
  },
  'log-cuda-oom': {
    cause: 'The GPU ran out of memory (CUDA out of memory).',
    fix: 'Use a smaller batch or model, gradient accumulation or mixed precision, or a bigger GPU.',
  },
  'log-module-not-found': {
    cause: 'A Python module is missing from the image.',
    fix: 'Add the package to the image, or use the image that has it.',
  },
  'log-exec-format-error': {
    cause: "The image was built for another CPU architecture than the node's.",
    fix: 'Build a multi-arch image or pin the step to matching nodes.',
  },
  'log-arg-list-too-long': {
    cause: 'A command line got too long (big data passed as a parameter).',
    fix: 'Pass large data as an artifact or file, not as a parameter.',
  },
  'upstream-silent-failure': {
    cause: 'An upstream step "succeeded" without producing what this step needs: the real problem is upstream.',
    fix:
      'Fix the upstream step and make it fail loudly (`set -euo pipefail`, check row counts and file sizes before ' +
      'exiting 0); then retry from the upstream step.',
  },
  // Waiting rather than failing (issue #17): the step or workflow has not started yet, and why.
  'semaphore-held': {
    cause:
      'The step (or workflow) is waiting for a semaphore: as many workflows as its limit allows already hold it, ' +
      'so this one waits for one of them to finish. Nothing failed.',
    fix:
      'Wait for a holder to finish, or raise the semaphore limit (the key in its ConfigMap, or the database ' +
      'limit); stop a holder that is stuck.',
    doc: SYNC,
  },
  'mutex-held': {
    cause:
      'The step (or workflow) is waiting for a mutex that another workflow holds: one holder at a time, so this ' +
      'one waits until the holder finishes. Nothing failed.',
    fix:
      'Wait for the holder to finish; if it is paused at a suspend step, resume it (`argo resume NAME`); if it is ' +
      'stuck, stop it to release the lock.',
    doc: SYNC,
  },
  'parallelism-limit': {
    cause:
      "A parallelism limit is reached (the controller's, the namespace's, the workflow's or a template's), so " +
      'this waits for a running one to finish. Nothing failed.',
    fix:
      'Wait; to run more at once raise `parallelism` in the workflow-controller-configmap, the namespace label ' +
      "`workflows.argoproj.io/parallelism-limit`, or the workflow's or template's `parallelism`.",
    doc: `${ARGO}/parallelism/`,
  },
  'controller-not-processing': {
    cause:
      'The workflow has no phase long after it was created: the workflow controller has not picked it up (down, ' +
      'another instance ID, or not watching this namespace).',
    fix: 'Check the workflow-controller pod and its logs, its instance ID and the namespaces it watches.',
  },
  'suspended-awaiting-resume': {
    cause: 'The workflow is paused at a suspend step and waits for someone to resume it (or for its duration).',
    fix: 'Resume it: `argo resume NAME`, or the Resume action; `argo stop NAME` to end it instead.',
    doc: `${ARGO}/walk-through/suspending/`,
  },
  'retry-backoff-waiting': {
    cause: 'The last attempt failed and the retry strategy waits out its backoff before the next attempt.',
    fix: "Let it retry; fix the failed attempt's cause, or shorten `retryStrategy.backoff` to retry sooner.",
    doc: RETRY,
  },
  'image-pull-slow': {
    cause: 'The image is still downloading to the node after a long time, with no pull error yet.',
    fix: 'Wait; use a smaller image, pre-pull it on the nodes, or use a registry mirror close to the cluster.',
  },
  'container-creating-slow': {
    cause:
      'The pod is on its node but still being created for a long time (init containers running, volumes mounting).',
    fix: "Wait; check the pod's events and the init container's log; make input artifacts smaller.",
  },
};
