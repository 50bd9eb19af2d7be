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

/** JSON with object keys sorted, to compare values whatever the order their maps were built in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as O)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
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

/**
 * A node with several parents (a DAG task that depends on two others): Argo's retry takes whichever parent its map
 * iteration meets last (Go randomises map order), so its answer for such a workflow varies from run to run. Those
 * requests are asked TRIES times; ours must be one of Argo's answers.
 */
const TRIES = 64;
const multiParent = (wf: O) => {
  const seen = new Set<string>();
  for (const n of Object.values(rec(rec(wf.status).nodes)))
    for (const c of (rec(n).children as string[] | undefined) ?? []) {
      if (seen.has(c)) return true;
      seen.add(c);
    }
  return false;
};

function argoRetry(reqs: Request[]): Map<string, Answer[]> {
  const asked = reqs.flatMap((r) =>
    Array.from({ length: multiParent(r.workflow) ? TRIES : 1 }, (_, i) => ({ ...r, id: `${r.id}#${i}` })),
  );
  const input = asked
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
  const answers = new Map<string, Answer[]>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const a = JSON.parse(line) as Answer;
    const id = a.id.replace(/#\d+$/, '');
    answers.set(id, [...(answers.get(id) ?? []), a]);
  }
  return answers;
}

describe("retry from the failed steps, against Argo's own retry (FormulateRetryWorkflow)", function () {
  before(function () {
    requireOracle(this);
  });

  const reqs = requests();
  let argo: Map<string, Answer[]>;
  before(() => {
    argo = argoRetry(reqs);
  });

  it('has workflows to compare (the corpus of workflow statuses)', () => {
    assert.ok(reqs.length >= 40, `${reqs.length} requests`);
    const retried = [...argo.values()].filter((a) => a[0]!.ok).length;
    assert.ok(retried >= 15, `Argo retries at least 15 of them (${retried})`);
  });

  for (const r of reqs)
    it(`plans as Argo does: ${r.id}`, () => {
      const answers = argo.get(r.id);
      assert.ok(answers?.length, 'the oracle answered');
      const a = answers[0]!;
      const ours = formulateRetry(r.workflow, r.options, new Date('2026-11-29T12:00:00Z'));
      assert.equal(ours.ok, a.ok, `Argo: ${a.ok ? 'retries' : a.error}; ours: ${ours.ok ? 'retries' : ours.error}`);
      if (!ours.ok || !a.ok) return;
      const mine = essence(ours.workflow, ours.podsToDelete);
      const theirs = answers.map((x) => essence(x.workflow!, x.podsToDelete));
      const same = theirs.find((t) => canonical(t) === canonical(mine));
      // One of Argo's answers (all of them, for a workflow without several-parent nodes, are the same one).
      assert.deepEqual(mine, same ?? theirs[0]);
    });
});
