// A namespace's ResourceQuota: used up, or requiring requests/limits the step does not set.
import { rec, str, type Obj } from '../../model/json';
import { isKind, nameOf, namespaceOf } from '../waitingFacts';
import { anyOf, type Detector } from './common';
import { argoEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  usedUp: (quota: string, requested: string, used: string, limited: string) =>
    `The namespace's resource quota ${quota} is used up: ` +
    `the step requested ${requested} with ${used} already used of ${limited}.`,
  quotaLine: (q: Obj) => {
    const hard = rec(rec(q.status).hard ?? rec(q.spec).hard);
    const used = rec(rec(q.status).used);
    const parts = Object.keys(hard).map((k) => `${k} ${str(used[k]) || '0'} used of ${str(hard[k])}`);
    return `ResourceQuota ${namespaceOf(q)}/${nameOf(q)}: ${parts.join(', ')}`;
  },
  limitRangeLine: (l: Obj) => `LimitRange ${namespaceOf(l)}/${nameOf(l)}: ${JSON.stringify(rec(l.spec).limits ?? [])}`,
  mustSpecify: (quota: string, what: string) =>
    `The namespace's quota ${quota} requires ${what} to be set on the step.`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const QUOTA = anyOf([
  /exceeded quota: (\S+?),? requested: (.*?), used: (.*?), limited: ([^\n]*)/,
  /failed quota: (\S+): must specify ([^\n]*)/,
]);

export const quota: Detector = (f) => {
  const q = QUOTA.exec(f.text);
  if (!q) return [];
  const name = q[1] ?? q[5];
  const quotas = f.related.filter((o) => isKind(o, 'ResourceQuota'));
  const named = quotas.filter((o) => nameOf(o) === name);
  return [
    {
      id: 'resource-quota-exceeded',
      score: 93,
      cause: q[1] ? text.usedUp(q[1], q[2]!, q[3]!, q[4]!) : text.mustSpecify(q[5]!, q[6]!),
      evidence: [
        ...argoEvidence(f),
        ...(named.length ? named : quotas).map(text.quotaLine),
        ...f.related.filter((o) => isKind(o, 'LimitRange')).map(text.limitRangeLine),
      ],
    },
  ];
};
