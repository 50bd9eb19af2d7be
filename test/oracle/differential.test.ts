/**
 * Differential test over seeded mutations (issue #15): thousands of small mistakes (test/oracle/mutate.ts) made in
 * the corpus's valid manifests and the generated (Hera, Kubeflow) workflows, each judged by Argo's own validator
 * (the oracle) and by our linter. Per document: Argo rejects → we report at least one error; Argo accepts → none of
 * our validator-parity rules reports an error (rules that go beyond Argo are measured apart). A mutant agrees when
 * all its documents do.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint/lint';
import { rules } from '../../src/core/lint/registry';
import { chainIndexes, MapTemplateIndex } from '../../src/core/lint/templateIndex';
import type { LintFinding } from '../../src/core/lint/types';
import { OracleUnavailable, oracleBinary, runOracleBatch, type OracleVerdict } from '../support/oracle';
import { CORPUS, REPO_ROOT } from '../support/paths';
import { mutants, OPERATOR_NAMES, type Mutant } from './mutate';

/** Agreement target of the issue, and the minimum number of mutated manifests. */
const THRESHOLD = 99;
const MIN_MUTANTS = 5000;
const ORACLE_ARGO = '4.0';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) {
      if (e !== 'deps') out.push(...yamlFiles(p));
    } else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out.sort();
}

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
  const valid = path.join(CORPUS, 'argo-valid');
  for (const f of yamlFiles(valid)) {
    const dep = path.join(valid, 'deps', path.basename(f).replace(/\.ya?ml$/, '.deps.yaml'));
    out.push({ file: f, name: path.relative(CORPUS, f), deps: exists(dep) ? [dep] : [] });
  }
  const generated = path.join(REPO_ROOT, 'test', 'fixtures', 'generated');
  for (const f of yamlFiles(generated)) out.push({ file: f, name: path.relative(generated, f), deps: [] });
  return out;
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Rules that report what Argo accepts (it fails or hurts later): not held to the oracle's "accepts". */
const BEYOND_ARGO = new Set(rules.filter((r) => r.beyondArgo).map((r) => r.id));

interface Row {
  mutant: Mutant;
  seed: Seed;
  verdicts: OracleVerdict[];
  /** Our errors per compared document (parity rules), and the beyond-Argo errors. */
  ours: LintFinding[][];
  beyond: LintFinding[];
  agree: boolean;
}

const baseIndexes = new Map<string, MapTemplateIndex>();
function baseIndex(deps: string[]): MapTemplateIndex {
  const key = deps.join('\0');
  let ix = baseIndexes.get(key);
  if (!ix) {
    ix = new MapTemplateIndex(true);
    for (const f of deps) ix.addFile(readFileSync(f, 'utf8'), f);
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
  const starts = verdicts.map((v) => v.line);
  const perDoc: LintFinding[][] = starts.map(() => []);
  const beyondPerDoc: LintFinding[][] = starts.map(() => []);
  for (const e of errors) {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= e.range.start.line) i++;
    (BEYOND_ARGO.has(e.ruleId) ? beyondPerDoc : perDoc)[i]?.push(e);
  }
  // Argo rejects: any error of ours agrees. Argo accepts: no error of a validator-parity rule.
  const agree = verdicts.every((v, i) =>
    v.skipped ? true : v.ok ? perDoc[i]!.length === 0 : perDoc[i]!.length + beyondPerDoc[i]!.length > 0,
  );
  const beyond = beyondPerDoc.flat();
  return { mutant, seed, verdicts, ours: perDoc, beyond, agree };
}

/** A disagreement's category: which side spoke, and the shape of what it said. */
function category(r: Row): string {
  const i = r.verdicts.findIndex((v, j) => !v.skipped && (v.ok ? r.ours[j]!.length > 0 : r.ours[j]!.length === 0));
  const v = r.verdicts[Math.max(0, i)]!;
  if (v.ok) return `Argo accepts, we report [${[...new Set(r.ours[i]!.map((e) => e.ruleId))].join(', ')}]`;
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
    try {
      oracleBinary();
    } catch (e) {
      if (e instanceof OracleUnavailable && !process.env.CI) {
        console.log(`      skipped: ${e.message}`);
        this.skip();
      }
      throw e;
    }
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
    console.log('      per operator (agree/total):');
    for (const op of OPERATOR_NAMES) {
      const rs = rows.filter((r) => r.mutant.operator === op);
      console.log(`        ${op.padEnd(20)} ${rs.filter((r) => r.agree).length}/${rs.length}`);
    }
    const byCategory = new Map<string, Row[]>();
    for (const r of bad) byCategory.set(category(r), [...(byCategory.get(category(r)) ?? []), r]);
    console.log('      disagreements by category:');
    for (const [c, rs] of [...byCategory].sort((a, b) => b[1].length - a[1].length))
      console.log(`        ${String(rs.length).padStart(4)}  ${c}`);
    console.log('      every disagreement:');
    for (const r of bad) {
      const argo = r.verdicts
        .filter((v) => !v.skipped)
        .map((v) => (v.ok ? 'accepts' : `rejects: ${v.error}`))
        .join(' | ');
      const ours = r.ours.flat().length
        ? r.ours
            .flat()
            .map((e) => `[${e.ruleId}] ${e.message}`)
            .join(' | ')
        : '(no error)';
      console.log(`        ${r.mutant.id}: ${r.mutant.what}\n          Argo ${argo}\n          ours: ${ours}`);
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
  });
});
