import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FailureBundle } from '../../../src/core/diagnose/bundle';
import { diagnose, KNOWN_SIGNATURES } from '../../../src/core/diagnose/diagnose';
import { FAILURES } from '../../support/paths';

interface Case extends FailureBundle {
  id: string;
  expected: { rootCause: string; secondaryCauses?: string[]; mustMention: string[] };
}

const cases = readdirSync(path.join(FAILURES, 'cases'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(FAILURES, 'cases', f), 'utf8')) as Case);

describe('explain failure: the diagnosis cases', () => {
  it('knows every signature of the taxonomy', () => {
    const ids = (JSON.parse(readFileSync(path.join(FAILURES, 'signatures.json'), 'utf8')) as { id: string }[]).map(
      (s) => s.id,
    );
    assert.deepEqual(
      ids.filter((id) => !KNOWN_SIGNATURES.includes(id)),
      [],
    );
  });

  for (const c of cases) {
    // Cases of steps and workflows that wait rather than fail (w*.json; workflowNode null when no step exists yet)
    // are explained too, and say what they wait for in one line.
    const waiting = c.id.startsWith('w') || c.workflowNode === null;
    it(`${c.id}: ${c.expected.rootCause}`, () => {
      const d = diagnose(c);
      assert.equal(d.rootCause, c.expected.rootCause, `cause: ${d.cause}\nsecondary: ${d.secondaryCauses.join(', ')}`);
      // What the explanation shows: the cause, what to change, the evidence. A fix is a sentence of its own, so it
      // starts with a capital where a mention quotes it from mid-sentence ("... remove or relax the probe").
      const text = [d.cause, ...d.fixes, ...d.evidence].join('\n');
      const capital = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);
      const missing = c.expected.mustMention.filter((m) => !text.includes(m) && !text.includes(capital(m)));
      assert.deepEqual(
        missing,
        [],
        `not mentioned; cause was:\n${d.cause}\nfixes:\n${d.fixes.join('\n')}\nevidence:\n${d.evidence.join('\n')}`,
      );
      if (waiting) assert.match(d.waiting ?? '', /^waiting for /, 'a one-line summary of the wait');
      for (const s of c.expected.secondaryCauses ?? [])
        assert.ok(d.secondaryCauses.includes(s), `secondary ${s} missing: ${d.secondaryCauses.join(', ')}`);
    });
  }
});
