// A namespace's ResourceQuota: used up, or requiring requests/limits the step does not set.
import { anyOf, type Detector } from './common';
import { argoEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  usedUp: (quota: string, requested: string, used: string, limited: string) =>
    `The namespace's resource quota ${quota} is used up: ` +
    `the step requested ${requested} with ${used} already used of ${limited}.`,
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
  return [
    {
      id: 'resource-quota-exceeded',
      score: 93,
      cause: q[1] ? text.usedUp(q[1], q[2]!, q[3]!, q[4]!) : text.mustSpecify(q[5]!, q[6]!),
      evidence: argoEvidence(f),
    },
  ];
};
