// A namespace's ResourceQuota refused the step's pod: used up for now (it starts when room frees), asking more than
// the quota allows in all (it never starts), or requiring requests/limits some containers do not set (Argo's own
// init and wait containers among them, as often). The quota objects, when read, show what is used of what.
import { rec, str, type Obj } from '../../model/json';
import { parseQuantity } from '../../model/stepDetails';
import { isKind, nameOf, namespaceOf } from '../waitingFacts';
import { anyOf, type Detector, type Finding } from './common';
import { argoEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  usedUp: (quota: string, requested: string, used: string, limited: string) =>
    `The namespace's resource quota ${quota} is used up for now: the step's pod asks ${requested}, ` +
    `${used} is already used of ${limited}. Argo keeps trying to create the pod; it starts when other pods in the ` +
    'namespace finish and free room.',
  usedUpFix: (quota: string, ns: string) =>
    "Wait for other steps and workflows in the namespace to finish, lower `parallelism` or the step's requests, " +
    `or ask for a bigger quota (\`kubectl -n ${ns} describe resourcequota ${quota}\` shows what is used).`,
  tooBig: (quota: string, over: string[]) =>
    `The step's pod asks more than the namespace's resource quota ${quota} allows in all (${over.join('; ')}): ` +
    'it can never start here, and waiting will not help. Argo keeps trying to create the pod. The request counts ' +
    "every container of the pod, Argo's own init and wait containers too.",
  tooBigFix: (quota: string, ns: string) =>
    "Lower the step's `resources.requests` below what the quota allows, or ask the namespace's admins to raise " +
    `quota ${quota} (\`kubectl -n ${ns} describe resourcequota ${quota}\`).`,
  mustSpecify: (quota: string, what: string, argoOwn: boolean) =>
    `The namespace's quota ${quota} counts ${what.split(' for: ')[0]}, so every container must set it, and these ` +
    `do not: ${what.split(' for: ')[1] ?? what}.` +
    (argoOwn ? " init and wait are Argo's own containers, which run beside yours and set no requests by default." : ''),
  mustSpecifyFix: (what: string, argoOwn: boolean) =>
    (argoOwn
      ? "Give Argo's containers requests: `executor.resources` in the workflow-controller-configmap (or a " +
        'LimitRange with `defaultRequest` in the namespace, which fills in what containers leave out). '
      : '') + `Set \`resources\` (${what.split(' for: ')[0]}) on the step's containers.`,
  tooBigSummary: (quota: string) => `never fits: asks more than quota ${quota} allows`,
  over: (resource: string, asked: string, limit: string) => `${resource}: asks ${asked}, the quota allows ${limit}`,
  quotaLine: (q: Obj) => {
    const hard = rec(rec(q.status).hard ?? rec(q.spec).hard);
    const used = rec(rec(q.status).used);
    const parts = Object.keys(hard).map((k) => `${k} ${str(used[k]) || '0'} used of ${str(hard[k])}`);
    return `ResourceQuota ${namespaceOf(q)}/${nameOf(q)}: ${parts.join(', ')}`;
  },
  limitRangeLine: (l: Obj) => `LimitRange ${namespaceOf(l)}/${nameOf(l)}: ${JSON.stringify(rec(l.spec).limits ?? [])}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const QUOTA = anyOf([
  /exceeded quota: (\S+?),? requested: (.*?), used: (.*?), limited: ([^\n]*)/,
  /failed quota: (\S+): must specify ([^\n]*)/,
]);

/** "requests.cpu=4050m,requests.memory=8Gi" → resource → quantity text. */
function amounts(list: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of list.split(',')) {
    const [k, v] = part.split('=');
    if (k && v) out.set(k.trim(), v.trim());
  }
  return out;
}

/** The resources the pod asks more of than the quota allows at all (its hard limit). */
function overTheLimit(requested: string, limited: string): string[] {
  const asked = amounts(requested);
  return [...amounts(limited)].flatMap(([resource, limit]) => {
    const a = asked.get(resource);
    const [x, y] = [parseQuantity(a ?? ''), parseQuantity(limit)];
    return a && x !== undefined && y !== undefined && x > y ? [text.over(resource, a, limit)] : [];
  });
}

export const quota: Detector = (f) => {
  const q = QUOTA.exec(f.text);
  if (!q) return [];
  const ns = f.workflowNamespace || 'NAMESPACE';
  const name = q[1] ?? q[5];
  const quotas = f.related.filter((o) => isKind(o, 'ResourceQuota'));
  const named = quotas.filter((o) => nameOf(o) === name);
  const evidence = [
    ...argoEvidence(f),
    ...(named.length ? named : quotas).map(text.quotaLine),
    ...f.related.filter((o) => isKind(o, 'LimitRange')).map(text.limitRangeLine),
  ];
  const finding = (cause: string, fix: string, summary?: string): Finding[] => [
    {
      id: 'resource-quota-exceeded',
      score: 93,
      cause,
      fix,
      evidence,
      ...(summary ? { summary } : {}),
    },
  ];
  if (!q[1]) {
    const argoOwn = /\b(init|wait)\b/.test(q[6]!.split(' for: ')[1] ?? '');
    return finding(text.mustSpecify(q[5]!, q[6]!, argoOwn), text.mustSpecifyFix(q[6]!, argoOwn));
  }
  const over = overTheLimit(q[2]!, q[4]!);
  return over.length
    ? finding(text.tooBig(q[1], over), text.tooBigFix(q[1], ns), text.tooBigSummary(q[1]))
    : finding(text.usedUp(q[1], q[2]!, q[3]!, q[4]!), text.usedUpFix(q[1], ns));
};
