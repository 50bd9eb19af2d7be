// Kubernetes resource quantities in full ("123456n" from metrics-server, "1.5Gi", "2e3"), and the few ways the
// panel writes cpu and memory back.

/** Decimal suffixes as powers of ten (parsed as `<number>e<power>`, so "123456n" is exact). */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d{1,3}))?$/;

/**
 * A non-negative Kubernetes quantity as a number of base units (cores, bytes), or undefined when it is not one
 * (negative, empty, not a string, a unit Kubernetes does not know).
 */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0 ? q : undefined;
  if (typeof q !== 'string' || q.length > 64) return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const exp = m[2] ? DECIMAL[m[2]] : m[3] ? Number(m[3]) : 0;
  const n = exp !== undefined ? Number(`${m[1]}e${exp}`) : Number(m[1]) * BINARY[m[2]!]!;
  return Number.isFinite(n) ? n : undefined;
}

const MI = 1024 ** 2;
const GI = 1024 ** 3;

/** Cores as Kubernetes writes them: "120m" under one core, "1.5" above. */
export function formatCpu(cores: number): string {
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return `${+cores.toFixed(2)}`;
}

/** Bytes in Mi under 1Gi, in Gi above ("600Mi", "7.5Gi"). */
export function formatMemory(bytes: number): string {
  if (bytes >= GI) return `${+(bytes / GI).toFixed(2)}Gi`;
  if (bytes >= MI) return `${Math.round(bytes / MI)}Mi`;
  return `${Math.round(bytes / 1024)}Ki`;
}

export type UsageResource = 'cpu' | 'memory';

export function formatResource(r: UsageResource, v: number): string {
  return r === 'cpu' ? formatCpu(v) : formatMemory(v);
}

/** A request rounded up to a unit people write: 100m of cpu (50m under half a core), 64Mi of memory (256Mi above 4Gi). */
export function roundRequest(r: UsageResource, v: number): number {
  if (r === 'cpu') {
    const step = v < 0.5 ? 0.05 : 0.1;
    return Math.round(Math.max(step, Math.ceil(v / step - 1e-9) * step) * 1000) / 1000;
  }
  const step = v > 4 * GI ? 256 * MI : 64 * MI;
  return Math.max(step, Math.ceil(v / step - 1e-9) * step);
}
