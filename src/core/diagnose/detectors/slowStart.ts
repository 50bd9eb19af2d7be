// A pod on its node that takes long to start, with no error yet: its image still downloading, or the pod still
// being created (init containers running, volumes mounting).
import { arr, rec, str } from '../../model/json';
import { clock, humanDuration, type Facts, type KEvent } from '../bundle';
import { ageAt } from '../waitingFacts';
import { event, type Detector, type Finding } from './common';
import { argoEvidence, eventLine, Subject } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  pullCause: (f: Facts, image: string, at: string, age: number) =>
    `${Subject(f)} is waiting for its image ${image} to download: the node started pulling it at ${clock(at)}, ` +
    `${humanDuration(age)} before this was captured, and has not finished yet. There is no pull error so far, so ` +
    'this is a slow download (a big image, a slow or distant registry, a node pulling many images), not a failure.',
  pullFix: () =>
    'Wait; to start faster, use a smaller image, keep `imagePullPolicy: IfNotPresent` with a pinned tag so nodes ' +
    'reuse it, pre-pull big images on the nodes (a DaemonSet), or use a registry mirror close to the cluster.',
  pullSummary: (image: string, age: number) => `waiting for image ${image} to download (${humanDuration(age)})`,
  creatingCause: (f: Facts, reason: string, age: number, init: string[], volumes: string[]) =>
    `${Subject(f)} is waiting for its pod to start: it was placed on a node ${humanDuration(age)} before this was ` +
    `captured and is still ${reason}.` +
    (init.length
      ? ` Init container${init.length > 1 ? 's' : ''} ${init.join(', ')} ${init.length > 1 ? 'are' : 'is'} still ` +
        "running (Argo's init container downloads the input artifacts: big inputs take long)."
      : '') +
    (volumes.length ? ` The pod mounts ${volumes.join(', ')}; slow storage makes the mount take long.` : '') +
    ' No error has been reported yet.',
  creatingFix: (init: boolean) =>
    init
      ? 'Wait; if input artifacts are big, make them smaller or compressed, or read them from the code instead ' +
        "of as inputs; check the init container's log for progress."
      : "Wait; if it stays so, check the pod's events (`kubectl describe pod`) for mount or runtime trouble and " +
        'tell the platform team about the node or the storage driver.',
  creatingSummary: (reason: string, age: number) => `waiting for the pod to start: ${reason} (${humanDuration(age)})`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** Seconds beyond which a pull or a container creation is slow. */
export const SLOW_AFTER = 120;

const STARTING = /^(ContainerCreating|PodInitializing)$/;

function slowPull(f: Facts): Finding | undefined {
  // The newest Pulling event of each image without a Pulled, a Failed pull or a back-off for it.
  const image = (e: KEvent) => /image "([^"]+)"/.exec(e.message)?.[1] ?? '';
  const done = (img: string) =>
    f.events.some((e) => /^(Pulled|Failed|BackOff|ErrImagePull)$/.test(e.reason) && (!img || e.message.includes(img)));
  const pulling = event(f, /^Pulling$/).filter((e) => !done(image(e)));
  const slow = pulling.find((e) => ageAt(f, e.time) >= SLOW_AFTER);
  if (!slow) return undefined;
  if (f.containers.some((c) => /ErrImagePull|ImagePullBackOff/.test(c.reason))) return undefined;
  const age = ageAt(f, slow.time);
  const img = image(slow) || 'the image';
  return {
    id: 'image-pull-slow',
    score: 88,
    cause: text.pullCause(f, img, slow.time, age),
    fix: text.pullFix(),
    evidence: [...argoEvidence(f), ...pulling.map(eventLine)],
    summary: text.pullSummary(img, age),
  };
}

function slowCreate(f: Facts): Finding | undefined {
  if (f.podPhase !== 'Pending' || !f.podSpec.nodeName) return undefined;
  const waiting = f.containers.filter((c) => c.state === 'waiting' && STARTING.test(c.reason));
  const init = f.containers.filter((c) => c.kind === 'init' && c.state === 'running').map((c) => c.name);
  if (!waiting.length && !init.length) return undefined;
  const scheduled = f.podConditions.find((c) => c.type === 'PodScheduled' && c.status === 'True')?.time;
  const since = scheduled || str(rec(rec(f.bundle.pod).status).startTime) || str(f.step.startedAt);
  const age = ageAt(f, since);
  if (!(age >= SLOW_AFTER)) return undefined;
  const volumes = arr(f.podSpec.volumes)
    .map(rec)
    .filter((v) => v.persistentVolumeClaim || v.csi || v.nfs || v.ephemeral)
    .map((v) => `volume ${str(v.name)}`);
  const reason = waiting[0]?.reason || 'PodInitializing';
  return {
    id: 'container-creating-slow',
    score: 72,
    cause: text.creatingCause(f, reason, age, init, volumes),
    fix: text.creatingFix(init.length > 0),
    evidence: [...argoEvidence(f), ...f.events.slice(-5).map(eventLine)],
    summary: text.creatingSummary(reason, age),
  };
}

export const slowStart: Detector = (f) => {
  if (!f.active || !f.podName) return [];
  return [slowPull(f), slowCreate(f)].filter((x): x is Finding => !!x);
};
