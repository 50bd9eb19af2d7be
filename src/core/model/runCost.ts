// What the runs of a WorkflowTemplate or CronWorkflow cost, priced from what their records say they used (see
// runRecord.ts) with the prices set: a run's cost, the median cost of the earlier runs its duration is compared with
// (the last 10 that succeeded), and whether it cost much more than usual (more than 1.5x that median). Records kept
// before usage was recorded have no cost and are left out of the median.
import { formatMoney, hasPrices, priceOfRunUsage, type CostPrices } from './cost';
import { baselineOf, median, MIN_HISTORY, ratioText, SLOW_FACTOR } from './runHistory';
import type { RunRecord } from './runRecord';

/** Costing more than this many times the median is costly. */
export const COSTLY_FACTOR = SLOW_FACTOR;

export interface RunCostComparison {
  currency: string;
  /** This run's cost; undefined when its record does not say what it used. */
  cost?: number;
  /** The median cost of the earlier runs compared with, when at least MIN_HISTORY of them have a cost. */
  medianCost?: number;
  /** Earlier runs with a cost the median is taken over. */
  runs: number;
  /** cost / medianCost, when both are known. */
  ratio?: number;
  costly: boolean;
  /** "3.3x usual", when costly. */
  short?: string;
  /** One or two sentences for a tooltip. */
  text: string;
}

/** A run's cost with these prices; undefined without prices or when its record does not say what it used. */
export function runCostOf(r: RunRecord, prices: CostPrices | undefined): number | undefined {
  return hasPrices(prices) && r.usage ? priceOfRunUsage(r.usage, prices).total : undefined;
}

/**
 * A run's cost against the earlier runs of its template; undefined without prices, or when neither this run nor
 * enough earlier ones have a cost to show.
 */
export function compareRunCost(
  run: RunRecord,
  earlier: RunRecord[],
  prices: CostPrices | undefined,
): RunCostComparison | undefined {
  if (!hasPrices(prices)) return undefined;
  const currency = prices.currency || '$';
  const m = (n: number) => formatMoney(n, currency);
  const cost = runCostOf(run, prices);
  const costs = baselineOf(run, earlier).flatMap((r) => {
    const c = runCostOf(r, prices);
    return c === undefined ? [] : [c];
  });
  const medianCost = costs.length >= MIN_HISTORY ? median(costs) : undefined;
  if (cost === undefined && medianCost === undefined) return undefined;
  const last = `the last ${costs.length} run${costs.length === 1 ? '' : 's'}`;
  const spot = run.usage?.spot ? ' Part of it ran on spot nodes (priced with the spot discount).' : '';
  if (cost === undefined)
    return {
      currency,
      medianCost,
      runs: costs.length,
      costly: false,
      text: `This run's cost is not known (its record does not say what it used); the median of ${last} is ~${m(medianCost!)}.`,
    };
  if (medianCost === undefined)
    return { currency, cost, runs: costs.length, costly: false, text: `This run cost ~${m(cost)}.${spot}` };
  const ratio = medianCost > 0 ? cost / medianCost : cost > 0 ? Infinity : 1;
  const costly = ratio > COSTLY_FACTOR;
  const times = Number.isFinite(ratio) ? ratioText(ratio) : 'far more than';
  return {
    currency,
    cost,
    medianCost,
    runs: costs.length,
    ratio,
    costly,
    ...(costly ? { short: `${times} usual` } : {}),
    text: costly
      ? `This run cost ~${m(cost)}, ${times} the median of ${last} (~${m(medianCost)}).${spot}`
      : `This run cost ~${m(cost)}; the median of ${last} is ~${m(medianCost)}.${spot}`,
  };
}
