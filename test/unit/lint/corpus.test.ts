import assert from 'node:assert/strict';
import { invalidExpectation, lintInvalid, lintValid } from './corpus';

/**
 * Our rule id for each defect label of ../shared/corpus/argo-invalid (`rule:` in its `.expect.txt`; the labels are the
 * corpus's own, not Argo's or ours).
 */
const RULE_FOR_LABEL: Record<string, string> = {
  'duplicate-name': 'invalid-name',
  'missing-name': 'invalid-name',
  'invalid-identifier-name': 'invalid-name',
  'unresolved-variable': 'unresolved-variable',
  'output-parameter-valueFrom': 'output-value-from',
  'mount-path-collision': 'volume-mount-collision',
  'parallelism-on-leaf-template': 'parallelism-on-leaf',
  'artifact-argument-no-source': 'argument-source',
  'argument-valueFrom-not-allowed': 'argument-source',
  'withSequence-count-and-end': 'loop-exclusive',
  'template-ref-not-found': 'template-ref',
  // The defect is in the WorkflowTemplate the Workflow runs; the Workflow's templateRef is what we flag.
  'template-type-unspecified (in referenced WorkflowTemplate)': 'template-ref',
  'invalid-resource-template': 'resource-template',
  'invalid-podGC': 'pod-gc',
  'invalid-metric': 'invalid-metric',
  'templates-with-workflowTemplateRef': 'workflow-template-ref-with-templates',
  'missing-image': 'missing-image',
  'parameter-enum': 'parameter-enum',
  'containerSet-structure': 'container-set',
  'reserved-container-name': 'reserved-container-name',
  'podResources-resourceClaims-placement': 'pod-resources',
  'dag-cycle': 'dag-cycle',
  'undefined-template': 'undefined-template',
  'dag-target-undefined': 'dag-targets',
  'dag-depends-conflict': 'dag-dependencies',
  'dag-task-name-leading-digit': 'dag-dependencies',
  'cron-schedule-malformed': 'cron-schedule',
  'cron-no-schedule': 'cron-schedule',
  'hook-expression-required': 'hook-expression',
  'invalid-executorPlugins': 'executor-plugins',
  'unknown-field-strict': 'unknown-field',
  'crd-schema-type-mismatch': 'unknown-field',
};

/**
 * Argo's message decides where one corpus label covers several of our rules: a parameter without a value is
 * argument-value-missing in spec.arguments, and input-not-supplied for step/task arguments and template inputs.
 */
const RULE_FOR_MESSAGE: [RegExp, string][] = [
  [/^spec\.arguments\.\S+\.value or /, 'argument-value-missing'],
  [/not supplied|\.valueFrom is required/, 'input-not-supplied'],
];

/** Error findings of other rules that a case rightly has besides the expected one, and why. */
const ALSO_EXPECTED: Record<string, string[]> = {
  // gauge.value: 1 is a number where Argo's Gauge.value is a string: argo lint's strict decoding rejects it first
  // (Argo v4.0.5's own first error; upstream's test decodes leniently).
  '039-invalid-metric-name.yaml': ['unknown-field'],
  '041-invalid-metric-help.yaml': ['unknown-field'],
  // The entrypoint's input 'message' has no value and spec.arguments does not supply it.
  '011-invalid-arg-param-names.yaml': ['input-not-supplied'],
  // The entrypoint's input artifact 'message' has no location and nothing supplies it: Argo v4.0.5's own first error.
  '054-invalid-container-set-template-with-input-artifacts.yaml': ['input-not-supplied'],
  // metadata.name 'wf-with-unsupplied-param-' ends with '-': Kubernetes rejects it (upstream's test builds the object in Go).
  '088-controller-unsupplied-arg-value.yaml': ['metadata-name'],
  // 'entrypoInt' / 'entrypoint: [..]': with no usable entrypoint, entrypoint is missing too.
  '096-offline-lint-workflow-with-case-sensitive-fields-and-strict-.yaml': ['entrypoint'],
  '108-e2e-lintfail-malformed-spec.yaml': ['entrypoint'],
};

/**
 * Known mismatches: Argo rejects these, and we do not report the expected rule. Each is pinned (the test fails when
 * it starts to pass, so that it can move out of this list).
 */
const KNOWN_MISMATCHES: Record<string, string> = {
  // {{workflow.labels.default-label}} in the referenced WorkflowTemplate: resolving it needs the labels the
  // Workflow will have at run time (its own, the template's workflowMetadata and the controller's workflowDefaults).
  '093-workflow-sub-test-1-workflow-template-sub-test-1.yaml': 'workflow.labels of a referenced WorkflowTemplate',
  '094-workflow-sub-test-4-workflow-template-sub-test-2.yaml': 'workflow.labels of a referenced WorkflowTemplate',
};

/**
 * Cases where our message for the expected rule says it differently from Argo's text: what ours must match instead.
 * Argo's text is checked as given everywhere else (after its controller prefix "invalid spec: ").
 */
const REWORDED: Record<string, RegExp> = {
  '046-invalid-wf-no-image-script.yaml': /^templates\.whalesay\.script\.image must be specified/,
  '053-sidecar-wait.yaml': /container name 'wait' is reserved for Argo/,
  '068-dag-undefined-template.yaml': /template 'echo', which is not defined/,
  '074-dag-nonexistant-target.yaml': /dag\.target: task 'DOESNTEXIST' is not defined/,
  '078-dag-depends-digit.yaml': /^templates\.diamond\.tasks\.5A: task names cannot start with a digit/,
  '079-dag-dependencies-digit.yaml': /^templates\.diamond\.tasks\.5A: task names cannot start with a digit/,
  '083-cron-spec-error.yaml': /^cron schedule '10 \* \* 12737123 \*' is malformed: .*12737123/,
  '084-cron-spec-err-with-empty-schedules.yaml': /needs spec\.schedule or spec\.schedules/,
  '098-e2e-lint-expectedfailures-empty-parameter-steps.yaml':
    /^templates\.abc\.steps\.a: templates\.whalesay inputs\.parameters\.message was not supplied/,
  '099-e2e-lint-expectedfailures-misreference-template-name.yaml': /Step 'hello2' references template 'hell0'/,
  '101-e2e-lint-workflow-templates-invalid-workflowtemplate.yaml':
    /unknown field "WorkflowTemplate\.spec\.entrypoints"/,
  '103-e2e-kubectl-malformed-workflowtemplate.yaml': /\.spec\.arguments\.parameters: expected a list/,
  '104-e2e-kubectl-malformed-clusterworkflowtemplate.yaml': /\.spec\.arguments\.parameters: expected a list/,
};

/**
 * Cases Argo rejects only at submit or in the controller, while `argo lint` accepts them (validate.go:
 * `allowEmptyValues := ctx.Lint || …`): we say so as information.
 */
const SUBMIT_TIME: Record<string, string> = {
  '009-unsupplied-arg-value.yaml': 'a workflow argument is supplied at submit with -p',
  '088-controller-unsupplied-arg-value.yaml': 'a workflow argument is supplied at submit with -p',
};

/** Argo's message texts for a case, without the controller's "invalid spec: " prefix. */
function argoTexts(file: string): string[] {
  return invalidExpectation(file)
    .expected.map((t) => t.replace(/^invalid spec(: |$)/, ''))
    .filter((t) => t !== '');
}

/** Our rule id for a case: by Argo's message where RULE_FOR_MESSAGE knows it, else by the corpus label. */
function expectedRule(file: string): string | undefined {
  for (const [re, rule] of RULE_FOR_MESSAGE) if (argoTexts(file).some((t) => re.test(t))) return rule;
  return RULE_FOR_LABEL[invalidExpectation(file).label];
}

describe('lint over the Argo corpus', function () {
  this.timeout(60000);

  it('finds no error in any Argo example or valid manifest', () => {
    const results = lintValid();
    const bad = [...results].filter(([, errors]) => errors.length > 0);
    const detail = bad.map(([f, e]) => `${f}: [${e[0]!.ruleId}] ${e[0]!.message}`).join('\n');
    assert.equal(bad.length, 0, `error findings on valid manifests:\n${detail}`);
    assert.ok(results.size >= 250, `expected the whole corpus, linted ${results.size} files`);
    console.log(`      valid corpus: ${results.size} files, 0 with errors`);
  });

  describe('reports the right rule for each manifest Argo rejects', () => {
    const results = lintInvalid();

    it('has the whole invalid corpus', () => {
      assert.ok(results.size >= 65, `expected the whole invalid corpus, linted ${results.size} files`);
    });

    for (const [file, findings] of results) {
      const rule = expectedRule(file);
      const errors = findings.filter((f) => f.severity === 'error');

      if (file in SUBMIT_TIME) {
        it(`${file}: ${rule} as information (${SUBMIT_TIME[file]})`, () => {
          const also = new Set(ALSO_EXPECTED[file] ?? []);
          assert.deepEqual(
            errors.filter((e) => !also.has(e.ruleId)),
            [],
            'argo lint accepts it: no error',
          );
          assert.ok(
            findings.some((f) => f.ruleId === rule && f.severity === 'information'),
            `expected [${rule}] as information, got:\n${findings.map((f) => `[${f.ruleId}] ${f.message}`).join('\n')}`,
          );
        });
        continue;
      }
      const ids = [...new Set(errors.map((e) => e.ruleId))];
      const summary = errors.map((e) => `[${e.ruleId}] ${e.message}`).join('\n');

      if (file in KNOWN_MISMATCHES) {
        it(`${file}: known mismatch, ${rule} not reported (${KNOWN_MISMATCHES[file]})`, () => {
          assert.ok(rule && !ids.includes(rule), `${file} now reports ${rule}: remove it from KNOWN_MISMATCHES`);
        });
        continue;
      }

      it(`${file}: ${rule}`, () => {
        assert.ok(rule, `corpus label '${invalidExpectation(file).label}' has no rule id in RULE_FOR_LABEL`);
        assert.ok(ids.includes(rule), `expected [${rule}], got:\n${summary || '(no error)'}`);
        const allowed = new Set([rule, ...(ALSO_EXPECTED[file] ?? [])]);
        const stray = ids.filter((id) => !allowed.has(id));
        assert.deepEqual(stray, [], `errors of other rules than [${rule}]:\n${summary}`);
        for (const extra of ALSO_EXPECTED[file] ?? []) assert.ok(ids.includes(extra), `expected [${extra}] too`);

        const messages = errors.filter((e) => e.ruleId === rule).map((e) => e.message);
        const reworded = REWORDED[file];
        if (reworded) {
          assert.ok(
            messages.some((m) => reworded.test(m)),
            `no [${rule}] message matches ${reworded}:\n${messages.join('\n')}`,
          );
        } else {
          for (const text of argoTexts(file))
            assert.ok(
              messages.some((m) => m.includes(text)),
              `no [${rule}] message contains Argo's "${text}":\n${messages.join('\n')}`,
            );
        }
      });
    }
  });
});
