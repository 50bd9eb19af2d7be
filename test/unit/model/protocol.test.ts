import assert from 'node:assert/strict';
import { isToHost, isToWebview } from '../../../src/shared/protocol';
import { snapshotWith } from '../../support/webviewHarness';
import type { StepSnapshot } from '../../../src/core/model/stepDetails';

describe('host/webview protocol validation', () => {
  it('accepts the messages a webview may send, and rejects anything else', () => {
    assert.ok(isToHost({ type: 'ready' }));
    assert.ok(
      isToHost({ type: 'logOptions', options: { container: 'main', follow: true, previous: false, tailLines: 1000 } }),
    );
    assert.ok(isToHost({ type: 'openStep', nodeId: 'wf-123' }));
    assert.ok(isToHost({ type: 'openReport' }));
    assert.ok(isToHost({ type: 'retry' }));
    assert.ok(isToHost({ type: 'openLogsInEditor', container: 'main', find: 'MemoryError: cannot allocate' }));
    for (const bad of [
      null,
      'ready',
      { type: 'nope' },
      { type: 'logOptions', options: { container: '../../etc/passwd', follow: true, previous: false, tailLines: 10 } },
      { type: 'logOptions', options: { container: 'main', follow: 'yes', previous: false, tailLines: 10 } },
      { type: 'logOptions', options: { container: 'main', follow: true, previous: false, tailLines: 1e9 } },
      { type: 'openLogsInEditor', container: 'main; rm -rf /' },
      { type: 'openStep', nodeId: '' },
      { type: 'openLogsInEditor', container: 'main', find: 42 },
      { type: 'openLogsInEditor', container: 'main', find: 'x'.repeat(5000) },
    ])
      assert.equal(isToHost(bad), false, JSON.stringify(bad));
  });

  it('accepts well-formed host messages only', () => {
    assert.ok(isToWebview({ type: 'snapshot', snapshot: snapshotWith('x') }));
    assert.ok(isToWebview({ type: 'logs', container: 'main', lines: ['a'], reset: false }));
    assert.ok(isToWebview({ type: 'ref', ref: { context: 'c', namespace: 'n', workflow: 'w', nodeId: 'i' } }));
    assert.equal(isToWebview({ type: 'snapshot', snapshot: { step: {} } }), false);
    const explanation = {
      rootCause: 'node-lost',
      secondaryCauses: [],
      confidence: 0.9,
      cause: 'Its node was lost.',
      evidence: [],
      fixes: [],
      docs: [],
    };
    assert.ok(
      isToWebview({ type: 'explanation', explanation: { ...explanation, retry: 'The step was not at fault.' } }),
    );
    assert.equal(isToWebview({ type: 'explanation', explanation: { ...explanation, retry: 42 } }), false);
    // Where the time went: phases with their times, or nothing.
    const timeline = {
      segments: [{ phase: 'running', label: 'running', ms: 5000 }],
      pulls: [{ image: 'python:3.12', ms: 45_200 }],
      waitingMs: 0,
      runningMs: 5000,
    };
    assert.ok(isToWebview({ type: 'snapshot', snapshot: { ...(snapshotWith('x') as object), timeline } }));
    for (const bad of [
      { ...timeline, segments: [{ phase: 'running', label: 'running', ms: -1 }] },
      { ...timeline, pulls: [{ image: 5 }] },
      { ...timeline, waitingMs: 'soon' },
    ])
      assert.equal(
        isToWebview({ type: 'snapshot', snapshot: { ...(snapshotWith('x') as object), timeline: bad } }),
        false,
      );
    // Requested vs used: strings to show, verdicts from the known set.
    const usage = (snapshotWith('x') as { usage: Record<string, unknown> }).usage;
    const row = (usage.rows as object[])[0]!;
    for (const bad of [
      { ...usage, source: 'guess' },
      { ...usage, lines: [1] },
      { ...usage, samples: -1 },
      { ...usage, rows: [{ ...row, verdict: 'fine' }] },
      { ...usage, rows: [{ ...row, resource: 'gpu' }] },
      { ...usage, rows: [{ ...row, peak: 5 }] },
      { ...usage, rows: [{ ...row, percentOfRequest: Number.NaN }] },
      { ...usage, argo: { duration: 1 } },
    ])
      assert.equal(
        isToWebview({ type: 'snapshot', snapshot: { ...(snapshotWith('x') as object), usage: bad } }),
        false,
        JSON.stringify(bad),
      );
    assert.equal(isToWebview({ type: 'logs', container: 'main', lines: [1], reset: false }), false);
    assert.equal(isToWebview({ type: 'logState', container: 'main', state: 'exploded' }), false);
    assert.equal(isToWebview({ type: 'ref', ref: { context: 'c', namespace: 'n', workflow: '', nodeId: 'i' } }), false);
    const x = {
      rootCause: 'oom-killed-main',
      secondaryCauses: [],
      confidence: 0.9,
      cause: 's',
      evidence: [],
      fixes: [],
      docs: [],
    };
    assert.ok(
      isToWebview({
        type: 'explanation',
        explanation: {
          ...x,
          recordedAt: '2026-01-01T00:00:00Z',
          disappeared: [{ step: 'a', pod: 'p', why: 'deleted' }],
        },
      }),
    );
    assert.equal(isToWebview({ type: 'explanation', explanation: { ...x, disappeared: [{ step: 'a' }] } }), false);
    assert.equal(isToWebview({ type: 'explanation', explanation: { ...x, recordedAt: 5 } }), false);
    // Counts of what a bounded list leaves out: whole numbers, or absent.
    assert.ok(isToWebview({ type: 'explanation', explanation: { ...x, disappeared: [], disappearedTotal: 60_000 } }));
    assert.equal(isToWebview({ type: 'explanation', explanation: { ...x, disappearedTotal: '7' } }), false);
    const s = snapshotWith('x') as StepSnapshot;
    assert.ok(isToWebview({ type: 'snapshot', snapshot: { ...s, placementTotal: 60_000 } }));
    assert.equal(isToWebview({ type: 'snapshot', snapshot: { ...s, placementTotal: -1 } }), false);
    assert.ok(isToWebview({ type: 'snapshot', snapshot: { ...s, step: { ...s.step, attemptsTotal: 200 } } }));
    assert.equal(isToWebview({ type: 'snapshot', snapshot: { ...s, step: { ...s.step, attemptsTotal: 1.5 } } }), false);
  });
});
