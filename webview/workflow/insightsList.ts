// The insights above the timeline: one line each with its detail, and a link to the step it is about.
import type { Insight } from '../../src/shared/model';
import { h } from '../dom';

const ICON = { error: 'error', warning: 'warning', info: 'info' } as const;

export function insightsList(insights: Insight[], open: (nodeId: string) => void): HTMLElement {
  if (!insights.length) return h('p', { class: 'muted', id: 'insights-none' }, 'Nothing stands out yet.');
  return h(
    'ul',
    { id: 'insights-list' },
    ...insights.map((i) => {
      let link: HTMLElement | undefined;
      if (i.nodeId) {
        const nodeId = i.nodeId;
        link = h('a', { href: '#', class: 'insight-link', 'data-node-id': nodeId }, 'Open step');
        link.addEventListener('click', (e) => {
          e.preventDefault();
          open(nodeId);
        });
      }
      return h(
        'li',
        { class: `insight ${i.severity}`, 'data-insight-id': i.id },
        h('span', { class: `codicon codicon-${ICON[i.severity]}`, 'aria-label': i.severity }),
        h(
          'div',
          { class: 'insight-body' },
          h('span', { class: 'insight-title' }, i.title),
          link ? ' ' : '',
          link,
          h('div', { class: 'insight-detail muted' }, i.detail),
        ),
      );
    }),
  );
}
