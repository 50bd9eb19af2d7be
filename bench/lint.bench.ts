// Lint cost against the floor of parsing the same YAML (eemeli/yaml parseAllDocuments), same files, same process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { lintText } from '../src/core/lint/lint';
import { CORPUS } from '../test/support/paths';
import { yamlFiles } from '../test/unit/lint/corpus';
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

export async function run(): Promise<BenchReport[]> {
  const examples = yamlFiles(path.join(CORPUS, 'argo-examples')).map((f) => readFileSync(f, 'utf8'));
  const big = generateWorkflow(5000);
  return [
    measure(`lint: Argo examples corpus (${examples.length} files)`, examples),
    measure(`lint: generated workflow (${big.split('\n').length} lines)`, [big]),
  ];
}
