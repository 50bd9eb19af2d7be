// Lint cost against the floor of parsing the same YAML (eemeli/yaml parseAllDocuments), same files, same process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LineCounter, parseAllDocuments } from 'yaml';
import { lintText } from '../src/core/lint/lint';
import { CORPUS } from '../test/support/paths';
import { yamlFiles } from '../test/unit/lint/corpus';
import { FUZZ, mutatedSample, mutationSamples } from '../test/unit/lint/mutations';
import type { BenchReport } from './run.mts';

const RUNS = 15;
const WARMUP = 10;
const TARGET = 1.5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A steps workflow of about `lines` lines: many templates, steps with arguments and variables. */
export function generateWorkflow(lines: number): string {
  const out = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  generateName: big-',
    'spec:',
    '  entrypoint: main',
    '  arguments:',
    '    parameters: [{name: date, value: "2026-01-01"}]',
    '  templates:',
    '  - name: main',
    '    steps:',
  ];
  const n = Math.floor(lines / 30);
  for (let i = 0; i < n; i++)
    out.push(
      `    - - name: step-${i}`,
      `        template: work-${i}`,
      '        arguments:',
      `          parameters: [{name: msg, value: "{{workflow.parameters.date}}-${i}"}]`,
    );
  for (let i = 0; i < n; i++) {
    out.push(
      `  - name: work-${i}`,
      '    inputs:',
      '      parameters:',
      '      - name: msg',
      '    outputs:',
      '      parameters:',
      '      - name: out',
      '        valueFrom: {path: /tmp/out}',
      '    retryStrategy: {limit: 2}',
      '    container:',
      '      image: python:3.12.4',
      '      command: [python, -c]',
      `      args: ["print('{{inputs.parameters.msg}}')"]`,
      '      resources:',
      '        requests: {memory: 256Mi, cpu: 100m}',
      '        limits: {memory: 512Mi}',
      '      env:',
      '      - {name: STEP, value: "' + i + '"}',
      '      - {name: POD, value: "{{pod.name}}"}',
      '      volumeMounts:',
      '      - {name: work, mountPath: /work}',
      '    volumes:',
      '    - {name: work, emptyDir: {}}',
      '    metadata:',
      '      labels: {team: data}',
    );
  }
  return out.join('\n') + '\n';
}

function measure(name: string, texts: string[]): BenchReport {
  const parseOne = (t: string) => parseAllDocuments(t, { lineCounter: new LineCounter() });
  // Warm both up alike until V8 has optimised them: the ~100 functions of the rules need a few passes over the files
  // where parsing alone settles after one, so a single warm-up would measure the JIT rather than the linter.
  for (let i = 0; i < WARMUP; i++) {
    for (const t of texts) {
      parseOne(t);
      lintText(t);
    }
  }
  // The speed of these machines drifts by ±50% from one moment to the next, so parse and lint are timed
  // alternately, file by file (a single large file: five times per run), and each run's ratio compares sums taken
  // over the same moments. Reported: the median run.
  const reps = texts.length < 5 ? 5 : 1;
  const p: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let tp = 0;
    let tl = 0;
    for (const t of texts) {
      for (let r = 0; r < reps; r++) {
        const a = performance.now();
        parseOne(t);
        const b = performance.now();
        lintText(t);
        tl += performance.now() - b;
        tp += b - a;
      }
    }
    p.push(tp);
    l.push(tl);
  }
  const ratios = l.map((x, i) => x / p[i]!);
  const ratio = median(ratios);
  return {
    name,
    detail: {
      'parse only (median ms per run)': median(p).toFixed(2),
      'lint incl. parse (median ms per run)': median(l).toFixed(2),
      'lint / parse': `${ratio.toFixed(2)}x (target <= ${TARGET}x; runs ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x)`,
    },
    pass: ratio <= TARGET,
  };
}

/** Best of `n` timings of `f` (ms): on a busy machine one timing says more about the machine than about `f`. */
function best(f: () => unknown, n = 5): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    f();
    min = Math.min(min, performance.now() - a);
  }
  return min;
}

/** An alias bomb: 12 levels of 9 aliases each, about 9^12 nodes once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\n${lines.join('\n')}\nspec:\n  entrypoint: main\n  templates: []\n`;
}

// An expanded bomb or a parsed 10 MB file would take seconds, hundreds of times these floors.
const HOSTILE_TARGETS = { mutated: 20, aliasBomb: 20, tooLarge: 1 };

/**
 * Hostile input (the speed side of test/unit/lint/robustness.test.ts), each against a floor timed in the same run:
 * the slowest of the fuzz test's mutated files against the slowest unmutated one; an alias bomb against parsing it
 * without expanding its aliases; a 10 MB file against one pass over its text.
 */
function measureHostile(): BenchReport[] {
  const samples = mutationSamples();
  const mutated = fc.sample(mutatedSample(samples), FUZZ);
  for (const t of [...samples, ...mutated]) lintText(t); // warm-up
  let slowest = '';
  let slowestMs = -1;
  for (const t of mutated) {
    const ms = best(() => lintText(t), 1);
    if (ms > slowestMs) [slowest, slowestMs] = [t, ms];
  }
  const floor = Math.max(...samples.map((t) => best(() => lintText(t))));
  const worst = best(() => lintText(slowest));

  const bomb = aliasBomb();
  const bombParse = best(() => parseAllDocuments(bomb, { lineCounter: new LineCounter() }));
  const bombLint = best(() => lintText(bomb));

  const huge = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n' + '# padding\n'.repeat(1_100_000);
  const scan = best(() => huge.indexOf('\u0000'));
  const hugeLint = best(() => lintText(huge));

  const ratio = (a: number, b: number) => a / Math.max(b, 0.001);
  return [
    {
      name: `lint: slowest of ${mutated.length} mutated corpus files (fuzz seed ${FUZZ.seed})`,
      detail: {
        'slowest unmutated file (best ms)': floor.toFixed(2),
        'slowest mutated file (best ms)': worst.toFixed(2),
        'mutated / unmutated': `${ratio(worst, floor).toFixed(2)}x (target <= ${HOSTILE_TARGETS.mutated}x)`,
      },
      pass: ratio(worst, floor) <= HOSTILE_TARGETS.mutated,
    },
    {
      name: 'lint: alias bomb (refused, not expanded)',
      detail: {
        'parse without expanding (best ms)': bombParse.toFixed(2),
        'lint (best ms)': bombLint.toFixed(2),
        'lint / parse': `${ratio(bombLint, bombParse).toFixed(2)}x (target <= ${HOSTILE_TARGETS.aliasBomb}x)`,
      },
      pass: ratio(bombLint, bombParse) <= HOSTILE_TARGETS.aliasBomb,
    },
    {
      name: 'lint: 10 MB file (refused, not parsed)',
      detail: {
        'one pass over the text (best ms)': scan.toFixed(3),
        'lint (best ms)': hugeLint.toFixed(3),
        'lint / one pass': `${ratio(hugeLint, scan).toFixed(2)}x (target <= ${HOSTILE_TARGETS.tooLarge}x)`,
      },
      pass: ratio(hugeLint, scan) <= HOSTILE_TARGETS.tooLarge,
    },
  ];
}

export async function run(): Promise<BenchReport[]> {
  const examples = yamlFiles(path.join(CORPUS, 'argo-examples')).map((f) => readFileSync(f, 'utf8'));
  const big = generateWorkflow(5000);
  return [
    measure(`lint: Argo examples corpus (${examples.length} files)`, examples),
    measure(`lint: generated workflow (${big.split('\n').length} lines)`, [big]),
    ...measureHostile(),
  ];
}
