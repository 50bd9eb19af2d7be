// The step panel's "Requested vs used" section: per container, cpu and memory against their request and limit,
// the verdicts in plain words and the suggested request. Every value is text.
import type { UsageRow, UsageView } from '../src/shared/model';
import { facts, grid, h } from './dom';

const VERDICT: Record<UsageRow['verdict'], string> = {
  'over-provisioned': 'over-provisioned',
  'near-limit': 'near its limit',
  ok: 'ok',
  unmeasured: 'not measured',
};

export function usageView(u: UsageView): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (u.note) out.push(h('div', { class: 'banner info', id: 'usage-note' }, u.note));
  const findings = u.lines.filter((l) => u.rows.some((r) => r.advice === l));
  for (const line of findings) {
    const near = u.rows.some((r) => r.advice === line && r.verdict === 'near-limit');
    out.push(h('div', { class: `banner ${near ? 'error' : 'warning'}`, role: near ? 'alert' : undefined }, line));
  }
  if (u.rows.length) {
    const table = grid(
      ['Container', 'Resource', 'Request', 'Limit', 'Peak', 'Average', '% of request', 'Verdict', 'Suggested request'],
      u.rows.map((r) => [
        r.container,
        r.resource,
        r.request ?? '—',
        r.limit ?? '—',
        r.peak ?? '—',
        r.average ?? '—',
        r.percentOfRequest !== undefined ? `${r.percentOfRequest}%` : '',
        r.underSoFar ? 'under a third so far' : (VERDICT[r.verdict] ?? r.verdict),
        r.suggestedRequest ?? '',
      ]),
      'grid usage',
    );
    table.id = 'usage-table';
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      const v = u.rows[i]!.verdict;
      if (v === 'over-provisioned' || v === 'near-limit') tr.classList.add('warning');
    });
    out.push(table);
  }
  if (u.argo)
    out.push(
      h('h3', {}, 'What Argo recorded'),
      facts([
        ['Run time', u.argo.duration],
        ['CPU', u.argo.cpuSeconds !== undefined ? `${Math.round(u.argo.cpuSeconds)} core-seconds` : undefined],
        [
          'Memory',
          u.argo.memorySeconds !== undefined ? `${Math.round(u.argo.memorySeconds)} × 100Mi-seconds` : undefined,
        ],
        [
          'Held on average',
          [u.argo.cpuHeld && `${u.argo.cpuHeld} CPU`, u.argo.memoryHeld && `${u.argo.memoryHeld} memory`]
            .filter(Boolean)
            .join(', '),
        ],
      ]),
    );
  const rest = u.lines.filter((l) => !findings.includes(l));
  for (const line of rest) out.push(h('p', { class: 'muted' }, line));
  return out;
}
