// What the metrics API measured of a container while its step ran (kept with the step's evidence), as one line of
// evidence: how close the memory came to the limit, and whether it kept growing.
import { formatMemory, quantityValue } from '../model/quantity';
import { clock, humanDuration, secondsBetween, type Facts } from './bundle';

/** Growth from the first to the last sample above which the memory is said to be rising. */
const RISING = 1.2;

export function memoryUsedLine(f: Facts, container: string, limit: string): string | undefined {
  const values = f.usage.flatMap((s) => {
    const m = s.containers.find((c) => c.name === container)?.memory;
    return m === undefined ? [] : [{ at: s.at, bytes: m }];
  });
  const first = values[0];
  const last = values[values.length - 1];
  if (!first || !last) return undefined;
  const peak = Math.max(...values.map((v) => v.bytes));
  const limitBytes = quantityValue(limit);
  const ofLimit = limitBytes ? ` (${Math.round((100 * peak) / limitBytes)}% of its ${limit} limit)` : '';
  const span = values.length > 1 ? ` over ${humanDuration(secondsBetween(first.at, last.at))}` : '';
  const rising =
    values.length >= 3 && last.bytes >= RISING * first.bytes ? `, rising from ${formatMemory(first.bytes)}` : '';
  return (
    `Memory used by ${container}, measured by the metrics API (${values.length} sample${values.length === 1 ? '' : 's'}${span}): ` +
    `peak ${formatMemory(peak)}${ofLimit}; last ${formatMemory(last.bytes)} at ${clock(last.at)}${rising}.`
  );
}
