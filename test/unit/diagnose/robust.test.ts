// Any bundle, however broken, is explained or refused, never a crash: mutated case files (fields removed, set to
// null, given the wrong type) through diagnose(), the reports, waitingSummary() and the explain command.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIO } from '../../support/memoryIO';
import { runCli } from '../../../src/cli/run';
import { bundleProblems, type EvidenceBundle } from '../../../src/core/diagnose/bundle';
import { diagnose, waitingSummary } from '../../../src/core/diagnose/diagnose';
import { reportMarkdown, reportText } from '../../../src/core/diagnose/report';
import { FAILURES } from '../../support/paths';

const cases = readdirSync(path.join(FAILURES, 'cases'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(path.join(FAILURES, 'cases', f), 'utf8')) as unknown] as const);

/** A small deterministic random generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Path = (string | number)[];

/** Every path into a JSON value (objects and lists), the value itself excluded. */
function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i): [number, unknown] => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of entries) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

const WRONG: unknown[] = [null, undefined, 42, -1, 'text', '', true, [], {}, [null, 1, 'x'], { a: { b: null } }, NaN];

/** The value with the thing at `p` replaced (undefined: removed). */
function mutate(v: unknown, p: Path, to: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const k of p.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  if (to === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = to;
  return copy;
}

function explainAll(b: unknown, label: string): void {
  try {
    const d = diagnose(b as EvidenceBundle);
    assert.equal(typeof d.rootCause, 'string');
    assert.ok(d.cause.length > 0);
    reportText(d, { step: 'x' });
    reportMarkdown(d);
    waitingSummary(d);
    waitingSummary(b as EvidenceBundle);
    bundleProblems(b);
  } catch (e) {
    assert.fail(`${label}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

describe('explain: any bundle is explained or refused, never a crash', () => {
  it('diagnoses values that are not bundles at all', () => {
    for (const v of [...WRONG, { workflowNode: null }, { workflow: null }, { workflowNode: 'x', workflow: 3 }])
      explainAll(v, JSON.stringify(v) ?? String(v));
  });

  it('diagnoses every case with each field removed, null or of a wrong type (sampled)', () => {
    const random = rng(17);
    let n = 0;
    for (const [file, c] of cases) {
      const all = paths(c);
      // Top-level and second-level fields always; deeper ones sampled.
      const shallow = all.filter((p) => p.length <= 2);
      const deep = all.filter((p) => p.length > 2).filter(() => random() < 0.15);
      for (const p of [...shallow, ...deep])
        for (const to of WRONG.filter(() => random() < 0.4)) {
          explainAll(mutate(c, p, to), `${file} ${p.join('.')} = ${JSON.stringify(to)}`);
          n++;
        }
    }
    assert.ok(n > 1000, `only ${n} mutations`);
  });

  it('diagnoses cases with many mutations at once', () => {
    const random = rng(42);
    for (const [file, c] of cases)
      for (let i = 0; i < 40; i++) {
        let b = c;
        const done: string[] = [];
        for (let j = 0; j < 6; j++) {
          const all = paths(b);
          if (!all.length) break;
          const p = all[Math.floor(random() * all.length)]!;
          const to = WRONG[Math.floor(random() * WRONG.length)];
          b = mutate(b, p, to);
          done.push(`${p.join('.')}=${JSON.stringify(to)}`);
        }
        explainAll(b, `${file}: ${done.join(', ')}`);
      }
  });

  it('the explain command answers 0 or refuses with 2 and says why, never an internal error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'explain-fuzz-'));
    const random = rng(7);
    const variants: [string, unknown][] = [];
    for (const [file, c] of cases) {
      for (const p of paths(c).filter((x) => x.length <= 2))
        if (random() < 0.3) variants.push([`${file} ${p.join('.')}`, mutate(c, p, WRONG[Math.floor(random() * 12)])]);
      variants.push([`${file} workflowNode null`, mutate(c, ['workflowNode'], null)]);
    }
    for (const v of WRONG) variants.push([`top ${JSON.stringify(v)}`, v]);
    let refused = 0;
    for (const [i, [label, v]] of variants.entries()) {
      const f = `b${i}.json`;
      writeFileSync(path.join(dir, f), JSON.stringify(v) ?? '');
      for (const format of ['text', 'json']) {
        const io = memoryIO(dir);
        const code = await runCli(['explain', '--format', format, f], io);
        assert.ok(code === 0 || code === 2, `${label}: exit ${code}\n${io.err}`);
        assert.doesNotMatch(io.err, /internal error/, label);
        if (code === 2) {
          assert.match(io.err, /argo-doctor explain: cannot read/, label);
          refused++;
        } else assert.ok(io.out.length > 0, label);
      }
    }
    assert.ok(refused > 0 && refused < variants.length * 2, `refused ${refused} of ${variants.length * 2}`);
  });

  it('says plainly what is wrong with a bad bundle', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'explain-bad-'));
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ workflowNode: { phase: 'Failed' }, events: 'none' }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ workflowNode: null, workflow: null }));
    writeFileSync(path.join(dir, 'c.json'), '[1, 2]');
    const expect: Record<string, RegExp> = {
      'a.json': /"events" must be a list of Events, it is a string/,
      'b.json': /neither a "workflowNode" object .* nor a "workflow" object/,
      'c.json': /a bundle is a JSON object, this is a list/,
    };
    for (const [f, re] of Object.entries(expect)) {
      const io = memoryIO(dir);
      assert.equal(await runCli(['explain', f], io), 2, f);
      assert.match(io.err, re, f);
    }
    // A waiting workflow without a step is explained.
    const io = memoryIO(dir);
    const w03 = path.join(FAILURES, 'cases', 'w03-mutex-held-workflow.json');
    assert.equal(await runCli(['explain', w03], io), 0, io.err);
    assert.match(io.out, /^Why workflow load-warehouse-9dd1c \(namespace data\) is waiting/);
    assert.deepEqual(bundleProblems(JSON.parse(readFileSync(w03, 'utf8'))), []);
  });
});
