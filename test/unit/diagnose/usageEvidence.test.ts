// Usage sampled while a step ran, carried in its bundle: an OOMKilled step's explanation says how close the memory
// came to the limit and that it kept rising; a bundle without usage (or with malformed usage) explains as before.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FailureBundle } from '../../../src/core/diagnose/bundle';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { FAILURES } from '../../support/paths';

const MI = 1024 ** 2;
const oomCase = () =>
  JSON.parse(readFileSync(path.join(FAILURES, 'cases', 'c01-oom-main-pandas.json'), 'utf8')) as FailureBundle;
type Containers = { name: string; resources?: { limits?: { memory?: string } } }[];
const limitOf = (b: FailureBundle) =>
  (b.pod as { spec: { containers: Containers } }).spec.containers.find((c) => c.name === 'main')?.resources?.limits
    ?.memory;
const sample = (minute: number, mainMi: number) => ({
  at: `2026-11-29T10:${String(minute).padStart(2, '0')}:00Z`,
  containers: [
    { name: 'main', cpu: 0.9, memory: mainMi * MI },
    { name: 'wait', cpu: 0.001, memory: 20 * MI },
  ],
});

describe('explain failure: usage sampled while the step ran', () => {
  it('says how close an OOMKilled container came to its limit, and that it kept rising', () => {
    const b = oomCase();
    const limit = limitOf(b);
    assert.ok(limit, 'the case sets a memory limit on main');
    const plain = diagnose(b);
    assert.equal(plain.rootCause, 'oom-killed-main');
    assert.ok(!plain.evidence.some((e) => /metrics API/.test(e)));

    const limitMi = Number(/^(\d+)Gi$/.exec(limit!)![1]) * 1024;
    const usage = [sample(0, limitMi * 0.4), sample(5, limitMi * 0.7), sample(10, limitMi * 0.94)];
    const d = diagnose({ ...b, usage: [usage[2]!, usage[0]!, usage[1]!] }); // any order in a file
    assert.equal(d.rootCause, 'oom-killed-main');
    const line = d.evidence.find((e) => /metrics API/.test(e));
    assert.ok(line, d.evidence.join('\n'));
    assert.match(line, /Memory used by main, measured by the metrics API \(3 samples over 10 minutes\)/);
    assert.match(line, new RegExp(`peak [\\d.]+Gi \\(94% of its ${limit} limit\\)`));
    assert.match(line, /last [\d.]+Gi at 10:10:00 UTC on 2026-11-29, rising from [\d.]+(Gi|Mi)\./);
  });

  it('ignores malformed usage from a bundle file', () => {
    const b = oomCase();
    for (const usage of [
      'lots',
      [null, 1, { at: 'yesterday', containers: [{ name: 'main', memory: 1 }] }],
      [{ at: '2026-11-29T10:00:00Z', containers: [{ name: 'main', memory: -5 }, { memory: 3 }] }],
    ]) {
      const d = diagnose({ ...b, usage } as unknown as FailureBundle);
      assert.equal(d.rootCause, 'oom-killed-main');
      assert.ok(!d.evidence.some((e) => /metrics API/.test(e)), JSON.stringify(usage));
    }
  });
});
