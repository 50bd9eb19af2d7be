import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exitCodeMeaning } from '../../../src/core/model/exitCodes';
import type { ArgoNode } from '../../../src/core/model/nodes';
import { buildStepSnapshot, summarizeEvents, type StepInputs } from '../../../src/core/model/stepDetails';
import { SHARED } from '../../support/paths';

type Obj = Record<string, unknown>;
const failureCase = (id: string) =>
  JSON.parse(readFileSync(path.join(SHARED, 'failures', 'cases', `${id}.json`), 'utf8')) as {
    workflowNode: ArgoNode;
    pod: Obj | null;
    events: Obj[];
    node: Obj | null;
  };

function inputs(id: string, over: Partial<StepInputs> = {}): StepInputs {
  const c = failureCase(id);
  const n = c.workflowNode;
  const podName = String((c.pod?.metadata as Obj | undefined)?.name ?? 'gone-pod');
  return {
    workflow: { metadata: { name: 'wf', namespace: 'ml' }, spec: {}, status: { phase: 'Failed' } },
    nodes: { [n.id]: n },
    nodeId: n.id,
    podName,
    pod: c.pod ? { ok: true, value: c.pod } : { ok: false, kind: 'notFound', message: 'not found' },
    podEvents: c.events.filter((e) => (e.involvedObject as Obj).kind === 'Pod'),
    node: c.node ? { ok: true, value: c.node } : undefined,
    nodeEvents: c.events.filter((e) => (e.involvedObject as Obj).kind === 'Node'),
    hostNodes: new Map(c.node ? [[String((c.node.metadata as Obj).name), c.node]] : []),
    now: new Date('2025-06-12T10:00:00Z'),
    ...over,
  };
}

describe('step panel model', () => {
  it('explains exit codes in plain words', () => {
    assert.match(exitCodeMeaning(137, 'OOMKilled')!, /out of memory/);
    assert.match(exitCodeMeaning(137)!, /SIGKILL/);
    assert.match(exitCodeMeaning(127)!, /not found/);
    assert.match(exitCodeMeaning(130)!, /signal 2 \(SIGINT\)/);
    assert.equal(exitCodeMeaning(undefined), undefined);
  });

  it('shows an OOM-killed main container with its limit, the pod, the node and the events', () => {
    const s = buildStepSnapshot(inputs('c01-oom-main-pandas'));
    assert.equal(s.pod.state, 'present');
    if (s.pod.state !== 'present') return;
    const main = s.pod.containers.find((c) => c.kind === 'main')!;
    assert.equal(main.reason, 'OOMKilled');
    assert.equal(main.exitCode, 137);
    assert.match(main.exitMeaning!, /out of memory/);
    assert.match(main.limits ?? '', /memory=2Gi/);
    assert.deepEqual(s.pod.containers.map((c) => c.kind).slice(0, 1), ['init'], 'init containers first');
    assert.equal(s.node.state, 'present');
    assert.ok(s.events.length > 0);
    assert.ok(
      s.events.every((e, i) => i === 0 || (s.events[i - 1]!.lastSeen ?? '') >= (e.lastSeen ?? '')),
      'newest first',
    );
    // Where its time went, from the pod's own conditions and container times: contiguous, ending with the step.
    const t = s.timeline!;
    assert.ok(t && t.segments.some((x) => x.phase === 'running'), JSON.stringify(t));
    assert.equal(
      t.segments.reduce((n, x) => n + x.ms, 0),
      Date.parse(s.step.finishedAt!) - Date.parse(s.step.startedAt!),
    );
  });

  it('puts a banner on a node that went NotReady, and says a deleted pod is gone and why', () => {
    const s = buildStepSnapshot(inputs('c06-node-unreachable-midstep'));
    assert.equal(s.node.state, 'present');
    if (s.node.state === 'present')
      assert.ok(
        s.node.banners.some((b) => b.severity === 'error' && /NotReady/.test(b.text)),
        JSON.stringify(s.node.banners),
      );
    const gone = buildStepSnapshot(
      inputs('c01-oom-main-pandas', {
        pod: { ok: false, kind: 'notFound', message: 'nf' },
        workflow: { metadata: { name: 'wf', namespace: 'ml' }, spec: { podGC: { strategy: 'OnPodCompletion' } } },
      }),
    );
    assert.equal(gone.pod.state, 'gone');
    assert.match(
      gone.pod.state === 'gone' ? gone.pod.message : '',
      /no longer exists.*podGC strategy \(OnPodCompletion\)/,
    );
    const forbidden = buildStepSnapshot(
      inputs('c01-oom-main-pandas', { node: { ok: false, kind: 'forbidden', message: '403' } }),
    );
    assert.equal(forbidden.node.state, 'forbidden');
  });

  it('merges repeated events with their counts', () => {
    const ev = (reason: string, at: string, count = 1) => ({
      reason,
      message: 'm',
      type: 'Warning',
      lastTimestamp: at,
      count,
    });
    const out = summarizeEvents(
      [
        {
          object: 'Pod',
          events: [
            ev('BackOff', '2026-01-01T00:00:10Z', 3),
            ev('BackOff', '2026-01-01T00:00:30Z', 2),
            ev('Pulled', '2026-01-01T00:00:20Z'),
          ],
        },
      ],
      new Date('2026-01-01T00:01:00Z'),
    );
    assert.deepEqual(
      out.map((e) => [e.reason, e.count, e.age]),
      [
        ['BackOff', 5, '30s'],
        ['Pulled', 1, '40s'],
      ],
    );
  });
});
