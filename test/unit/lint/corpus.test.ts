import assert from 'node:assert/strict';
import { lintInvalid, lintValid } from './corpus';

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

  it('reports an error on at least 95% of the manifests Argo rejects', () => {
    const results = lintInvalid();
    const caught = [...results].filter(([, errors]) => errors.length > 0).length;
    const missed = [...results].filter(([, errors]) => errors.length === 0).map(([f]) => f);
    console.log(`      invalid corpus: ${caught}/${results.size} caught; missed: ${missed.join(', ')}`);
    assert.ok(caught / results.size >= 0.95, `only ${caught}/${results.size}; missed ${missed.join(', ')}`);
  });
});
