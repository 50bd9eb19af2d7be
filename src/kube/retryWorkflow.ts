// Retries a finished workflow from its failed steps through the Kubernetes API, as `argo retry` does without an Argo
// Server (its in-process server): read the workflow, plan the retry (core/model/retryWorkflow: Argo's own rules),
// delete the pods of the steps that run again, then write the workflow back whole. The write carries the version
// that was read: when the workflow changed meanwhile it is read and planned once more.
import { err, ok, type Result } from '../core/result';
import { formulateRetry, type RetryOptions } from '../core/model/retryWorkflow';
import type { KubeError } from './errors';
import type { KObject, KubeClient } from './kubeClient';

export interface Retried {
  workflow: KObject;
  /** The steps that run again (display names). */
  rerun: string[];
  /** Pods deleted for them. */
  deletedPods: string[];
}

/** Why a retry did not happen: the cluster's answer, or Argo's rule that refuses it (`refused`). */
export type RetryError = KubeError | { kind: 'refused'; message: string };

const PARALLEL_DELETES = 8;

export async function retryWorkflow(
  kube: KubeClient,
  namespace: string,
  name: string,
  options: RetryOptions,
  now: () => Date = () => new Date(),
): Promise<Result<Retried, RetryError>> {
  for (let attempt = 0; ; attempt++) {
    const read = await kube.getWorkflow(namespace, name);
    if (!read.ok) return read;
    const plan = formulateRetry(read.value as Record<string, unknown>, options, now());
    if (!plan.ok) return err({ kind: 'refused', message: plan.error });
    // The pods first (a pod left behind would be taken for the new attempt's), at most a few at a time.
    const queue = [...plan.podsToDelete];
    let failure: KubeError | undefined;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_DELETES, queue.length) }, async () => {
        for (let pod = queue.shift(); pod !== undefined && !failure; pod = queue.shift()) {
          const r = await kube.deletePod(namespace, pod);
          if (!r.ok && r.error.kind !== 'notFound') failure = r.error;
        }
      }),
    );
    if (failure) return err(failure);
    const written = await kube.replaceWorkflow(namespace, name, plan.workflow as KObject);
    if (written.ok) return ok({ workflow: written.value, rerun: plan.rerun, deletedPods: plan.podsToDelete });
    if (written.error.kind !== 'conflict' || attempt >= 2) return written;
  }
}
