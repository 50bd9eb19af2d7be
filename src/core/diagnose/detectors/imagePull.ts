// Images: the image does not exist, the registry refuses the pull, or its name is not valid.
import { str } from '../../model/json';
import type { Facts } from '../bundle';
import { anyOf, event, type Detector, type Finding } from './common';
import { argoEvidence, eventLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  notFoundCause: (image: string, tag: string) =>
    `The image ${image} was not found in the registry` +
    `${tag ? `: the tag "${tag}" does not exist (check it for a typo)` : ''}, ` +
    "so the step's container could never start.",
  notFoundFix: (image: string, tag: string) =>
    `Correct the image name or tag in the template (look for a typo in "${tag || image}"), or push that image; ` +
    'prefer immutable tags or digests.',
  authCause: (image: string, secrets: string | undefined, namespace: string) =>
    secrets
      ? `The image ${image} is in a private registry and its pull secret ${secrets} does not exist ` +
        `in namespace ${namespace}, so the registry refused the pull.`
      : `The image ${image} is in a private registry and the pull was not authorised: ` +
        'the pod has no (or a wrong) pull secret.',
  authFix: (secrets: string | undefined, namespace: string) =>
    `Create a docker-registry secret${secrets ? ` named ${secrets}` : ''} in namespace ${namespace} ` +
    `(\`kubectl create secret docker-registry ${secrets ?? 'regcred'} --docker-server=... -n ${namespace}\`) ` +
    'and list it under `spec.imagePullSecrets` (or on the service account).',
  anyNamespace: "the workflow's namespace",
};

// ---- detection ------------------------------------------------------------------------------------------------
const PULL_FAILED = /ErrImagePull|ImagePullBackOff/;
const NOT_FOUND = /not found|manifest unknown|NotFound|repository does not exist|name unknown/i;
const DENIED = /pull access denied|unauthori[sz]ed|401|403 Forbidden/i;
const UNAUTHORISED = anyOf(
  [
    /pull access denied|no basic auth credentials|401 Unauthorized|403 Forbidden/,
    /authorization failed|unauthorized: /,
  ],
  'i',
);

/** The image the pull was about, and whether a pull failed at all. */
function pulled(f: Facts): { image: string; failed: boolean } {
  const pull =
    f.containers.find((c) => c.state === 'waiting' && PULL_FAILED.test(c.reason)) ??
    (PULL_FAILED.test(f.message) ? f.containers.find((c) => c.kind === 'main') : undefined);
  const image = /image \\?"([^"\\]+)\\?"/.exec(f.text)?.[1] ?? str(pull?.spec.image);
  const failedPulls = event(f, /^Failed$/, /Failed to pull image/);
  return { image, failed: !!pull || failedPulls.length > 0 || /Failed to pull image/.test(f.message) };
}

export const imagePull: Detector = (f) => {
  const out: Finding[] = [];
  const { image, failed } = pulled(f);
  if (failed) {
    if (NOT_FOUND.test(f.text) && !DENIED.test(f.text)) {
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      out.push({
        id: 'image-not-found',
        score: 94,
        cause: text.notFoundCause(image, tag),
        fix: text.notFoundFix(image, tag),
        evidence: [...argoEvidence(f), ...event(f, /Failed|BackOff|Pulling/).map(eventLine)],
      });
    }
    out.push({ id: 'image-pull-backoff', score: 30, evidence: event(f, /BackOff/).map(eventLine) });
  }
  const secretEv = event(f, /FailedToRetrieveImagePullSecret/);
  if (secretEv.length || UNAUTHORISED.test(f.text)) {
    const secrets = /image pull secrets \(([^)]+)\)/.exec(secretEv[0]?.message ?? '')?.[1];
    const ns = f.namespace || text.anyNamespace;
    out.push({
      id: 'image-pull-auth-failed',
      score: 96,
      cause: text.authCause(image, secrets, ns),
      fix: text.authFix(secrets, ns),
      evidence: [...secretEv, ...event(f, /^Failed$/)].map(eventLine),
    });
  }
  if (/InvalidImageName|invalid reference format/.test(f.text))
    out.push({ id: 'invalid-image-name', score: 93, evidence: [f.message].filter(Boolean) });
  if (/ErrImageNeverPull|is not present with pull policy of Never/.test(f.text))
    out.push({ id: 'image-never-pull', score: 93, evidence: [f.message].filter(Boolean) });
  return out;
};
