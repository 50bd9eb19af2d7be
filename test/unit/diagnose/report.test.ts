import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EvidenceBundle } from '../../../src/core/diagnose/bundle';
import { diagnose, type Diagnosis } from '../../../src/core/diagnose/diagnose';
import { reportMarkdown, reportText } from '../../../src/core/diagnose/report';
import { isToWebview, type Explanation } from '../../../src/shared/protocol';
import { FAILURES } from '../../support/paths';

const bundles = readdirSync(path.join(FAILURES, 'cases'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(path.join(FAILURES, 'cases', f), 'utf8')) as EvidenceBundle] as const);

/** Whether `text` contains the fix, at the start of a sentence or in its middle. */
const mentions = (text: string, fix: string) =>
  text.includes(fix) || text.includes(fix.charAt(0).toLowerCase() + fix.slice(1));

describe('explain failure: cause and fixes are separate parts', () => {
  const unknown = diagnose({ workflowNode: { name: 'wf.step', phase: 'Failed', message: 'odd' } });

  for (const [file, b] of [...bundles, ['no known signature', { workflowNode: { phase: 'Failed' } }] as const]) {
    it(`${file}: the diagnosis, its Markdown report and the explanation`, () => {
      const d: Diagnosis = diagnose(b);
      assert.ok(d.cause.trim(), 'a cause');
      assert.ok(d.fixes.length > 0, 'at least one fix');
      for (const f of d.fixes) assert.ok(!mentions(d.cause, f), `the cause holds a fix:\n${d.cause}\n---\n${f}`);
      assert.doesNotMatch(d.cause, /What to do/);

      // Markdown: the cause above, each fix once under "What to change" and nowhere else.
      const md = reportMarkdown(d, { step: 'step' });
      const [head, rest] = md.split('\n## What to change\n');
      assert.ok(head !== undefined && rest !== undefined, md);
      assert.ok(head.includes('**Root cause:**'), head);
      const listed = rest
        .split('\n## ')[0]!
        .split('\n')
        .filter((l) => l.startsWith('- '));
      assert.deepEqual(
        listed,
        d.fixes.map((f) => `- ${f}`),
      );
      for (const f of d.fixes) assert.ok(!mentions(head, f), `a fix above "What to change":\n${f}`);

      // Text: the same parts.
      const text = reportText(d);
      const [top] = text.split('\nWhat to change:\n');
      for (const f of d.fixes) assert.ok(!mentions(top!, f), `a fix above "What to change:" in the text:\n${f}`);

      // The explanation sent to the step panel is the diagnosis with the step's details, and is accepted as such.
      const x: Explanation = { ...d, step: 'step', recordedAt: '2026-01-01T00:00:00Z' };
      assert.equal(x.cause, d.cause);
      assert.deepEqual(x.fixes, d.fixes);
      assert.ok(isToWebview({ type: 'explanation', explanation: x }));
    });
  }

  it('refuses an explanation without a separate cause (the old glued summary)', () => {
    const { cause, ...rest } = unknown;
    assert.equal(isToWebview({ type: 'explanation', explanation: rest }), false);
    const glued = { ...rest, summary: `${cause}\n\nWhat to do: ${unknown.fixes[0]}` };
    assert.equal(isToWebview({ type: 'explanation', explanation: glued }), false);
    assert.equal(isToWebview({ type: 'explanation', explanation: { ...unknown, fixes: 'read the log' } }), false);
  });
});

describe('report titles', () => {
  const waiting: Diagnosis = {
    rootCause: 'semaphore-held',
    secondaryCauses: [],
    confidence: 0.9,
    cause: 'It waits for a lock.',
    evidence: [],
    fixes: [],
    docs: [],
    waiting: 'waiting for semaphore argo/db held by 2 workflows',
  };
  it('names a whole waiting workflow as the workflow (its root node is not a step of it)', () => {
    assert.match(
      reportText(waiting, { step: 'load-1', workflow: 'load-1', namespace: 'w' }),
      /^Why workflow load-1 \(namespace w\) is waiting\n/,
    );
    assert.match(
      reportMarkdown(waiting, { step: 'upsert', workflow: 'load-1' }),
      /^# Why step upsert of workflow load\\-1 is waiting/,
    );
  });
});
