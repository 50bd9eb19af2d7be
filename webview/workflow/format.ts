// Times and durations as the workflow panel writes them.

/** 0s, 45s, 3m 05s, 2h 10m, 3d 4h. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** An axis label for an offset from the workflow's start: 0, 30s, 1m, 1m 30s, 2h, 2h 15m. */
export function offset(ms: number): string {
  if (ms === 0) return '0';
  const sign = ms < 0 ? '−' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  if (s === 0) return `${sign}${Math.round(Math.abs(ms))}ms`;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).slice(0, 2);
  return sign + parts.join(' ');
}

/** 2026-01-01 10:17:05 UTC. */
export function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** Tick spacings of the time axis, the smallest at least `minMs` apart is used. */
const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5,
  216e5, 432e5, 864e5, 1728e5, 6048e5,
];

export function tickStep(minMs: number): number {
  return STEPS.find((s) => s >= minMs) ?? Math.ceil(minMs / 6048e5) * 6048e5;
}
