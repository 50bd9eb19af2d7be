/**
 * Retry from the failed steps (issue #18) against Argo's own retry: the oracle's --retry mode runs Argo v4.0.5's
 * workflow/util.FormulateRetryWorkflow (what `argo retry` runs) on every workflow status of ../shared/corpus/
 * argo-status, plainly, re-running a chosen succeeded step, and with a parameter overridden; our formulateRetry must
 * plan the same: which nodes stay, which reset to Running, their children, the pods to delete, the labels and the
 * arguments, and refuse where Argo refuses.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { formulateRetry, type RetryOptions } from '../../src/core/model/retryWorkflow';
import { oracleBinary, requireOracle } from '../support/oracle';
import { CORPUS } from '../support/paths';

type O = Record<string, unknown>;
const rec = (v: unknown): O => (v && typeof v === 'object' && !Array.isArray(v) ? (v as O) : {});

interface Request {
  id: string;
  workflow: O;
  options: RetryOptions;
}

interface Answer {
  id: string;
  ok: boolean;
  error?: string;
  workflow?: O;
  podsToDelete: string[];
}

/** What both plans must agree on: per node its phase, children and outbound nodes; pods; labels; arguments. */
function essence(wf: O, pods: string[]) {
  const status = rec(wf.status);
  const nodes = Object.fromEntries(
    Object.entries(rec(status.nodes)).map(([id, n]) => {
      const node = rec(n);
      return [
        id,
        {
          phase: node.phase ?? '',
          children: [...((node.children as string[]) ?? [])].sort(),
          outbound: [...((node.outboundNodes as string[]) ?? [])].sort(),
          message: node.message ?? '',
          finished: !!node.finishedAt && node.finishedAt !== '0001-01-01T00:00:00Z',
        },
      ];
    }),
  );
  const labels = rec(rec(wf.metadata).labels);
  return {
    phase: status.phase ?? '',
    nodes,
    pods: [...pods].sort(),
    completedLabel: labels['workflows.argoproj.io/completed'] ?? null,
    parameters: rec(rec(wf.spec).arguments).parameters ?? [],
    shutdown: rec(wf.spec).shutdown ?? null,
  };
}

function requests(): Request[] {
  const dir = path.join(CORPUS, 'argo-status');
  const out: Request[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const wf = parse(readFileSync(path.join(dir, file), 'utf8')) as O;
    // Label values as the apiserver keeps them: strings (a test case's YAML may leave `true` unquoted).
    const meta = rec(wf.metadata);
    if (meta.labels) meta.labels = Object.fromEntries(Object.entries(rec(meta.labels)).map(([k, v]) => [k, String(v)]));
    if (!rec(wf.status).nodes) continue;
    const id = file.replace(/\.yaml$/, '');
    out.push({ id, workflow: wf, options: {} });
    const nodes = Object.values(rec(rec(wf.status).nodes)).map(rec);
    const succeededPod = nodes.find((n) => n.type === 'Pod' && n.phase === 'Succeeded');
    if (succeededPod)
      out.push({
        id: `${id} +restart ${String(succeededPod.displayName)}`,
        workflow: wf,
        options: { restartSuccessful: true, nodeSelector: `displayName=${String(succeededPod.displayName)}` },
      });
    const param = rec((rec(rec(wf.spec).arguments).parameters as unknown[] | undefined)?.[0]);
    if (param.name)
      out.push({
        id: `${id} -p ${String(param.name)}`,
        workflow: wf,
        options: { parameters: { [String(param.name)]: 'overridden' } },
      });
  }
  return out;
}

function argoRetry(reqs: Request[]): Map<string, Answer> {
  const input = reqs
    .map((r) =>
      JSON.stringify({
        id: r.id,
        workflow: r.workflow,
        restartSuccessful: !!r.options.restartSuccessful,
        nodeFieldSelector: r.options.nodeSelector ?? '',
        parameters: Object.entries(r.options.parameters ?? {}).map(([k, v]) => `${k}=${v}`),
      }),
    )
    .join('\n');
  const stdout = execFileSync(oracleBinary(), ['--retry'], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  const answers = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Answer);
  return new Map(answers.map((a) => [a.id, a]));
}

describe("retry from the failed steps, against Argo's own retry (FormulateRetryWorkflow)", function () {
  before(function () {
    requireOracle(this);
  });

  const reqs = requests();
  let argo: Map<string, Answer>;
  before(() => {
    argo = argoRetry(reqs);
  });

  it('has workflows to compare (the corpus of workflow statuses)', () => {
    assert.ok(reqs.length >= 40, `${reqs.length} requests`);
    const retried = [...argo.values()].filter((a) => a.ok).length;
    assert.ok(retried >= 15, `Argo retries at least 15 of them (${retried})`);
  });

  for (const r of reqs)
    it(`plans as Argo does: ${r.id}`, () => {
      const a = argo.get(r.id);
      assert.ok(a, 'the oracle answered');
      const ours = formulateRetry(r.workflow, r.options, new Date('2026-11-29T12:00:00Z'));
      assert.equal(ours.ok, a.ok, `Argo: ${a.ok ? 'retries' : a.error}; ours: ${ours.ok ? 'retries' : ours.error}`);
      if (!ours.ok || !a.ok) return;
      assert.deepEqual(essence(ours.workflow, ours.podsToDelete), essence(a.workflow!, a.podsToDelete));
    });
});
