// The step panel, browser side. Data only ever arrives by postMessage (validated) and is rendered as text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { isFailed, type ContainerInfo, type StepSnapshot } from '../src/shared/model';
import {
  isStepRef,
  isToWebview,
  MAX_FIND,
  type Explanation,
  type LogOptions,
  type LogState,
  type StepRef,
  type ToHost,
} from '../src/shared/protocol';
import { clear, facts, grid, h } from './dom';
import { LogView } from './logView';
import { usageView } from './usageView';
import './base.css';
import './style.css';

interface VsCodeApi {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

let ref: StepRef | undefined = isStepRef((vscode.getState() as { ref?: unknown } | undefined)?.ref)
  ? (vscode.getState() as { ref: StepRef }).ref
  : undefined;
let snapshot: StepSnapshot | undefined;
const log: LogOptions = { container: '', follow: true, previous: false, tailLines: 1000 };
const logView = new LogView(() => updateLogCount());

// ---- layout, built once ----------------------------------------------------------------------------------------
const title = h('h1', { id: 'title' }, 'Loading…');
const subtitle = h('p', { class: 'muted', id: 'subtitle' });
const errorBanner = h('div', { class: 'banner error', id: 'error', role: 'alert', hidden: true });
const banners = h('div', { id: 'banners' });
const explainButton = h('vscode-button', { id: 'explain', icon: 'question' }, 'Explain Failure');
const refreshButton = h('vscode-button', { id: 'refresh', icon: 'refresh', secondary: true }, 'Refresh');
const workflowButton = h(
  'vscode-button',
  { id: 'open-workflow', icon: 'graph-left', secondary: true, title: "Open the workflow's timeline" },
  'Workflow Timeline',
);
explainButton.addEventListener('click', () => vscode.postMessage({ type: 'explain' }));
workflowButton.addEventListener('click', () => vscode.postMessage({ type: 'openWorkflow' }));
refreshButton.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

const section = (id: string, heading: string, open = true) => {
  const body = h('div', { class: 'section-body' });
  const c = h('vscode-collapsible', { id, title: heading, open }, body);
  return { c, body };
};
const explainSec = section('explanation', 'Why it failed');
explainSec.c.hidden = true;
const stepSec = section('step', 'Step');
const podSec = section('pod', 'Pod');
const containersSec = section('containers', 'Containers');
const usageSec = section('usage', 'Requested vs used');
usageSec.c.hidden = true;
const eventsSec = section('events', 'Events');
const nodeSec = section('node', 'Node');
const placementSec = section('placement', 'Where the workflow ran', false);
const logsSec = section('logs', 'Logs');

// Logs toolbar.
const containerSelect = h('vscode-single-select', { id: 'log-container', 'aria-label': 'Container' }) as HTMLElement & {
  value: string;
};
const followBox = h('vscode-checkbox', { id: 'log-follow', label: 'Follow', checked: true }) as HTMLElement & {
  checked: boolean;
};
const previousBox = h('vscode-checkbox', { id: 'log-previous', label: 'Previous instance' }) as HTMLElement & {
  checked: boolean;
};
const wrapBox = h('vscode-checkbox', { id: 'log-wrap', label: 'Wrap', checked: true }) as HTMLElement & {
  checked: boolean;
};
const tailSelect = h(
  'vscode-single-select',
  { id: 'log-tail', 'aria-label': 'Lines to fetch' },
  ...[100, 1000, 10000].map((n) =>
    h('vscode-option', { value: String(n), selected: n === 1000 }, `last ${n.toLocaleString('en-US')}`),
  ),
) as HTMLElement & { value: string };
const filterField = h('vscode-textfield', {
  id: 'log-filter',
  placeholder: 'Filter lines',
  'aria-label': 'Filter lines',
}) as HTMLElement & { value: string };
const copyButton = h(
  'vscode-button',
  { id: 'log-copy', icon: 'copy', secondary: true, title: 'Copy the shown lines' },
  'Copy',
);
const editorButton = h(
  'vscode-button',
  { id: 'log-editor', icon: 'go-to-file', secondary: true, title: 'Open the log in an editor' },
  'Open in Editor',
);
const logStatus = h('p', { class: 'muted', id: 'log-status', role: 'status' });
const logCount = h('span', { class: 'muted', id: 'log-count' });
logsSec.body.append(
  h(
    'div',
    { class: 'toolbar' },
    containerSelect,
    tailSelect,
    followBox,
    previousBox,
    wrapBox,
    filterField,
    copyButton,
    editorButton,
  ),
  h('div', { class: 'log-meta' }, logStatus, logCount),
  logView.element,
);
logView.element.classList.add('wrap');

app.replaceChildren(
  h(
    'header',
    {},
    h('div', {}, title, subtitle),
    h('div', { class: 'actions' }, explainButton, workflowButton, refreshButton),
  ),
  errorBanner,
  banners,
  explainSec.c,
  stepSec.c,
  podSec.c,
  containersSec.c,
  usageSec.c,
  eventsSec.c,
  nodeSec.c,
  placementSec.c,
  logsSec.c,
);

function requestLogs(): void {
  if (!log.container) return;
  vscode.postMessage({ type: 'logOptions', options: { ...log } });
}
containerSelect.addEventListener('change', () => {
  log.container = containerSelect.value;
  requestLogs();
});
tailSelect.addEventListener('change', () => {
  log.tailLines = Number(tailSelect.value) || 1000;
  requestLogs();
});
followBox.addEventListener('change', () => {
  log.follow = followBox.checked;
  requestLogs();
});
previousBox.addEventListener('change', () => {
  log.previous = previousBox.checked;
  requestLogs();
});
wrapBox.addEventListener('change', () => logView.element.classList.toggle('wrap', wrapBox.checked));
let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterField.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => logView.setFilter(filterField.value ?? ''), 150);
});
copyButton.addEventListener('click', () => void navigator.clipboard?.writeText(logView.text()).catch(() => undefined));
editorButton.addEventListener(
  'click',
  () => log.container && vscode.postMessage({ type: 'openLogsInEditor', container: log.container }),
);

function updateLogCount(): void {
  logCount.textContent = `${logView.lineCount.toLocaleString('en-US')} line(s)${logView.dropped ? `, ${logView.dropped.toLocaleString('en-US')} older not kept` : ''}`;
}

// ---- rendering --------------------------------------------------------------------------------------------------
const phaseClass = (phase?: string) =>
  isFailed(phase) ? 'bad' : phase === 'Succeeded' ? 'good' : phase === 'Running' ? 'running' : 'neutral';
const phaseBadge = (phase?: string) => (phase ? h('span', { class: `phase ${phaseClass(phase)}` }, phase) : undefined);
const when = (t?: string) => (t ? t.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : undefined);
const message = (text?: string) => (text ? h('span', { class: 'message' }, text) : undefined);

function renderStep(s: StepSnapshot): void {
  const st = s.step;
  const body = stepSec.body;
  clear(body);
  body.append(
    facts([
      ['Phase', phaseBadge(st.phase)],
      ['Message', message(st.message)],
      ['Type', st.type],
      ['Template', st.template],
      ['Started', when(st.startedAt)],
      ['Finished', when(st.finishedAt)],
      ['Duration', st.duration],
      ['Ran on', st.hostNodeName],
      [
        'Exit code',
        st.exitCode !== undefined ? `${st.exitCode}${st.exitMeaning ? ` — ${st.exitMeaning}` : ''}` : undefined,
      ],
    ]),
  );
  if (s.timeline) body.append(...timelineView(s.timeline));
  if (st.attempts.length)
    body.append(
      h('h3', {}, `Attempts (${st.attemptsTotal ?? st.attempts.length})`),
      st.attemptsTotal
        ? h('p', { class: 'muted' }, `The last ${st.attempts.length} of ${st.attemptsTotal} attempts.`)
        : '',
      grid(
        ['Attempt', 'Phase', 'Message', 'Exit', 'Node', 'Started'],
        st.attempts.map((a) => [
          a.name,
          phaseBadge(a.phase),
          a.message ?? '',
          a.exitCode ?? '',
          a.hostNodeName ?? '',
          when(a.startedAt) ?? '',
        ]),
      ),
    );
  if (st.inputs.length)
    body.append(
      h('h3', {}, 'Inputs'),
      grid(
        ['Name', 'Value'],
        st.inputs.map((p) => [p.name, h('code', {}, p.value)]),
      ),
    );
  if (st.outputs.length)
    body.append(
      h('h3', {}, 'Outputs'),
      grid(
        ['Name', 'Value'],
        st.outputs.map((p) => [p.name, h('code', {}, p.value)]),
      ),
    );
}

/** "Where the time went": a bar of the step's phases (widths by time) and a row per phase. */
function timelineView(t: NonNullable<StepSnapshot['timeline']>): (HTMLElement | string)[] {
  const bar = h('div', { class: 'timeline-bar', id: 'timeline-bar', role: 'img' });
  bar.setAttribute('aria-label', t.segments.map((x) => `${x.label}: ${duration(x.ms)}`).join(', '));
  for (const x of t.segments) {
    const seg = h('div', { class: `timeline-seg seg-${x.phase}`, title: `${x.label}: ${duration(x.ms)}` });
    // CSSOM (allowed by the CSP, unlike style attributes): each phase as wide as its share of the time.
    seg.style.flexGrow = String(Math.max(x.ms, 1));
    bar.append(seg);
  }
  const pulls = t.pulls.filter((p) => p.image);
  return [
    h('h3', {}, 'Where the time went'),
    h(
      'p',
      { class: 'muted' },
      `${duration(t.waitingMs)} before the main container ran, ${duration(t.runningMs)} running and after.`,
    ),
    bar,
    grid(
      ['Phase', 'Time'],
      t.segments.map((x) => [
        h('span', {}, h('span', { class: `timeline-key seg-${x.phase}` }), ` ${x.label}`),
        duration(x.ms),
      ]),
    ),
    pulls.length
      ? h(
          'p',
          { class: 'muted', id: 'timeline-pulls' },
          `Images: ${pulls.map((p) => `${p.image} (${p.ms === 0 ? 'already on the node' : p.ms !== undefined ? `pulled in ${duration(p.ms)}` : 'pulled'})`).join(', ')}`,
        )
      : '',
  ];
}

/** 0s, 45s, 3m 05s, 2h 10m. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function renderPod(s: StepSnapshot): void {
  const body = podSec.body;
  clear(body);
  const p = s.pod;
  if (p.state !== 'present') {
    body.append(h('div', { class: `banner ${p.state === 'gone' ? 'warning' : 'info'}`, id: 'pod-missing' }, p.message));
    return;
  }
  if (s.recordedAt)
    body.append(
      h(
        'div',
        { class: 'banner info', id: 'pod-recorded' },
        `This pod no longer exists. Showing what Argo Doctor recorded at ${when(s.recordedAt) ?? s.recordedAt}, when the step failed.`,
      ),
    );
  body.append(
    facts([
      ['Name', h('code', {}, p.name)],
      ['Phase', phaseBadge(p.phase)],
      ['Reason', p.reason],
      ['Message', message(p.message)],
      ['QoS class', p.qosClass],
      ['Service account', p.serviceAccount],
      ['Restart policy', p.restartPolicy],
      ['Pod IP', p.podIP],
      ['Node selector', p.nodeSelector.join(', ')],
      ['Tolerations', p.tolerations.join('; ')],
      ['Affinity', p.affinity],
    ]),
  );
  if (p.conditions.length)
    body.append(
      h('h3', {}, 'Conditions'),
      grid(
        ['Condition', 'Status', 'Reason', 'Since', 'Message'],
        p.conditions.map((c) => [c.type, c.status, c.reason ?? '', when(c.time) ?? '', c.message ?? '']),
      ),
    );
}

function containerRow(c: ContainerInfo): HTMLElement {
  const state = `${c.state}${c.reason ? ` (${c.reason})` : ''}`;
  return h(
    'div',
    { class: `container ${c.state === 'terminated' && c.exitCode !== 0 ? 'bad' : ''}`, 'data-name': c.name },
    h('h3', {}, h('span', { class: 'kind' }, c.kind), ' ', c.name),
    facts([
      ['State', state],
      [
        'Exit code',
        c.exitCode !== undefined ? `${c.exitCode}${c.exitMeaning ? ` — ${c.exitMeaning}` : ''}` : undefined,
      ],
      ['Message', message(c.message)],
      ['Restarts', c.restarts ? String(c.restarts) : undefined],
      ['Last state', c.lastState],
      ['Image', c.image ? h('code', {}, c.image) : undefined],
      ['Requests', c.requests],
      ['Limits', c.limits],
      ['Started', when(c.startedAt)],
      ['Finished', when(c.finishedAt)],
    ]),
  );
}

function renderContainers(s: StepSnapshot): void {
  const body = containersSec.body;
  clear(body);
  if (s.pod.state !== 'present') {
    body.append(h('p', { class: 'muted' }, 'No pod to show containers of.'));
    return;
  }
  body.append(...s.pod.containers.map(containerRow));
}

function renderUsage(s: StepSnapshot): void {
  clear(usageSec.body);
  usageSec.c.hidden = !s.usage;
  if (s.usage) usageSec.body.append(...usageView(s.usage));
}

function renderEvents(s: StepSnapshot): void {
  const body = eventsSec.body;
  clear(body);
  if (!s.events.length) {
    body.append(h('p', { class: 'muted' }, 'No events (Kubernetes keeps them for about an hour).'));
    return;
  }
  const table = grid(
    ['Age', 'Object', 'Type', 'Reason', 'Count', 'Message'],
    s.events.map((e) => [e.age ?? '', e.object, e.type, e.reason, String(e.count), e.message]),
    'grid events',
  );
  table.querySelectorAll('tbody tr').forEach((tr, i) => s.events[i]!.type === 'Warning' && tr.classList.add('warning'));
  body.append(table);
}

function renderNode(s: StepSnapshot): void {
  const body = nodeSec.body;
  clear(body);
  clear(banners);
  const n = s.node;
  if (n.state !== 'present') {
    body.append(
      h(
        'div',
        { class: `banner ${n.state === 'gone' || n.state === 'forbidden' ? 'warning' : 'info'}`, id: 'node-missing' },
        n.message,
      ),
    );
    return;
  }
  for (const b of n.banners) banners.append(h('div', { class: `banner ${b.severity}`, role: 'alert' }, b.text));
  body.append(
    facts([
      ['Name', h('code', {}, n.name)],
      ['Zone', n.zone],
      ['Region', n.region],
      ['Instance type', n.instanceType],
      ['Taints', n.taints.join('; ')],
      ['Allocatable', n.allocatable.map((a) => `${a.name} ${a.value}`).join(', ')],
      ['This pod requests', n.requested.map((a) => `${a.name} ${a.value}`).join(', ')],
    ]),
  );
  if (n.conditions.length) {
    const table = grid(
      ['Condition', 'Status', 'Reason', 'Since', 'Message'],
      n.conditions.map((c) => [c.type, c.status, c.reason ?? '', when(c.time) ?? '', c.message ?? '']),
    );
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      const c = n.conditions[i]!;
      if ((c.type === 'Ready' && c.status !== 'True') || (c.type !== 'Ready' && c.status === 'True'))
        tr.classList.add('warning');
    });
    body.append(h('h3', {}, 'Conditions'), table);
  }
}

function renderPlacement(s: StepSnapshot): void {
  const body = placementSec.body;
  clear(body);
  if (s.zones.length > 1)
    body.append(
      h(
        'div',
        { class: 'banner info' },
        `The steps of this workflow ran in ${s.zones.length} zones (${s.zones.join(', ')}). A zonal volume (e.g. EBS) can only be mounted in its own zone.`,
      ),
    );
  const rows = s.placement.map((p) => {
    const link = h('a', { href: '#', class: p.nodeId === s.step.id ? 'current' : '' }, p.step);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openStep', nodeId: p.nodeId });
    });
    return [link, phaseBadge(p.phase), p.node ?? '—', p.zone ?? ''];
  });
  body.append(
    rows.length
      ? grid(['Step', 'Phase', 'Node', 'Zone'], rows)
      : h('p', { class: 'muted' }, 'No step has run on a node yet.'),
    s.placementTotal
      ? h(
          'p',
          { class: 'muted', id: 'placement-more' },
          `${rows.length} of the workflow's ${s.placementTotal} pod steps: this one, the first on each node, the failed ones, then the first to start.`,
        )
      : '',
  );
}

function renderContainersPicker(s: StepSnapshot): void {
  const names = s.pod.state === 'present' ? s.pod.containers.map((c) => c.name) : ['main'];
  const current = [...containerSelect.querySelectorAll('vscode-option')].map((o) => o.getAttribute('value'));
  if (current.join('\u0000') !== names.join('\u0000')) {
    clear(containerSelect);
    for (const n of names)
      containerSelect.append(h('vscode-option', { value: n, selected: n === (log.container || 'main') }, n));
  }
  if (!log.container) {
    log.container = names.includes('main') ? 'main' : (names[0] ?? 'main');
    log.follow = s.step.phase === 'Running' || s.step.phase === 'Pending';
    followBox.checked = log.follow;
    containerSelect.value = log.container;
    requestLogs();
  }
}

function render(s: StepSnapshot): void {
  snapshot = s;
  errorBanner.hidden = true;
  title.replaceChildren(s.step.displayName, ' ', phaseBadge(s.step.phase) ?? '');
  subtitle.textContent = `${s.step.type ?? 'step'} of workflow ${s.workflow.name} · namespace ${s.workflow.namespace}${ref ? ` · context ${ref.context}` : ''}`;
  explainButton.hidden = !isFailed(s.step.phase);
  renderStep(s);
  renderPod(s);
  renderContainers(s);
  renderUsage(s);
  renderEvents(s);
  renderNode(s);
  renderPlacement(s);
  renderContainersPicker(s);
}

/** Opens a section and scrolls to it; with `find`, to the element it finds there, highlighted. */
function reveal(id: string, find?: (section: HTMLElement) => Element | undefined): void {
  const c = document.getElementById(id) as (HTMLElement & { open?: boolean }) | null;
  if (!c) return;
  c.open = true;
  document.querySelectorAll('.evidence-target').forEach((el) => el.classList.remove('evidence-target'));
  const row = find?.(c);
  row?.classList.add('evidence-target');
  (row ?? c).scrollIntoView({ behavior: 'smooth', block: row ? 'center' : 'start' });
}

/** The first row of a section holding every needle (else the first needle alone). */
const rowWith =
  (...needles: string[]) =>
  (section: HTMLElement): Element | undefined => {
    const rows = [...section.querySelectorAll('tbody tr, table.facts tr, .banner, li')];
    const holding = (ns: string[]) => rows.find((el) => ns.every((n) => (el.textContent ?? '').includes(n)));
    return holding(needles) ?? holding(needles.slice(0, 1));
  };

/** A link for an evidence line: open the log, or show the section the evidence comes from. */
function evidenceLink(e: string): HTMLElement | undefined {
  const action = (label: string, run: () => void) => {
    const a = h('a', { href: '#', class: 'evidence-link' }, label);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      run();
    });
    return a;
  };
  if (/^Last log lines|^Log: /.test(e)) {
    // The log opens in an editor at the line this evidence quotes.
    const quoted = e.startsWith('Log: ')
      ? e.slice(5)
      : (e
          .split('\n')
          .filter((l) => l.trim())
          .slice(1)
          .pop() ?? '');
    const find = quoted.trim().slice(0, MAX_FIND) || undefined;
    return action(find ? 'Open log at this line' : 'Open log', () =>
      vscode.postMessage({ type: 'openLogsInEditor', container: log.container || 'main', find }),
    );
  }
  const ev = /^Event on the \S+ \(\w+\) (\S+)(?: ×\d+)?(?: at \d\d:\d\d:\d\d UTC on \d{4}-\d\d-\d\d)?: (.{0,40})/.exec(
    e,
  );
  if (ev) return action('Show event', () => reveal('events', rowWith(ev[1]!, ev[2]!)));
  const cond = /^Node condition (\w+)=(\w+)/.exec(e);
  if (cond) return action('Show node', () => reveal('node', rowWith(cond[1]!, cond[2]!)));
  const taint = /^Node taint ([^:\s]+)/.exec(e);
  if (taint) return action('Show node', () => reveal('node', rowWith(taint[1]!)));
  if (/^Event on the /.test(e)) return action('Show events', () => reveal('events'));
  const container = /^Container (\S+)/.exec(e);
  const name = container?.[1]!.replace(/:$/, '');
  if (name)
    return action('Show containers', () =>
      reveal('containers', (c) =>
        [...c.querySelectorAll('.container')].find((el) => el.getAttribute('data-name') === name),
      ),
    );
  if (/^Pod: /.test(e)) return action('Show pod', () => reveal('pod'));
  return undefined;
}

function renderExplanation(x: Explanation): void {
  const body = explainSec.body;
  clear(body);
  // A step that has not ended is explained as waiting (or not finishing), not as failed.
  explainSec.c.setAttribute(
    'title',
    x.waiting === undefined
      ? 'Why it failed'
      : x.waiting.startsWith('waiting')
        ? 'Why it is waiting'
        : 'Why it has not finished',
  );
  body.append(
    h('p', { class: 'message', id: 'explanation-summary' }, x.cause),
    h(
      'p',
      {},
      'Root cause: ',
      h('code', { id: 'explanation-root' }, x.rootCause),
      ` · confidence ${Math.round(x.confidence * 100)}%`,
      x.secondaryCauses.length ? ` · also seen: ${x.secondaryCauses.join(', ')}` : '',
    ),
    h('h3', {}, 'What to change'),
    // `code` spans of the fix texts shown as code; everything stays text.
    h(
      'ul',
      { id: 'explanation-fixes' },
      ...x.fixes.map((f) => h('li', {}, ...f.split('`').map((part, i) => (i % 2 ? h('code', {}, part) : part)))),
    ),
  );
  if (x.retry) {
    const retry = h('vscode-button', { id: 'explanation-retry', icon: 'debug-rerun' }, 'Retry from the failed step');
    retry.addEventListener('click', () => vscode.postMessage({ type: 'retry' }));
    body.append(h('p', { id: 'explanation-retry-why' }, x.retry, ' '), retry);
  }
  if (x.evidence.length) {
    body.append(
      h('h3', {}, 'Evidence'),
      h(
        'ul',
        { id: 'explanation-evidence' },
        ...x.evidence.map((e) => h('li', {}, h('span', { class: 'message' }, e), ' ', evidenceLink(e))),
      ),
    );
  }
  if (x.docs.length)
    body.append(
      h('h3', {}, 'Read more'),
      h('ul', {}, ...x.docs.filter((d) => /^https:\/\//.test(d)).map((d) => h('li', {}, h('a', { href: d }, d)))),
    );
  if (x.recordedAt)
    body.append(
      h(
        'p',
        { class: 'muted', id: 'explanation-recorded' },
        `Part of this evidence was recorded by Argo Doctor at ${when(x.recordedAt) ?? x.recordedAt}, when the step failed: the cluster no longer has it.`,
      ),
    );
  if (x.disappeared?.length) {
    body.append(
      h('h3', {}, 'Pods of this workflow that no longer exist'),
      h(
        'ul',
        { id: 'explanation-disappeared' },
        ...x.disappeared.slice(0, 30).map((d) => h('li', {}, h('strong', {}, d.step), ` (pod ${d.pod}): ${d.why}`)),
      ),
      (x.disappearedTotal ?? x.disappeared.length) > Math.min(30, x.disappeared.length)
        ? h(
            'p',
            { class: 'muted' },
            `… and ${(x.disappearedTotal ?? x.disappeared.length) - Math.min(30, x.disappeared.length)} more`,
          )
        : '',
    );
  }
  const report = h('a', { href: '#', id: 'explanation-report' }, 'Open as a Markdown report');
  report.addEventListener('click', (ev) => {
    ev.preventDefault();
    vscode.postMessage({ type: 'openReport' });
  });
  body.append(h('p', {}, report, ' (to copy into a ticket or a chat)'));
  explainSec.c.hidden = false;
  (explainSec.c as HTMLElement & { open?: boolean }).open = true;
  explainSec.c.scrollIntoView({ block: 'start' });
}

const LOG_STATE_TEXT: Record<LogState, string> = {
  idle: 'Showing the last lines.',
  following: 'Following the log…',
  ended: 'End of log.',
  failed: '',
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (!isToWebview(m)) return;
  switch (m.type) {
    case 'explanation':
      renderExplanation(m.explanation);
      return;
    case 'ref':
      ref = m.ref;
      vscode.setState({ ref });
      return;
    case 'snapshot':
      render(m.snapshot);
      return;
    case 'logs':
      if (m.container !== log.container) return;
      if (m.reset) logView.reset();
      logView.push(m.lines);
      updateLogCount();
      return;
    case 'logState':
      if (m.container !== log.container) return;
      logStatus.textContent = m.message ?? LOG_STATE_TEXT[m.state];
      logStatus.className = m.state === 'failed' ? 'banner warning' : 'muted';
      return;
    case 'error':
      errorBanner.textContent = m.message;
      errorBanner.hidden = false;
      if (!snapshot) title.textContent = ref ? `${ref.workflow}` : 'Step';
      return;
  }
});

vscode.postMessage({ type: 'ready' });
