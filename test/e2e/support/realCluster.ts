// The real cluster for the e2e tests that run with ARGO_DOCTOR_CLUSTER=real: started once, on first use, shared by
// every file of the run (the workflow-controller's fixed health port allows one at a time), stopped at the end.
import { startRealCluster, type RealCluster } from '../../real-cluster/cluster';

export const REAL = process.env.ARGO_DOCTOR_CLUSTER === 'real';

let started: Promise<RealCluster> | undefined;

export function realCluster(): Promise<RealCluster> {
  return (started ??= startRealCluster());
}

after(async () => {
  await (await started?.catch(() => undefined))?.stop();
});
