/**
 * Our side of the parity table (docs/rules/argo-parity.md) without Go: every case's manifest gets an error from the
 * case's rule. test/oracle/parity.test.ts checks Argo's side too. Also: the committed doc is the generated one.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { rules } from '../../../src/core/lint/registry';
import { NEAR_MISSES, NOT_COVERED, PARITY, UNREACHABLE } from '../../oracle/parity/cases';
import { renderParityDoc } from '../../oracle/parity/doc';
import { ourErrors } from '../../oracle/parity/ours';
import { REPO_ROOT } from '../../support/paths';

const cases = PARITY.flatMap((a) => a.cases);

describe('parity with argo lint --offline: our side', () => {
  for (const { area, cases: list } of PARITY) {
    describe(area, () => {
      for (const c of list) {
        it(`${c.id}: ${c.rule} reports an error`, () => {
          const ours = ourErrors(c.manifest);
          assert.ok(
            ours.some((f) => f.ruleId === c.rule),
            `no error from ${c.rule}; ours: ${JSON.stringify(ours.map((f) => `${f.ruleId}: ${f.message}`))}`,
          );
        });
      }
    });
  }

  describe('near misses (Argo accepts them)', () => {
    for (const c of NEAR_MISSES) {
      it(`${c.id}: ${c.rule} stays silent`, () => {
        assert.deepEqual(
          ourErrors(c.manifest)
            .filter((f) => f.ruleId === c.rule)
            .map((f) => f.message),
          [],
        );
      });
    }
  });

  it('cases have unique ids, known rules and a stable error text', () => {
    const ids = [...cases, ...NOT_COVERED, ...NEAR_MISSES].map((c) => c.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    for (const c of cases) {
      // A rule of the registry, or a file-level id with its docs page (yaml-syntax).
      assert.ok(
        rules.some((r) => r.id === c.rule) || existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${c.rule}.md`)),
        `${c.id}: unknown rule ${c.rule}`,
      );
      assert.ok(c.error.length >= 8, `${c.id}: error substring too short to be meaningful`);
    }
    for (const u of UNREACHABLE) assert.ok(u.reason.length > 10, `${u.argo}: give the reason`);
  });

  it('docs/rules/argo-parity.md is the generated text (node --import tsx scripts/gen-parity-doc.ts)', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'argo-parity.md'), 'utf8');
    assert.equal(committed, renderParityDoc());
  });
});
