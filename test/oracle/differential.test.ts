/**
 * Differential test over seeded mutations (issue #15): thousands of small mistakes (test/oracle/mutate.ts) made in
 * the corpus's valid manifests and the generated (Hera, Kubeflow) workflows, each judged by Argo's own validator
 * (the oracle) and by our linter. Per document: Argo rejects → we report at least one error; Argo accepts → none of
 * our validator-parity rules reports an error (rules that go beyond Argo are measured apart). A mutant agrees when
 * all its documents do.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint/lint';
import { chainIndexes, MapTemplateIndex } from '../../src/core/lint/templateIndex';
import type { LintFinding } from '../../src/core/lint/types';
import { documentAt, requireOracle, runOracleBatch, type OracleVerdict } from '../support/oracle';
import { caseDeps, yamlFiles } from '../support/corpusFiles';
import { CORPUS, REPO_ROOT } from '../support/paths';
import { knownReason, KNOWN_REASONS } from './knownDisagreements';
import { mutants, OPERATOR_NAMES, type Mutant } from './mutate';

/** Agreement target of the issue, and the minimum number of mutated manifests. */
const THRESHOLD = 99;
const MIN_MUTANTS = 5000;
const ORACLE_ARGO = '4.0';

/** A file to mutate, with the files whose templates its refs resolve to. */
interface Seed {
  file: string;
  name: string;
  deps: string[];
}

function seeds(): Seed[] {
  const out: Seed[] = [];
  const examples = yamlFiles(path.join(CORPUS, 'argo-examples'));
  for (const f of examples) out.push({ file: f, name: path.relative(CORPUS, f), deps: examples });
  for (const f of yamlFiles(path.join(CORPUS, 'argo-valid'), ['deps']))
    out.push({ file: f, name: path.relative(CORPUS, f), deps: caseDeps(f) });
  const generated = path.join(REPO_ROOT, 'test', 'fixtures', 'generated');
  for (const f of yamlFiles(generated)) out.push({ file: f, name: path.relative(generated, f), deps: [] });
  return out;
}

interface Row {
  mutant: Mutant;
  seed: Seed;
  verdicts: OracleVerdict[];
  /** Our errors in the documents Argo judged: of validator-parity rules, and beyond-Argo ones. */
  ours: LintFinding[];
  beyond: LintFinding[];
  agree: boolean;
}

const baseIndexes = new Map<string, MapTemplateIndex>();
function baseIndex(deps: string[]): MapTemplateIndex {
  const key = deps.join('\0');
  let ix = baseIndexes.get(key);
  if (!ix) {
    ix = new MapTemplateIndex(true);
    // Where two files define a WorkflowTemplate of one name, the oracle keeps the first, the index the last.
    for (const f of [...deps].reverse()) ix.addFile(readFileSync(f, 'utf8'), f);
    baseIndexes.set(key, ix);
  }
  return ix;
}

function compare(seed: Seed, mutant: Mutant, verdicts: OracleVerdict[]): Row {
  const own = new MapTemplateIndex(true);
  own.addFile(mutant.text, mutant.id);
  const errors = lintText(mutant.text, {
    externalTemplates: chainIndexes(own, baseIndex(seed.deps)),
    argoVersion: ORACLE_ARGO,
  }).filter((f) => f.severity === 'error');
  // Per mutated manifest, as the issue counts: Argo rejects (any document) → we report at least one error (of any
  // rule); Argo accepts → no error of a validator-parity rule. (Argo may pin an error on the Workflow that uses a
  // broken WorkflowTemplate of the same file, we on the template: the manifest's verdict is what a user sees.)
  const starts = verdicts.map((v) => v.line);
  const judged = errors.filter((e) => !verdicts[documentAt(starts, e.range.start.line)]?.skipped);
  const ours = judged.filter((e) => !e.beyondArgo);
  const beyond = judged.filter((e) => e.beyondArgo);
  const rejects = verdicts.some((v) => !v.skipped && !v.ok);
  const agree = rejects ? judged.length > 0 : ours.length === 0;
  return { mutant, seed, verdicts, ours, beyond, agree };
}

/** A disagreement's category: which side spoke, and the shape of what it said. */
function category(r: Row): string {
  const v = r.verdicts.find((x) => !x.skipped && !x.ok);
  if (!v) return `Argo accepts, we report [${[...new Set(r.ours.map((e) => e.ruleId))].join(', ')}]`;
  const generic = (v.error ?? '')
    .replace(/"[^"]*"|'[^']*'/g, '…')
    .replace(/\b(templates|spec)\.[\w.\-[\]…]+\s*/g, '')
    .replace(/\d+/g, 'N')
    .slice(0, 90);
  return `Argo rejects, we accept: ${generic}`;
}

describe("Argo's validator as an oracle over seeded mutations", function () {
  this.timeout(20 * 60 * 1000);
  const all = seeds();
  const perSeed = Math.ceil((MIN_MUTANTS * 1.08) / all.length);
  const work = all.flatMap((seed) =>
    mutants(seed.name, readFileSync(seed.file, 'utf8'), perSeed).map((mutant) => ({ seed, mutant })),
  );
  let verdicts = new Map<string, OracleVerdict[]>();

  before(async function () {
    requireOracle(this);
    verdicts = await runOracleBatch(
      work.map(({ seed, mutant }) => ({ id: mutant.id, text: mutant.text, deps: seed.deps })),
      { templatesAnyNamespace: true },
    );
  });

  it(`agrees with our linter on at least ${THRESHOLD}% of ${MIN_MUTANTS}+ mutated manifests`, () => {
    const rows = work
      .map(({ seed, mutant }) => ({ seed, mutant, v: verdicts.get(mutant.id) ?? [] }))
      .filter(({ v }) => v.some((x) => !x.skipped))
      .map(({ seed, mutant, v }) => compare(seed, mutant, v));
    const bad = rows.filter((r) => !r.agree);
    const rejected = rows.filter((r) => r.verdicts.some((v) => !v.ok)).length;
    const pct = (100 * (rows.length - bad.length)) / rows.length;
    console.log(
      `      ${rows.length} mutated manifests from ${all.length} files (${perSeed} each at most); Argo rejects ` +
        `${rejected}, accepts ${rows.length - rejected}; ${rows.length - bad.length} agree, ${bad.length} disagree: ` +
        `${pct.toFixed(2)}% agreement`,
    );
    console.log('      per operator: agree/total (Argo rejects):');
    for (const op of OPERATOR_NAMES) {
      const rs = rows.filter((r) => r.mutant.operator === op);
      const rej = rs.filter((r) => r.verdicts.some((v) => !v.ok)).length;
      console.log(`        ${op.padEnd(20)} ${rs.filter((r) => r.agree).length}/${rs.length} (${rej})`);
    }
    const byCategory = new Map<string, Row[]>();
    for (const r of bad) byCategory.set(category(r), [...(byCategory.get(category(r)) ?? []), r]);
    console.log('      disagreements by category:');
    for (const [c, rs] of [...byCategory].sort((a, b) => b[1].length - a[1].length))
      console.log(`        ${String(rs.length).padStart(4)}  ${c}`);
    const explain = (r: Row) =>
      knownReason({
        what: r.mutant.what,
        operator: r.mutant.operator,
        verdicts: r.verdicts,
        ours: r.ours,
      });
    console.log('      by reason (docs/rules/lint-differential.md):');
    for (const k of KNOWN_REASONS) {
      const n = bad.filter((r) => explain(r) === k).length;
      if (n) console.log(`        ${String(n).padStart(4)}  ${k.id}: ${k.reason}`);
    }
    const unexplained = bad.filter((r) => !explain(r));
    console.log('      every disagreement:');
    for (const r of bad) {
      const argo = r.verdicts
        .filter((v) => !v.skipped)
        .map((v) => (v.ok ? 'accepts' : `rejects: ${v.error}`))
        .join(' | ');
      const ours = r.ours.length ? r.ours.map((e) => `[${e.ruleId}] ${e.message}`).join(' | ') : '(no error)';
      console.log(`        ${r.mutant.id}: ${r.mutant.what}\n          Argo ${argo}\n          ours: ${ours}`);
      console.log(
        `          reason: ${explain(r)?.id ?? 'UNEXPLAINED (add a reason to knownDisagreements.ts and the docs)'}`,
      );
    }
    // Beyond Argo: errors Argo accepts (it fails later). Measured apart: how often they speak on mutants Argo accepts.
    const accepted = rows.filter((r) => r.verdicts.every((v) => v.ok));
    const beyond = accepted.filter((r) => r.beyond.length);
    console.log(
      `      beyond-Argo rules: error on ${beyond.length} of ${accepted.length} mutants Argo accepts ` +
        `[${[...new Set(beyond.flatMap((r) => r.beyond.map((e) => e.ruleId)))].join(', ')}]`,
    );
    for (const r of beyond)
      console.log(`        ${r.mutant.id}: ${r.beyond.map((e) => `[${e.ruleId}] ${e.message}`).join(' | ')}`);
    assert.ok(rows.length >= MIN_MUTANTS, `only ${rows.length} mutated manifests compared`);
    assert.ok(pct >= THRESHOLD, `agreement ${pct.toFixed(2)}% fell below ${THRESHOLD}%`);
    assert.deepEqual(
      unexplained.map((r) => r.mutant.id),
      [],
      'disagreements without a known reason (see test/oracle/knownDisagreements.ts)',
    );
  });
});
