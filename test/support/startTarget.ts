// Starts the cluster ARGO_DOCTOR_CLUSTER asks for. Kept apart from clusterTarget.ts, which both targets import, so the
// targets and the shared helpers do not import each other; each target loads only when chosen.
import { TARGET, type ClusterTarget } from './clusterTarget';

export async function startClusterTarget(): Promise<ClusterTarget> {
  // A real cluster already running (`npm run real-cluster`): ARGO_DOCTOR_REAL_KUBECONFIG=.real-cluster/kubeconfig.
  const running = process.env.ARGO_DOCTOR_REAL_KUBECONFIG;
  if (TARGET === 'real' && running) return (await import('./realTarget')).realTargetOn(running);
  return TARGET === 'real'
    ? (await import('./realTarget')).startRealTarget()
    : (await import('./demoTarget')).startDemoTarget();
}
