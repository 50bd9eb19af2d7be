// `npm run bench`: runs every bench/*.bench.ts file (each exports `run(): Promise<BenchReport[]>`) and prints a table.
// Benchmarks report ratios against a floor or peer measured in the same run, since absolute times drift here.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchReport {
  name: string;
  /** What was measured, e.g. "lint 5,000-line workflow". */
  detail: Record<string, string | number>;
  /** True when the target is met. */
  pass?: boolean;
}

const only = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();
let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(import.meta.dirname, file)).href)) as {
    run(): Promise<BenchReport[]>;
  };
  for (const report of await mod.run()) {
    const verdict = report.pass === undefined ? '' : report.pass ? '  [target met]' : '  [TARGET MISSED]';
    if (report.pass === false) failed++;
    console.log(`\n${report.name}${verdict}`);
    for (const [k, v] of Object.entries(report.detail)) console.log(`  ${k.padEnd(34)} ${v}`);
  }
}
console.log(`\n${files.length} benchmark file(s); ${failed} target(s) missed`);
