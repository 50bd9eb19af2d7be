// The workflow panel, browser side: insights, a legend, the timeline on a canvas and the same steps as a table. Data
// only arrives by postMessage (validated) and is rendered as text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { WorkflowTimeline } from '../../src/shared/model';
import {
  isToWorkflowWebview,
  isWorkflowRef,
  type ToWorkflowHost,
  type WorkflowRef,
} from '../../src/shared/workflowProtocol';
import { h } from '../dom';
import { duration, utc } from './format';
import { insightsList } from './insightsList';
import { rowsTable } from './rowsTable';
import { TimelineView } from './timelineView';
import '../base.css';
import './style.css';

interface VsCodeApi {
  postMessage(message: ToWorkflowHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const saved = (vscode.getState() as { ref?: unknown } | undefined)?.ref;
let ref: WorkflowRef | undefined = isWorkflowRef(saved) ? saved : undefined;

const openStep = (nodeId: string) => vscode.postMessage({ type: 'openStep', nodeId });

// ---- layout, built once ----------------------------------------------------------------------------------------
const title = h('h1', { id: 'workflow-title' }, ref?.workflow ?? 'Workflow');
const phase = h('span', { class: 'phase neutral', id: 'workflow-phase', hidden: true });
const subtitle = h('p', { class: 'muted', id: 'subtitle' });
const status = h('p', { class: 'muted', id: 'status', role: 'status' }, 'Loading…');
const errorBanner = h('div', { class: 'banner error', id: 'error', role: 'alert', hidden: true });
const button = (id: string, icon: string, label: string, run: () => void) => {
  const b = h('vscode-button', { id, icon, secondary: true, title: label, 'aria-label': label });
  b.addEventListener('click', run);
  return b;
};
const view = new TimelineView(openStep);
const tableSection = h('section', { id: 'table-section', class: 'visually-hidden' });
const tableButton = button('toggle-table', 'table', 'Show the steps as a table', () => {
  const shown = tableSection.classList.toggle('visually-hidden') === false;
  tableButton.setAttribute('title', shown ? 'Hide the table' : 'Show the steps as a table');
  tableButton.toggleAttribute('checked', shown);
  if (shown) tableSection.scrollIntoView({ block: 'nearest' });
});
const insights = h('section', { id: 'insights', 'aria-label': 'Insights' });
const swatch = (cls: string, label: string) =>
  h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), label);
const legend = h(
  'div',
  { class: 'legend', id: 'legend', 'aria-label': 'Legend' },
  swatch('succeeded', 'Succeeded'),
  swatch('failed', 'Failed / Error'),
  swatch('running', 'Running'),
  swatch('pending', 'Pending'),
  swatch('other', 'Skipped / other'),
  swatch('critical', 'Critical path'),
  swatch('gone', 'Pod no longer exists'),
  h(
    'span',
    { class: 'legend-hint muted' },
    'Drag or shift+wheel to pan · ctrl+wheel to zoom · click a bar to open its step',
  ),
);

app.replaceChildren(
  h(
    'header',
    {},
    h('div', {}, h('div', { class: 'title-line' }, title, phase), subtitle),
    h(
      'div',
      { class: 'actions' },
      button('zoom-in', 'zoom-in', 'Zoom in', () => view.zoom(1.5)),
      button('zoom-out', 'zoom-out', 'Zoom out', () => view.zoom(1 / 1.5)),
      button('zoom-fit', 'screen-full', 'Fit the whole run', () => view.fit()),
      tableButton,
      button('refresh', 'refresh', 'Refresh', () => vscode.postMessage({ type: 'refresh' })),
    ),
  ),
  errorBanner,
  status,
  insights,
  legend,
  view.element,
  tableSection,
);

new ResizeObserver(() => view.resize()).observe(view.element);
// VS Code sets the theme's variables on <html> and its kind as a class of <body>.
const themeWatch = new MutationObserver(() => view.retheme());
themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---- rendering --------------------------------------------------------------------------------------------------
const PHASE_CLASS: Record<string, string> = {
  Failed: 'bad',
  Error: 'bad',
  Succeeded: 'good',
  Running: 'running',
};

let insightsShown = '';

function render(t: WorkflowTimeline, list: Parameters<typeof insightsList>[0]): void {
  errorBanner.hidden = true;
  title.textContent = t.workflow.name || ref?.workflow || 'Workflow';
  phase.textContent = t.workflow.phase || 'Unknown';
  phase.className = `phase ${PHASE_CLASS[t.workflow.phase] ?? 'neutral'}`;
  phase.hidden = false;
  const steps = t.rows.length;
  subtitle.textContent = [
    `namespace ${t.workflow.namespace}`,
    ref ? `context ${ref.context}` : '',
    `${steps} step(s), ${t.segments} attempt(s)`,
    t.gone ? `${t.gone} pod(s) gone` : '',
    t.segments ? `started ${utc(t.start)}, ${duration(t.end - t.start)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  status.textContent = t.message ?? (t.segments ? '' : 'No step has started yet.');
  status.hidden = !status.textContent;
  // Insights are rebuilt only when they change: a live workflow sends a layout every half second, and a link the
  // user is about to click must stay.
  const key = JSON.stringify(list);
  if (key !== insightsShown) {
    insightsShown = key;
    insights.replaceChildren(h('h2', {}, 'Insights'), insightsList(list, openStep));
  }
  view.setTimeline(t);
  const focused = document.activeElement?.closest('tr')?.getAttribute('data-node-id');
  tableSection.replaceChildren(h('h2', {}, 'Steps'), ...rowsTable(t, openStep));
  if (focused)
    tableSection
      .querySelector<HTMLElement>(`tr[data-node-id="${CSS.escape(focused)}"] a`)
      ?.focus({ preventScroll: true });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (!isToWorkflowWebview(m)) return;
  switch (m.type) {
    case 'ref':
      ref = m.ref;
      vscode.setState({ ref });
      if (!title.textContent || title.textContent === 'Workflow') title.textContent = ref.workflow;
      return;
    case 'timeline':
      render(m.timeline, m.insights);
      return;
    case 'loading':
      status.textContent = m.message;
      status.hidden = false;
      return;
    case 'error':
      errorBanner.textContent = m.message;
      errorBanner.hidden = false;
      status.hidden = true;
      return;
  }
});

vscode.postMessage({ type: 'ready' });
