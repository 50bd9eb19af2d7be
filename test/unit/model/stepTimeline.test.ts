import assert from 'node:assert/strict';
import { pullMs, stepTimeline } from '../../../src/core/model/stepTimeline';

const node = {
  id: 'n',
  type: 'Pod',
  phase: 'Succeeded',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:10:00Z',
};
const pod = {
  metadata: { creationTimestamp: '2026-01-01T00:00:02Z' },
  status: {
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' },
      { type: 'Initialized', status: 'True', lastTransitionTime: '2026-01-01T00:02:00Z' },
    ],
    containerStatuses: [
      {
        name: 'wait',
        state: { terminated: { startedAt: '2026-01-01T00:02:30Z', finishedAt: '2026-01-01T00:09:50Z' } },
      },
      {
        name: 'main',
        state: { terminated: { startedAt: '2026-01-01T00:03:00Z', finishedAt: '2026-01-01T00:09:00Z' } },
      },
    ],
  },
};
const events = [
  { reason: 'Scheduled', firstTimestamp: '2026-01-01T00:01:00Z' },
  { reason: 'Pulled', message: 'Successfully pulled image "python:3.12" in 45.2s (45.2s including waiting)' },
  { reason: 'Pulled', message: 'Container image "quay.io/argoproj/argoexec:v4.0.5" already present on machine' },
];

describe("where a step's time went", () => {
  it('splits a finished step into controller, scheduling, init, start, run and finish', () => {
    const t = stepTimeline(node, pod, events, new Date('2026-01-01T01:00:00Z'))!;
    assert.deepEqual(
      t.segments.map((s) => [s.phase, s.ms / 1000]),
      [
        ['controller', 2],
        ['scheduling', 58],
        ['initialising', 60],
        ['starting', 60],
        ['running', 360],
        ['finishing', 60],
      ],
    );
    assert.equal(t.waitingMs, 180_000);
    assert.equal(t.runningMs, 420_000);
    assert.deepEqual(t.pulls, [
      { image: 'python:3.12', ms: 45_200 },
      { image: 'quay.io/argoproj/argoexec:v4.0.5', ms: 0 },
    ]);
  });

  it('runs to now while the step runs, and leaves out what the pod does not say', () => {
    const running = { ...node, phase: 'Pending', finishedAt: undefined };
    const t = stepTimeline(
      running,
      { metadata: { creationTimestamp: '2026-01-01T00:00:01Z' } },
      [],
      new Date('2026-01-01T00:20:00Z'),
    )!;
    assert.deepEqual(
      t.segments.map((s) => [s.phase, s.ms / 1000]),
      [
        ['controller', 1],
        ['scheduling', 1199],
      ],
    );
    assert.equal(t.runningMs, 0);
    assert.equal(stepTimeline({ id: 'x' }, undefined, [], new Date()), undefined, 'no start, no timeline');
  });

  it("reads the kubelet's pull durations", () => {
    assert.equal(pullMs('Successfully pulled image "a" in 1m2.5s (1m2.5s including waiting)'), 62_500);
    assert.equal(pullMs('Successfully pulled image "a" in 850ms'), 850);
    assert.equal(pullMs('Pulling image "a"'), undefined);
  });
});
