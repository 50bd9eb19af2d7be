// Volumes: a mount of a missing Secret or ConfigMap, a volume that cannot attach, a disk attached elsewhere, a host
// path that is not what the step expects.
import { event, type Detector, type Finding } from './common';
import { eventLine } from './texts';

export const volumes: Detector = (f) => {
  const out: Finding[] = [];
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
  return out;
};
