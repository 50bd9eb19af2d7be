import assert from 'node:assert/strict';
import type { Workflow } from '../../../src/core/model/workflow';
import { workflowTimeline } from '../../../src/core/model/workflowTimeline';
import { isToHost } from '../../../src/shared/protocol';
import { isToWorkflowHost, isToWorkflowWebview, isWorkflowRef } from '../../../src/shared/workflowProtocol';

const wf: Workflow = {
  metadata: { name: 'wf', namespace: 'argo' },
  status: {
    phase: 'Failed',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:10:00Z',
    nodes: {
      r: { id: 'r', name: 'wf.r', displayName: 'r', type: 'Retry', phase: 'Failed', children: ['a', 'b'] },
      a: {
        id: 'a',
        type: 'Pod',
        phase: 'Failed',
        hostNodeName: 'n1',
        startedAt: '2026-01-01T00:00:00Z',
        finishedAt: '2026-01-01T00:01:00Z',
      },
      b: { id: 'b', type: 'Pod', phase: 'Failed', hostNodeName: 'n2', startedAt: '2026-01-01T00:02:00Z' },
    },
  },
};
const timeline = workflowTimeline(wf, new Date('2026-01-01T01:00:00Z'), {
  zones: new Map([['n1', 'z1']]),
  gone: new Map([['a', { pod: 'wf-a', why: 'pod GC' }]]),
});
const insight = { id: 'failed:r', severity: 'error', title: 't', detail: 'd', nodeId: 'r' };
const msg = (over: Record<string, unknown> = {}, insights: unknown[] = [insight]) => ({
  type: 'timeline',
  timeline: { ...timeline, ...over },
  insights,
});
const seg = timeline.rows[0]!.segments[0]!;
const withSegment = (s: Record<string, unknown>) =>
  msg({ rows: [{ ...timeline.rows[0]!, segments: [{ ...seg, ...s }] }] });

describe('workflow panel protocol validation', () => {
  it('accepts the messages the workflow webview may send, and nothing else', () => {
    assert.ok(isToWorkflowHost({ type: 'ready' }));
    assert.ok(isToWorkflowHost({ type: 'refresh' }));
    assert.ok(isToWorkflowHost({ type: 'openStep', nodeId: 'wf-123' }));
    for (const bad of [
      null,
      { type: 'openStep' },
      { type: 'openStep', nodeId: '' },
      { type: 'openStep', nodeId: 'x'.repeat(400) },
      { type: 'explain' },
    ])
      assert.equal(isToWorkflowHost(bad), false, JSON.stringify(bad));
    // The step panel's header button.
    assert.ok(isToHost({ type: 'openWorkflow' }));
  });

  it('accepts a laid-out timeline with its insights', () => {
    assert.ok(isToWorkflowWebview(msg()));
    assert.ok(isToWorkflowWebview(msg({}, [])));
    assert.ok(isToWorkflowWebview({ type: 'loading', message: 'Loading…' }));
    assert.ok(isToWorkflowWebview({ type: 'ref', ref: { context: 'c', namespace: 'n', workflow: 'w' } }));
    assert.equal(isWorkflowRef({ context: 'c', namespace: 'n', workflow: '' }), false);
  });

  it('rejects malformed timelines, segments and insights', () => {
    for (const [what, bad] of [
      ['no rows', msg({ rows: undefined })],
      [
        'groups not tiling the rows',
        msg({ groups: [{ ...timeline.groups[0]!, count: 5 }, ...timeline.groups.slice(1)] }),
      ],
      ['a row in a group that does not exist', msg({ rows: [{ ...timeline.rows[0]!, group: 9 }] })],
      ['a span ending before it starts', msg({ end: timeline.start - 1 })],
      ['a time that is not a number', msg({ now: 'now' })],
      ['a segment ending before it starts', withSegment({ end: seg.start - 1 })],
      ['a segment with an infinite start', withSegment({ start: Infinity })],
      ['a segment without a node id', withSegment({ nodeId: '' })],
      ['a gone reason that is not text', withSegment({ gone: 5 })],
      ['an open flag that is not boolean', withSegment({ open: 'yes' })],
      ['an insight of unknown severity', msg({}, [{ ...insight, severity: 'fatal' }])],
      ['an insight without a title', msg({}, [{ ...insight, title: undefined }])],
      ['an insight linking to an empty node id', msg({}, [{ ...insight, nodeId: '' }])],
      ['insights that are not a list', msg({}, 'x' as unknown as unknown[])],
    ] as const)
      assert.equal(isToWorkflowWebview(bad), false, what);
  });
});
