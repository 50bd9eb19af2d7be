/**
 * Why the linter and Argo's validator still disagree on some mutated manifests (differential.test.ts). Every
 * disagreement must match one of these reasons, or the test fails: a new kind of disagreement gets a reason here and
 * in docs/rules/lint-differential.md, or a fix. Keep both lists the same.
 */
import type { OracleVerdict } from '../support/oracle';

export interface Disagreement {
  /** What the mutation did (Mutant.what) and its operator. */
  what: string;
  operator: string;
  verdicts: OracleVerdict[];
  /** Our error messages and rule ids, for matching. */
  ours: { ruleId: string; message: string }[];
}

export interface KnownReason {
  id: string;
  reason: string;
  matches(d: Disagreement): boolean;
}

const argoErrors = (d: Disagreement) => d.verdicts.map((v) => v.error ?? '').join('\n');
const argoAccepts = (d: Disagreement) => d.verdicts.every((v) => v.ok);

export const KNOWN_REASONS: KnownReason[] = [
  {
    id: 'case-insensitive-in-steps',
    reason:
      "Inside a step, Argo decodes with Go's encoding/json, which matches field names regardless of case ('Value' is " +
      "read as 'value'); we read fields as written, and warn that the misspelt one is unknown.",
    matches: (d) => {
      const m = /renamed (\S+) to (\S+)/.exec(d.what);
      const from = m?.[1]?.split('.').pop();
      return !!m && argoAccepts(d) && from !== undefined && from !== m[2] && from.toLowerCase() === m[2]!.toLowerCase();
    },
  },
  {
    id: 'int32-overflow',
    reason:
      "Argo's JSON schema does not say which integer fields are 32-bit; a number above 2,147,483,647 there fails Go's " +
      'decoding. We check the range of int-or-string fields only.',
    matches: (d) => /of type int32/.test(argoErrors(d)),
  },
  {
    id: 'workflow-labels',
    reason:
      'Argo resolves {{workflow.labels.X}} only from labels written in the manifest; we accept any label, because ' +
      "the controller's workflow defaults can add labels that lint cannot see.",
    matches: (d) => /failed to resolve \{\{workflow\.labels\./.test(argoErrors(d)),
  },
  {
    id: 'placeholder-step-name',
    reason:
      'Argo puts a placeholder for a global variable into a step name and then finds the name invalid: a quirk of ' +
      "its validator (upstream's own valid case 047 fails argo lint --offline the same way).",
    matches: (d) => /__argo__internal__placeholder-\d+' is invalid/.test(argoErrors(d)),
  },
  {
    id: 'workflow-template-ref-parameters',
    reason:
      'With a workflowTemplateRef, Argo checks {{workflow.parameters.X}} in the referenced templates against the ' +
      "Workflow's arguments; we check workflow parameters in a file's own templates only.",
    matches: (d) =>
      /failed to resolve \{\{workflow\.parameters\./.test(argoErrors(d)) &&
      /workflowTemplateRef|spec\.arguments/.test(d.what),
  },
  {
    id: 'global-outputs',
    reason:
      'We accept any {{workflow.outputs.parameters|artifacts.X}}: Argo tracks which globalName a template sets; we do ' +
      'not follow it.',
    matches: (d) => /failed to resolve \{\{workflow\.outputs\./.test(argoErrors(d)),
  },
  {
    id: 'item-fields',
    reason: 'We do not check the field of {{item.field}} against the maps a withItems loop lists.',
    matches: (d) => /failed to resolve \{\{item\./.test(argoErrors(d)),
  },
  {
    id: 'input-artifact-locations',
    reason:
      "Argo's validator lets unknown variables pass in the location of an input artifact (s3.key, ...; observed with " +
      'the oracle on a WorkflowTemplate); we check them like any other field.',
    matches: (d) =>
      argoAccepts(d) &&
      /inputs\.artifacts\.\d+\.\w+\.\w+/.test(d.what) &&
      d.ours.some((e) => e.ruleId === 'unresolved-variable'),
  },
];

export function knownReason(d: Disagreement): KnownReason | undefined {
  return KNOWN_REASONS.find((r) => r.matches(d));
}
