// Missing configuration: a Secret or ConfigMap the step's environment refers to does not exist, so Kubernetes cannot
// create its container (CreateContainerConfigError).
import { arr, rec, str } from '../../model/json';
import type { Facts } from '../bundle';
import { anyOf, event, type Detector } from './common';
import { argoEvidence, eventLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  cause: (kind: string, name: string, namespace: string, users: string[]) =>
    `The step needs the ${kind} ${name}, which was not found in namespace ${namespace}, ` +
    `so Kubernetes cannot create its container${users.length ? ` (it provides ${users.join(', ')})` : ''}. ` +
    'The step waits until it exists.',
  fix: (kind: string, name: string, namespace: string, users: string[]) =>
    `Create the ${kind} ${name} in namespace ${namespace}` +
    `${users.length ? ` with the keys the step reads (${users.join(', ')})` : ''}, ` +
    'or fix the name in the template; mark it `optional: true` if it may be absent.',
  /** An envFrom that takes every key of the object. */
  allOf: (name: string) => `all of ${name}`,
  anyNamespace: 'its namespace',
};

// ---- detection ------------------------------------------------------------------------------------------------
/** Groups: kind, name (`secret "x" not found`); or key, kind, namespace/name (`couldn't find key`). */
const MISSING = anyOf([
  /(secret|configmap|configMap) \\?"([^"\\]+)\\?" not found/,
  /couldn't find key (\S+) in (Secret|ConfigMap) (\S+)/,
]);

/** The environment variables (or whole envFroms) of the step's containers that come from the object. */
function usersOf(f: Facts, name: string): string[] {
  return f.containers.flatMap((c) => [
    ...arr(c.spec.env)
      .map(rec)
      .filter((e) =>
        [str(rec(rec(e.valueFrom).secretKeyRef).name), str(rec(rec(e.valueFrom).configMapKeyRef).name)].includes(name),
      )
      .map((e) => str(e.name)),
    ...arr(c.spec.envFrom)
      .map(rec)
      .filter((e) => [str(rec(e.secretRef).name), str(rec(e.configMapRef).name)].includes(name))
      .map(() => text.allOf(name)),
  ]);
}

export const missingConfig: Detector = (f) => {
  const waiting = f.containers.filter((c) => c.state === 'waiting');
  const missing = MISSING.exec(
    [f.message, ...waiting.map((c) => c.message), ...event(f, /^Failed$/).map((e) => e.message)].join('\n'),
  );
  if (
    !missing ||
    !(/CreateContainerConfigError/.test(f.text) || waiting.some((c) => c.reason === 'CreateContainerConfigError'))
  )
    return [];
  const kind = (missing[1] ?? missing[4] ?? 'secret').toLowerCase();
  const name = missing[2] ?? missing[5]!.split('/').pop()!;
  const ns = f.namespace || str(missing[5]?.split('/')[0]) || text.anyNamespace;
  const users = usersOf(f, name);
  return [
    {
      id: 'missing-secret-or-configmap',
      score: 95,
      cause: text.cause(kind, name, ns, users),
      fix: text.fix(kind, name, ns, users),
      evidence: [...argoEvidence(f), ...event(f, /^Failed$/).map(eventLine)],
    },
  ];
};
