// Starting the container: the runtime could not create or start it, its sandbox failed, or it keeps crashing.
import type { Container } from '../bundle';
import { event, type Detector, type Finding } from './common';
import { eventLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  startCause: (c: Container) => `Container ${c.name} could not start: ${c.message || c.reason}.`,
  startEvidence: (c: Container) => `Container ${c.name}: ${c.reason}, exit code ${c.exitCode}`,
  cannotRun: (c: Container) => `Container ${c.name}: ${c.reason}: ${c.message}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const CANNOT_RUN = /ContainerCannotRun|RunContainerError/;

export const containerStart: Detector = (f) => {
  const out: Finding[] = [];
  if (f.containers.some((c) => c.reason === 'CreateContainerError') || /CreateContainerError/.test(f.message))
    out.push({ id: 'create-container-error', score: 70, evidence: [f.message].filter(Boolean) });
  const start = f.containers.find(
    (c) => c.reason === 'StartError' || (c.exitCode === 128 && /OCI runtime/.test(c.message)),
  );
  if (start)
    out.push({
      id: 'start-error-128',
      score: 89,
      cause: text.startCause(start),
      evidence: [text.startEvidence(start)],
    });
  const cannot = f.containers.find((c) => CANNOT_RUN.test(c.reason));
  if (cannot || CANNOT_RUN.test(f.message))
    out.push({ id: 'container-cannot-run', score: 87, evidence: [cannot ? text.cannotRun(cannot) : f.message] });
  if (
    f.containers.some((c) => c.reason === 'CrashLoopBackOff') ||
    event(f, /BackOff/, /Back-off restarting failed container/).length
  )
    out.push({ id: 'crashloop-backoff', score: 35, evidence: event(f, /BackOff/).map(eventLine) });
  if (f.events.some((e) => e.reason === 'FailedCreatePodSandBox'))
    out.push({ id: 'sandbox-creation-failed', score: 86, evidence: event(f, /FailedCreatePodSandBox/).map(eventLine) });
  return out;
};
