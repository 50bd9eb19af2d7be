import assert from 'node:assert/strict';
import { inChartTemplates, looksLikeHelm } from '../../../src/core/lint/helm';
import { lintText } from '../../../src/core/lint/lint';

const wf = (body: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: gen-\nspec:\n  entrypoint: main\n${body}`;

describe('Helm templates versus Go templates in values', () => {
  it('takes directives where YAML structure is for Helm', () => {
    assert.ok(looksLikeHelm(`{{- if .Values.enabled }}\n${wf('')}\n{{- end }}\n`));
    assert.ok(looksLikeHelm(wf('  serviceAccountName: {{ .Values.sa }}\n')));
    assert.ok(looksLikeHelm(wf('  templates:\n    - {{ include "steps" . }}\n')));
    assert.ok(looksLikeHelm(wf('  {{- with .Values.podGC }}\n  podGC: {{ toYaml . }}\n  {{- end }}\n')));
  });

  it('takes Go templates inside strings, block scalars and comments for values', () => {
    const script = [
      '  templates:',
      '    - name: main',
      '      script:',
      '        image: alpine:3.20',
      '        command: [sh]',
      '        source: |',
      '          {{- range $i, $f := .files }}',
      '          echo {{ $f }}',
      '          {{- end }}',
      '',
    ].join('\n');
    assert.equal(looksLikeHelm(wf(script)), false, 'a Go template in a script');
    assert.equal(
      looksLikeHelm(wf('  arguments:\n    parameters:\n      - name: x\n        value: "{{ .Values.x }}"\n')),
      false,
    );
    assert.equal(looksLikeHelm(wf("  arguments:\n    parameters:\n      - name: x\n        value: '{{$}}'\n")), false);
    assert.equal(looksLikeHelm(wf('  # helm: {{ .Values.x }}\n')), false);
    assert.equal(
      looksLikeHelm(
        wf('  arguments:\n    parameters:\n      - name: x\n        value: "{{=sprig.trim(inputs.parameters.y)}}"\n'),
      ),
      false,
    );
  });

  it('takes any file in a chart’s templates/ folder for Helm', () => {
    const charts = new Set(['/repo/charts/pipelines']);
    const has = (d: string) => charts.has(d);
    assert.ok(inChartTemplates('/repo/charts/pipelines/templates/wf.yaml', has));
    assert.ok(inChartTemplates('/repo/charts/pipelines/templates/sub/wf.yaml', has));
    assert.equal(inChartTemplates('/repo/other/templates/wf.yaml', has), false, 'templates/ of no chart');
    assert.equal(inChartTemplates('/repo/charts/pipelines/values.yaml', has), false, 'not in templates/');
    assert.ok(looksLikeHelm(wf(''), { inChartTemplates: true }));
  });

  it('lints a workflow with Go templates in its script instead of skipping it', () => {
    const text = wf(
      [
        '  templates:',
        '    - name: main',
        '      script:',
        '        image: alpine:latest',
        '        command: [sh]',
        '        source: |',
        '          {{- range .items }}echo {{ . }}{{ end }}',
        '',
      ].join('\n'),
    );
    const ids = lintText(text).map((f) => f.ruleId);
    assert.ok(!ids.includes('helm-template'), ids.join(', '));
    assert.ok(ids.includes('image-latest-tag'), 'the rules ran');
  });
});
