/** How a phase looks in the sidebar: a codicon id and a theme colour id (VS Code's own, so every theme works). */
export function phaseIcon(phase: string | undefined, type?: string): { icon: string; color?: string } {
  switch (phase) {
    case 'Running':
      return { icon: 'sync~spin', color: 'charts.blue' };
    case 'Succeeded':
      return { icon: 'pass', color: 'testing.iconPassed' };
    case 'Failed':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'Error':
      return { icon: 'warning', color: 'list.warningForeground' };
    case 'Pending':
      return { icon: 'clock', color: 'charts.yellow' };
    case 'Skipped':
    case 'Omitted':
      return { icon: 'circle-slash', color: 'disabledForeground' };
    default:
      if (type === 'Suspend') return { icon: 'debug-pause', color: 'charts.orange' };
      return { icon: 'circle-outline' };
  }
}

/** `2m 05s`, `3h 10m`, `5d 2h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Running time of something started (and maybe finished), measured at `now`. */
export function elapsed(startedAt: string | undefined, finishedAt: string | undefined, now: Date): string {
  const start = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isNaN(start)) return '';
  const end = finishedAt ? Date.parse(finishedAt) : now.getTime();
  return formatDuration(end - start);
}

/** Escapes text for a MarkdownString so cluster data cannot add links, images or commands. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

const ORDER: Record<string, number> = { Failed: 0, Error: 0, Running: 1, Pending: 2 };

/** Sidebar order: failed first, then running, then pending, then the rest; newest first within each. */
export function compareWorkflows(
  a: { phase?: string; created?: string },
  b: { phase?: string; created?: string },
): number {
  const ra = ORDER[a.phase ?? ''] ?? 3;
  const rb = ORDER[b.phase ?? ''] ?? 3;
  const ca = a.created ?? '';
  const cb = b.created ?? '';
  return ra - rb || (cb < ca ? -1 : cb > ca ? 1 : 0);
}
