// Starts the cluster ARGO_DOCTOR_CLUSTER asks for. Kept apart from clusterTarget.ts, which both targets import, so the
// targets and the shared helpers do not import each other; each target loads only when chosen.
import { TARGET, type ClusterTarget } from './clusterTarget';

export async function startClusterTarget(): Promise<ClusterTarget> {
  return TARGET === 'real'
    ? (await import('./realTarget')).startRealTarget()
    : (await import('./demoTarget')).startDemoTarget();
}
