// What a template's runs cost, priced from what their records say they used: the last run's cost against the median
// of the earlier ones; nothing without prices; records kept before usage was recorded still load, without a cost.
import assert from 'node:assert/strict';
import type { CostPrices } from '../../../src/core/model/cost';
import { COSTLY_FACTOR, compareRunCost, runCostOf } from '../../../src/core/model/runCost';
import { mergeRuns } from '../../../src/core/model/runHistory';
import { normalizeRecord, recordFromWorkflow, type RunRecord } from '../../../src/core/model/runRecord';
import { history, run, slowRun, usualSteps } from '../../support/runs';

const prices: CostPrices = { cpuHour: 0.04, memoryGiBHour: 0.005, gpuHour: 2.5, currency: '$', spotDiscount: 0.7 };
const at = (min: number) => new Date(Date.parse('2026-11-01T02:00:00Z') + min * 60_000).toISOString();
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

/** A record as one of the nightly-etl history, with this much CPU (core-seconds) used. */
const withUsage = (r: RunRecord, cpuCoreSeconds: number): RunRecord => ({
  ...r,
  usage: { cpuCoreSeconds, memoryGiBSeconds: 0, gpuSeconds: 0 },
});

/** The same record as kept before usage was recorded. */
const withoutUsage = ({ usage: _u, ...r }: RunRecord): RunRecord => r;

describe('run cost: a template run against its history', () => {
  it('gives the last run cost and the median of the earlier runs, and says when a run cost much more', () => {
    // Ten earlier runs that used 1 to 1.9 core-hours; the median is 1.45 core-hours: $0.058.
    const earlier = history().map((r, i) => withUsage(r, 3600 * (1 + i / 10)));
    const usual = withUsage(recordFromWorkflow(run(19, usualSteps()))!, 3600 * 1.5);
    const c = compareRunCost(usual, earlier, prices)!;
    close(c.cost!, 0.06, 'last');
    close(c.medianCost!, 0.058, 'median');
    assert.equal(c.runs, 10);
    assert.equal(c.costly, false);
    assert.equal(c.text, 'This run cost ~$0.06; the median of the last 10 runs is ~$0.06.');
    const costly = withUsage(recordFromWorkflow(slowRun())!, 3600 * 1.45 * 3);
    const d = compareRunCost(costly, earlier, prices)!;
    assert.ok(d.ratio! > COSTLY_FACTOR);
    assert.equal(d.costly, true);
    assert.equal(d.short, '3.0x usual');
    assert.equal(d.text, 'This run cost ~$0.17, 3.0x the median of the last 10 runs (~$0.06).');
    // Fewer than three earlier runs with a cost: the run's own cost only.
    const few = compareRunCost(costly, earlier.slice(0, 2), prices)!;
    assert.equal(few.medianCost, undefined);
    assert.equal(few.costly, false);
    assert.equal(few.text, 'This run cost ~$0.17.');
  });

  it('shows no cost without prices', () => {
    const r = recordFromWorkflow(run(19, usualSteps()))!;
    assert.ok(r.usage);
    const earlier = history().map((x) => withUsage(x, 3600));
    for (const p of [undefined, {}, { cpuHour: 0, currency: '€' }]) {
      assert.equal(runCostOf(r, p), undefined);
      assert.equal(compareRunCost(r, earlier, p), undefined);
    }
  });

  it('loads an old record without usage, leaving it out of the median and its own cost unknown', () => {
    // As a store written before usage was kept holds it.
    const old = normalizeRecord({
      name: 'nightly-etl-1005',
      uid: 'uid-5',
      namespace: 'argo',
      template: { kind: 'CronWorkflow', namespace: 'argo', name: 'nightly-etl' },
      phase: 'Succeeded',
      started: at(-86_400),
      finished: at(-86_360),
      totalMs: 40 * 60_000,
      steps: [{ key: 'extract', ms: 600_000, count: 1 }],
    })!;
    assert.ok(old);
    assert.equal(old.usage, undefined);
    assert.equal(runCostOf(old, prices), undefined);
    const earlier = history().map((r, i) => (i < 7 ? withUsage(r, 3600) : withoutUsage(r)));
    // Only the seven earlier runs with usage make the median.
    const latest = withUsage(recordFromWorkflow(run(19, usualSteps()))!, 3600);
    assert.equal(compareRunCost(latest, [...earlier, old], prices)!.runs, 7);
    // The latest run itself without usage: its cost is not known, the median still is.
    const c = compareRunCost(withoutUsage(latest), earlier, prices)!;
    assert.equal(c.cost, undefined);
    assert.match(c.text, /^This run's cost is not known .*; the median of the last 7 runs is ~\$0\.04\.$/);
    // Nothing has usage: nothing to show.
    assert.equal(compareRunCost(old, history().map(withoutUsage), prices), undefined);
    // The same run from an old store and read again: the record that says what it used is kept.
    const again = withUsage(old, 3600);
    assert.equal(mergeRuns([old], [again])[0]!.usage?.cpuCoreSeconds, 3600);
    assert.equal(mergeRuns([again], [old])[0]!.usage?.cpuCoreSeconds, 3600);
  });
});
