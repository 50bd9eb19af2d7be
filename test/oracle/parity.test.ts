/**
 * The parity table (issue #15, docs/rules/argo-parity.md): for every case of test/oracle/parity/cases.ts, Argo's own
 * validator rejects the manifest with the case's error, and our linter reports an error from the case's rule. Each
 * case runs alone (one oracle process each: the cases' template names may collide).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NEAR_MISSES, NOT_COVERED, PARITY } from './parity/cases';
import { ourErrors } from './parity/ours';
import { requireOracle, runOracleGroups, type OracleVerdict } from '../support/oracle';

const cases = PARITY.flatMap((a) => a.cases);

describe("parity with Argo's validator (docs/rules/argo-parity.md)", function () {
  this.timeout(10 * 60 * 1000);
  const verdicts = new Map<string, OracleVerdict[]>();

  before(async function () {
    requireOracle(this);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-parity-'));
    try {
      const all = [...cases, ...NOT_COVERED, ...NEAR_MISSES];
      const files = all.map((c) => {
        const f = path.join(dir, `${c.id}.yaml`);
        writeFileSync(f, c.manifest);
        return f;
      });
      const out = await runOracleGroups(files.map((f) => [f]));
      all.forEach((c, i) => verdicts.set(c.id, out[i]!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const rejection = (id: string): string => {
    const vs = verdicts.get(id) ?? [];
    const rejected = vs.filter((v) => !v.ok);
    assert.equal(rejected.length, 1, `Argo should reject exactly one document, got ${JSON.stringify(vs)}`);
    return rejected[0]!.error ?? '';
  };

  for (const { area, cases: list } of PARITY) {
    describe(area, () => {
      for (const c of list) {
        it(c.id, () => {
          const error = rejection(c.id);
          assert.ok(error.includes(c.error), `Argo's error ${JSON.stringify(error)} lacks ${JSON.stringify(c.error)}`);
          const ours = ourErrors(c.manifest);
          assert.ok(
            ours.some((f) => f.ruleId === c.rule),
            `no error from ${c.rule}; ours: ${JSON.stringify(ours.map((f) => `${f.ruleId}: ${f.message}`))}`,
          );
        });
      }
    });
  }

  describe('near misses: Argo accepts them, and the rule stays silent', () => {
    for (const c of NEAR_MISSES) {
      it(`${c.id} (${c.rule})`, () => {
        const vs = verdicts.get(c.id) ?? [];
        assert.ok(vs.length > 0 && vs.every((v) => v.ok), `Argo should accept it: ${JSON.stringify(vs)}`);
        const ours = ourErrors(c.manifest).filter((f) => f.ruleId === c.rule);
        assert.deepEqual(
          ours.map((f) => f.message),
          [],
        );
      });
    }
  });

  describe('not covered yet (Argo rejects them)', () => {
    for (const c of NOT_COVERED) {
      it(c.id, () => {
        const error = rejection(c.id);
        assert.ok(error.includes(c.error), `Argo's error ${JSON.stringify(error)} lacks ${JSON.stringify(c.error)}`);
      });
    }
  });
});
