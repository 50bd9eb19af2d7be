// Probes: Kubernetes killed a container whose liveness probe failed (exit 137 or 143, not OOMKilled).
import { rec, str } from '../../model/json';
import type { Facts } from '../bundle';
import { event, exitOf, type Detector } from './common';
import { eventLine, logEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  cause: (path: string, code: number, hasLog: boolean) =>
    `The container was killed by Kubernetes because its liveness probe${path ? ` (${path})` : ''} failed: ` +
    `exit code ${Number.isFinite(code) ? code : 137}, not OOMKilled. ` +
    `The step was busy${hasLog ? ' (see its last log lines)' : ''} and did not answer the probe in time.`,
  fix: () =>
    'Remove or relax the probe: batch steps rarely need a liveness probe; ' +
    'otherwise raise its `timeoutSeconds`/`failureThreshold` or add a `startupProbe`.',
};

// ---- detection ------------------------------------------------------------------------------------------------
/** The probed path: from the failed probe's URL, or the main container's httpGet probe. */
function probePath(f: Facts, message: string): string {
  const main = f.containers.find((x) => x.kind === 'main');
  return /https?:\/\/[^/\s"]+(\/[^\s"]*)/.exec(message)?.[1] ?? str(rec(rec(main?.spec.livenessProbe).httpGet).path);
}

export const probe: Detector = (f) => {
  const { code } = exitOf(f);
  const failed = event(f, /Unhealthy/, /Liveness probe failed/);
  const killed = event(f, /Killing/, /failed liveness probe/);
  if (!failed.length || !(killed.length || code === 137 || code === 143)) return [];
  return [
    {
      id: 'liveness-probe-kill',
      score: 95,
      cause: text.cause(probePath(f, failed[0]!.message), code, !!f.log),
      fix: text.fix(),
      evidence: [...failed, ...killed].map(eventLine).concat(logEvidence(f, 3)),
    },
  ];
};
