// RBAC: Argo's executor, running as the workflow's service account, may not do its job (patch its pod, report
// task results).
import { join, mainSucceeded, unescapeQuotes, type Detector, type Finding } from './common';
import { logEvidence, messageLine, NOT_YOURS } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  podsCause: (verb: string, account: string, codeOk: boolean) =>
    `Argo's executor was refused permission to ${verb} its own pod: the workflow runs as service account ` +
    `${account}, which is not bound to the Argo executor role. ` +
    `${codeOk ? 'Your code itself finished fine; this' : 'This'} is not your code.`,
  podsFix: (verb: string, account: string, namespace: string) =>
    'Set `spec.serviceAccountName` to a service account with the executor permissions ' +
    `(ask your platform team which one), or bind the executor Role to ${account}. ` +
    `Check with \`kubectl auth can-i ${verb} pods --as=${account} -n ${namespace}\`.`,
  resultsCause: (account: string) =>
    "Argo's executor was refused permission to report results (workflowtaskresults): " +
    `service account ${account} lacks it. ${NOT_YOURS}`,
  resultsFix: (account: string) =>
    `Bind a Role allowing \`workflowtaskresults\` create and patch to ${account} ` +
    '(or set `spec.serviceAccountName` to an account that has it).',
};

// ---- detection ------------------------------------------------------------------------------------------------
/** `User "system:serviceaccount:NS:NAME"`, quotes escaped or not: groups (account, namespace, name). */
const USER = /User \\?"(system:serviceaccount:([^:"\\]+):([^"\\]+))\\?"/;
/** Groups: pod, account, namespace, name, verb. */
const PODS = join([/pods? \\?"(\S+?)\\?" is forbidden: /, USER, / cannot (\w+) resource \\?"pods\\?"/]);
/** Groups: account, namespace, name. */
const RESULTS = join([/workflowtaskresults\.argoproj\.io (?:\\?"\S+\\?" )?is forbidden: /, USER]);

export const rbac: Detector = (f) => {
  const out: Finding[] = [];
  const pods = PODS.exec(f.text);
  if (pods)
    out.push({
      id: 'executor-rbac-pods-patch',
      score: 97,
      cause: text.podsCause(pods[5]!, pods[2]!, mainSucceeded(f)),
      fix: text.podsFix(pods[5]!, pods[2]!, pods[3]!),
      evidence: [messageLine(unescapeQuotes(pods[0])), ...logEvidence(f, 2)],
    });
  const results = RESULTS.exec(f.text);
  if (results)
    out.push({
      id: 'executor-rbac-taskresults',
      score: 97,
      cause: text.resultsCause(results[1]!),
      fix: text.resultsFix(results[1]!),
      evidence: [messageLine(unescapeQuotes(results[0]))],
    });
  return out;
};
