// The timeline's steps as a table: for screen readers and the keyboard (each step is a link that opens it), shown
// on demand. Capped: a 10,000-step workflow lists its first MAX_TABLE attempts, and says so.
import type { WorkflowTimeline } from '../../src/shared/model';
import { h } from '../dom';
import { duration, utc } from './format';

export const MAX_TABLE = 500;

export function rowsTable(t: WorkflowTimeline, open: (nodeId: string) => void): HTMLElement[] {
  const body = h('tbody');
  let shown = 0;
  outer: for (const row of t.rows) {
    const group = t.groups[row.group];
    for (const s of row.segments) {
      if (shown >= MAX_TABLE) break outer;
      shown++;
      const link = h('a', { href: '#', class: 'step-link' }, row.label);
      link.addEventListener('click', (e) => {
        e.preventDefault();
        open(s.nodeId);
      });
      const tr = h(
        'tr',
        {
          'data-node-id': s.nodeId,
          'data-row-id': row.id,
          'data-phase': s.phase,
          'data-attempt': String(s.attempt),
          'data-critical': s.critical ? 'true' : 'false',
          'data-gone': s.gone,
          'data-host': s.host,
          'data-zone': s.host && s.host === group?.node ? group.zone : undefined,
        },
        h('td', {}, link, row.path !== row.label ? h('span', { class: 'muted' }, ` ${row.path}`) : ''),
        h('td', {}, row.segments.length > 1 ? `${s.attempt} of ${row.segments.length}` : ''),
        h('td', {}, s.phase),
        h('td', {}, s.host ?? '—'),
        h('td', {}, s.host && s.host === group?.node ? (group.zone ?? '') : ''),
        h('td', {}, utc(s.start)),
        h('td', {}, `${duration(s.end - s.start)}${s.open ? ' (running)' : ''}`),
        h('td', {}, s.critical ? 'yes' : ''),
        h('td', { class: 'gone' }, s.gone !== undefined ? `gone: ${s.gone}` : ''),
      );
      body.append(tr);
    }
  }
  const caption = h(
    'caption',
    {},
    shown < t.segments
      ? `The first ${shown} of ${t.segments} step attempts, in the timeline's order.`
      : `${shown} step attempt(s), in the timeline's order.`,
  );
  const table = h(
    'table',
    { class: 'grid', id: 'rows-table' },
    caption,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Step', 'Attempt', 'Phase', 'Node', 'Zone', 'Started', 'Duration', 'Critical path', 'Pod'].map((x) =>
          h('th', { scope: 'col' }, x),
        ),
      ),
    ),
    body,
  );
  return [table];
}
