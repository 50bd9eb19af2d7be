import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintText } from '../../../src/core/lint/lint';
import { FUZZ, mutatedSample, mutationSamples } from './mutations';

describe('lint robustness', function () {
  this.timeout(120000);
  const samples = mutationSamples();

  // How long these take is measured in bench/lint.bench.ts (against a floor timed in the same run), not here.
  it('never throws nor crashes a rule on mutated corpus files, and keeps ranges inside the text (fuzz)', () => {
    fc.assert(
      fc.property(mutatedSample(samples), (text) => {
        const findings = lintText(text);
        const lines = text.split('\n').length;
        for (const f of findings) {
          assert.notEqual(f.ruleId, 'internal-error', f.message);
          assert.ok(f.message.length > 0 && f.docUrl === `docs/rules/${f.ruleId}.md`, JSON.stringify(f));
          const { start, end } = f.range;
          assert.ok(start.line >= 0 && start.character >= 0 && end.line < lines, JSON.stringify(f));
          assert.ok(end.line > start.line || (end.line === start.line && end.character >= start.character));
        }
      }),
      FUZZ,
    );
  });

  it('answers an alias bomb with a clear finding instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\n${lines.join('\n')}\nspec:\n  entrypoint: main\n  templates: []\n`;
    const findings = lintText(text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['yaml-alias-limit', 'error']],
    );
    assert.match(findings[0]!.message, /aliases expand to more than 200,000 nodes \(an "alias bomb"\)/);
    // Reported on the document's first line, where it starts.
    assert.equal(findings[0]!.range.start.line, 0);
  });

  it('answers a 10 MB file with a clear finding, not a hang', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n' + '# padding\n'.repeat(1_100_000);
    const findings = lintText(text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['file-too-large', 'warning']],
    );
    assert.match(findings[0]!.message, /^This file is 10\.5 MB, too large to lint \(limit 5 MB\)/);
    // The limit is an option: a 200 KB slice is refused under a 100 KB limit and linted under the default one.
    const small = text.slice(0, 200_000);
    assert.deepEqual(
      lintText(small, { maxBytes: 100_000 }).map((f) => f.ruleId),
      ['file-too-large'],
    );
    assert.ok(!lintText(small).some((f) => f.ruleId === 'file-too-large'));
  });

  it('does not lint Helm templates as YAML, and says why', () => {
    const text =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n';
    const findings = lintText(text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['helm-template', 'information']],
    );
  });

  it('handles hostile and odd input without throwing or crashing a rule', () => {
    for (const text of [
      '',
      '---\n---\n',
      '\u0000\u0001',
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: 5\n',
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates: {a: 1}\n  entrypoint: [x]\n',
      '[1,2',
      '"<script>alert(1)</script>": x',
    ]) {
      const findings = lintText(text);
      assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
    }
  });
});
