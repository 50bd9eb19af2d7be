import assert from 'node:assert/strict';
import { cronSummary, submissionOf, submitParameters, templateDescription } from '../../../src/core/model/catalog';
import { groupWorkflows } from '../../../src/core/model/grouping';
import { argoPodName, podNameOfNode } from '../../../src/core/model/podName';

const wt = {
  kind: 'WorkflowTemplate',
  metadata: { name: 'shared-steps', namespace: 'argo' },
  spec: {
    entrypoint: 'main',
    arguments: {
      parameters: [
        { name: 'epochs', value: 10 },
        { name: 'env', enum: ['dev', 'prod'], value: 'dev' },
        { name: 'note' },
        { bogus: true },
      ],
    },
    templates: [{ name: 'main' }, { name: 'b' }],
  },
};

describe('templates and cron workflows', () => {
  it('reads the parameters a submission can set, skipping malformed ones', () => {
    assert.deepEqual(submitParameters(wt), [
      { name: 'epochs', value: '10', enum: undefined, description: undefined },
      { name: 'env', value: 'dev', enum: ['dev', 'prod'], description: undefined },
      { name: 'note', value: undefined, enum: undefined, description: undefined },
    ]);
    assert.deepEqual(submitParameters({ kind: 'WorkflowTemplate', spec: { arguments: 'nonsense' } }), []);
    assert.equal(templateDescription(wt), 'entry main · 2 templates · 3 parameters');
  });

  it('submits a template by reference, a cluster template with clusterScope, and a cron workflow from its spec', () => {
    const w = submissionOf(wt, 'argo', { epochs: '3' }) as {
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
    };
    assert.deepEqual(w.spec, {
      workflowTemplateRef: { name: 'shared-steps' },
      arguments: { parameters: [{ name: 'epochs', value: '3' }] },
    });
    assert.equal(w.metadata.generateName, 'shared-steps-');
    const c = submissionOf({ kind: 'ClusterWorkflowTemplate', metadata: { name: 'dq' }, spec: {} }, 'team') as {
      metadata: { namespace: string };
      spec: Record<string, unknown>;
    };
    assert.deepEqual(c.spec, { workflowTemplateRef: { name: 'dq', clusterScope: true } });
    assert.equal(c.metadata.namespace, 'team');
    const cron = {
      kind: 'CronWorkflow',
      metadata: { name: 'nightly' },
      spec: {
        schedules: ['0 2 * * *'],
        workflowSpec: {
          entrypoint: 'main',
          arguments: {
            parameters: [
              { name: 'day', value: 'today' },
              { name: 'k', value: '1' },
            ],
          },
        },
      },
    };
    const r = submissionOf(cron, 'argo', { day: '2026-11-01' }) as {
      metadata: { labels: Record<string, string> };
      spec: { entrypoint: string; arguments: unknown };
    };
    assert.equal(r.spec.entrypoint, 'main');
    assert.deepEqual(r.spec.arguments, {
      parameters: [
        { name: 'day', value: '2026-11-01' },
        { name: 'k', value: '1' },
      ],
    });
    assert.equal(r.metadata.labels['workflows.argoproj.io/cron-workflow'], 'nightly');
    assert.equal(
      (cron.spec.workflowSpec.arguments.parameters[0] as { value: string }).value,
      'today',
      'the cron workflow itself is untouched',
    );
  });

  it('says when a cron workflow runs next, in its time zone', () => {
    const now = new Date('2026-11-23T00:30:00Z');
    const s = cronSummary(
      { kind: 'CronWorkflow', spec: { schedules: ['0 2 * * *'], timezone: 'Europe/Berlin' }, status: { active: [{}] } },
      now,
    );
    // 02:00 in Berlin (UTC+1 in November) is 01:00Z: 30 minutes away.
    assert.equal(s.next?.toISOString(), '2026-11-23T01:00:00.000Z');
    assert.equal(s.description, '0 2 * * * (Europe/Berlin) · next in 30m 00s · 1 running');
    assert.equal(
      cronSummary({ kind: 'CronWorkflow', spec: { schedule: '*/5 * * * *', suspend: true } }, now).description,
      '*/5 * * * * · suspended',
    );
    const bad = cronSummary({ kind: 'CronWorkflow', spec: { schedules: ['61 * * * *'] } }, now);
    assert.match(bad.problem ?? '', /does not parse/);
    assert.match(bad.description, /invalid schedule/);
  });

  it('names the pod of a node as Argo does (v2 names, v1 on request)', () => {
    const wf = { metadata: { name: 'etl-x7k2p' } };
    const node = { id: 'etl-x7k2p-123', name: 'etl-x7k2p[0].extract', templateName: 'extract' };
    assert.equal(podNameOfNode(wf, node), argoPodName('etl-x7k2p', 'etl-x7k2p[0].extract', 'extract'));
    assert.match(podNameOfNode(wf, node), /^etl-x7k2p-extract-\d+$/);
    assert.equal(
      podNameOfNode(
        { metadata: { name: 'etl-x7k2p', annotations: { 'workflows.argoproj.io/pod-name-format': 'v1' } } },
        node,
      ),
      'etl-x7k2p-123',
    );
    assert.match(
      podNameOfNode(wf, { id: 'n', name: 'etl-x7k2p.t', templateRef: { template: 'shared' } }),
      /^etl-x7k2p-shared-\d+$/,
    );
  });
});

describe('sidebar grouping', () => {
  const items = [
    { key: 'b/ok', namespace: 'b', phase: 'Succeeded', created: '2026-01-03' },
    { key: 'a/run', namespace: 'a', phase: 'Running', created: '2026-01-02' },
    { key: 'b/bad', namespace: 'b', phase: 'Failed', created: '2026-01-01' },
    { key: 'a/odd', namespace: 'a', phase: 'Suspended', created: '2026-01-04' },
    { key: 'a/err', namespace: 'a', phase: 'Error', created: '2026-01-05' },
  ];
  it('lists failed first, newest first, when not grouped', () => {
    assert.deepEqual(groupWorkflows(items, 'none'), [
      { label: '', keys: ['a/err', 'b/bad', 'a/run', 'a/odd', 'b/ok'] },
    ]);
  });
  it('groups by namespace alphabetically and by phase with failures first, unknown phases last', () => {
    assert.deepEqual(groupWorkflows(items, 'namespace'), [
      { label: 'a', keys: ['a/err', 'a/run', 'a/odd'] },
      { label: 'b', keys: ['b/bad', 'b/ok'] },
    ]);
    assert.deepEqual(
      groupWorkflows(items, 'phase').map((g) => g.label),
      ['Failed', 'Error', 'Running', 'Succeeded', 'Suspended'],
    );
  });
});
