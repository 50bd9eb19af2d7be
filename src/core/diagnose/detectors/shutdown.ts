// Node shutdown: the node shut down (often a spot node reclaimed) and stopped the pod with SIGTERM.
import { rec, str } from '../../model/json';
import type { Facts } from '../bundle';
import { anyOf, event, failedContainer, nodeText, type Detector } from './common';
import { isEvicted } from './eviction';
import { eventLine, logEvidence, NOT_YOURS, podLine, RETRY_ON_ERROR } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  cause: (node: string, spot: boolean, code: number) =>
    `The node ${node} shut down${spot ? ' (a spot node, reclaimed by the cloud provider)' : ''}: ` +
    `node shutdown stopped the pod with SIGTERM${Number.isFinite(code) && code ? `, hence exit code ${code}` : ''}. ` +
    NOT_YOURS,
  fix: (spot: boolean) =>
    `Retry with ${RETRY_ON_ERROR}; ${spot ? 'keep long steps off spot nodes or ' : ''}` +
    'checkpoint progress so a retry resumes where it stopped (a spot node can disappear at any time).',
};

// ---- detection ------------------------------------------------------------------------------------------------
const SHUTDOWN = anyOf([
  /imminent node shutdown|Node is shutting|NodeShutdown/,
  /Pod was rejected as the node is shutting down/,
]);

const isShutdown = (f: Facts) =>
  SHUTDOWN.test(nodeText(f)) ||
  (!isEvicted(f) && f.podConditions.some((c) => c.reason === 'TerminationByKubelet')) ||
  event(f, /NodeShutdown|Shutdown/).length > 0;

/** The node's name or labels say it is a spot (preemptible) node. */
const isSpot = (f: Facts) => /spot|preemptible/i.test(`${f.nodeName} ${Object.entries(f.nodeLabels).join(' ')}`);

export const shutdown: Detector = (f) => {
  if (!isShutdown(f)) return [];
  const spot = isSpot(f);
  const code = failedContainer(f)?.exitCode ?? Number(str(rec(f.step.outputs).exitCode));
  return [
    {
      id: 'node-graceful-shutdown',
      score: 95,
      cause: text.cause(f.nodeName || '', spot, code),
      fix: text.fix(spot),
      evidence: [
        ...[podLine(f)].filter(Boolean),
        ...event(f, /NodeShutdown|Shutdown/).map(eventLine),
        ...logEvidence(f, 2),
      ],
    },
  ];
};
