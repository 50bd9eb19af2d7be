// The sidebar's data at scale (issue #16): a namespace of 1,000 / 5,000 / 10,000 finished workflows of 200 nodes on
// the demo cluster (in a process of its own), read by the extension's ClusterSession as the sidebar reads it: time
// to the first rows, to the full list, to the shown rows' summaries, and the heap it keeps, against a floor measured
// in the same run (listing the same metadata pages and parsing them) and a peer (the whole workflows, as the sidebar
// kept them before: measured at 1,000 only, as 10,000 would not fit).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { groupWorkflows } from '../src/core/model/grouping';
import { isSummary } from '../src/core/model/workflowSummary';
import { ClusterSession } from '../src/kube/clusterSession';
import { ListWatch, type KubeItem } from '../src/kube/listWatch';
import { METADATA_LIST_ACCEPT, rawGetJson } from '../src/kube/rawGet';
import { argoSource } from '../src/kube/workflowSource';
import { startDemoProcess, type DemoProcess } from './demoProcess.mts';
import type { BenchReport } from './run.mts';

const NODES = 200;
const SIZES = [1_000, 5_000, 10_000];
/** Rows the sidebar shows at first (argoDoctor.workflows.limit's default). */
const SHOWN = 300;
const MB = 1024 * 1024;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / MB;
}

function kubeconfig(demo: DemoProcess): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'demo', server: demo.url, caData: Buffer.from(demo.caPem).toString('base64') }],
    users: [{ name: 'bench', token: demo.token }],
    contexts: [{ name: 'demo', cluster: 'demo', user: 'bench' }],
    currentContext: 'demo',
  });
  return kc;
}

/** Resolves once `ok` holds, checked on every change of the session; rejects after `ms`. */
function until(s: ClusterSession, ok: () => boolean, ms: number, what: string): Promise<void> {
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const sub = s.onDidChange(() => {
      if (!ok()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
  });
}

/** The rows the sidebar shows: failed first, newest first, the first SHOWN. */
function shownRows(s: ClusterSession): string[] {
  const all = s.workflows();
  const rows = [...all].map(([key, wf]) => ({
    key,
    namespace: wf.metadata?.namespace ?? '',
    phase: wf.status?.phase ?? 'Pending',
    created: wf.metadata?.creationTimestamp,
  }));
  return (groupWorkflows(rows, 'none')[0]?.keys ?? []).slice(0, SHOWN);
}

/** The floor: the same metadata pages listed and parsed, nothing kept. */
async function floor(kc: k8s.KubeConfig): Promise<number> {
  const t0 = performance.now();
  let cont: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '500', ...(cont ? { continue: cont } : {}) });
    const page = (await rawGetJson(
      kc,
      `/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?${q}`,
      METADATA_LIST_ACCEPT,
    )) as {
      metadata?: { continue?: string };
    };
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return performance.now() - t0;
}

interface Point {
  workflows: number;
  firstRowsMs: number;
  fullListMs: number;
  summariesMs: number;
  floorMs: number;
  heapAboveIdleMB: number;
  peakAboveIdleMB: number;
}

async function measure(workflows: number): Promise<Point> {
  const demo = await startDemoProcess(workflows, NODES);
  const kc = kubeconfig(demo);
  try {
    const floorMs = Math.min(await floor(kc), await floor(kc));
    const idle = heapMB();
    let peak = 0;
    const t0 = performance.now();
    const s = new ClusterSession(kc, 'bench', ['argo']);
    s.onDidChange(() => (peak = Math.max(peak, process.memoryUsage().heapUsed / MB)));
    try {
      await until(s, () => s.status.count > 0, 30_000, 'the first rows');
      const first = shownRows(s);
      const firstRowsMs = performance.now() - t0;
      if (!first.length) throw new Error('no rows');
      await until(s, () => s.status.state === 'synced', 60_000, 'the full list');
      const fullListMs = performance.now() - t0;
      const shown = shownRows(s);
      const t1 = performance.now();
      s.requestSummaries(shown);
      const summarised = () => shown.every((k) => !!s.workflow(k)?.status?.startedAt);
      await until(s, summarised, 60_000, 'the summaries of the shown rows');
      const summariesMs = performance.now() - t1;
      if (s.workflows().size !== workflows) throw new Error(`listed ${s.workflows().size} of ${workflows}`);
      if (!isSummary(s.workflow(shown[0]!))) throw new Error('a finished workflow is kept whole');
      // Never below zero: what the collector freed of the idle heap meanwhile is noise here.
      const heapAboveIdleMB = Math.max(0, heapMB() - idle);
      return {
        workflows,
        firstRowsMs,
        fullListMs,
        summariesMs,
        floorMs,
        heapAboveIdleMB,
        peakAboveIdleMB: Math.max(peak - idle, heapAboveIdleMB),
      };
    } finally {
      await s.dispose();
    }
  } finally {
    await demo.stop();
  }
}

/** The peer: every workflow whole in one cache, as the sidebar kept them before. */
async function wholePeer(workflows: number): Promise<{ ms: number; heapMB: number }> {
  const demo = await startDemoProcess(workflows, NODES);
  const kc = kubeconfig(demo);
  try {
    const idle = heapMB();
    const t0 = performance.now();
    const lw = new ListWatch(kc, argoSource<KubeItem>(kc, 'workflows', 'argo'), { pageSize: 500 });
    lw.start();
    await new Promise<void>((resolve) => {
      if (lw.status.state === 'synced') resolve();
      else lw.onStatus((st) => st.state === 'synced' && resolve());
    });
    const ms = performance.now() - t0;
    const heap = heapMB() - idle;
    await lw.stop();
    return { ms, heapMB: heap };
  } finally {
    await demo.stop();
  }
}

interface Series {
  label: string;
  colour: string;
  dash?: string;
  values: [number, number][];
}

/** One panel of the chart: lines over the workflow counts, a target line, a legend. */
function panel(o: {
  x0: number;
  width: number;
  height: number;
  title: string;
  unit: string;
  xMax: number;
  yMax: number;
  series: Series[];
  target?: { value: number; label: string };
  extra?: (x: (v: number) => number, y: (v: number) => number) => string;
}): string {
  const pad = { l: 48, r: 30, t: 64, b: 40 };
  const x = (v: number) => o.x0 + pad.l + (v / o.xMax) * (o.width - pad.l - pad.r);
  const y = (v: number) => o.height - pad.b - (Math.max(0, v) / o.yMax) * (o.height - pad.t - pad.b);
  const step = o.yMax / 5;
  const yTicks = Array.from({ length: 6 }, (_, i) => i * step);
  const xTicks = [0, 2_500, 5_000, 7_500, 10_000].filter((t) => t <= o.xMax);
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return [
    `<text x="${o.x0 + pad.l}" y="18" font-size="13" font-weight="600" fill="#222">${o.title}</text>`,
    ...o.series.map(
      (s, i) =>
        `<line x1="${o.x0 + pad.l + (i % 2) * 150}" x2="${o.x0 + pad.l + (i % 2) * 150 + 18}" y1="${34 + Math.floor(i / 2) * 16}" y2="${34 + Math.floor(i / 2) * 16}" stroke="${s.colour}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/><text x="${o.x0 + pad.l + (i % 2) * 150 + 24}" y="${34 + Math.floor(i / 2) * 16}" font-size="11" fill="#333" dominant-baseline="middle">${s.label}</text>`,
    ),
    ...yTicks.map(
      (t) =>
        `<line x1="${x(0)}" x2="${x(o.xMax)}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e4"/><text x="${x(0) - 6}" y="${y(t)}" font-size="11" text-anchor="end" dominant-baseline="middle" fill="#555">${f(t)}</text>`,
    ),
    ...xTicks.map(
      (t) =>
        `<text x="${x(t)}" y="${o.height - pad.b + 16}" font-size="11" text-anchor="middle" fill="#555">${t.toLocaleString('en-US')}</text>`,
    ),
    `<text x="${(x(0) + x(o.xMax)) / 2}" y="${o.height - 6}" font-size="11" text-anchor="middle" fill="#333">workflows in the namespace · ${o.unit}</text>`,
    o.target
      ? `<line x1="${x(0)}" x2="${x(o.xMax)}" y1="${y(o.target.value)}" y2="${y(o.target.value)}" stroke="#cf222e" stroke-dasharray="2 4"/><text x="${x(o.xMax)}" y="${y(o.target.value) + 14}" font-size="11" text-anchor="end" fill="#cf222e">${o.target.label}</text>`
      : '',
    ...o.series.map(
      (s) =>
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${s.values
          .map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`)
          .join(' ')}"/>` +
        s.values
          .map(([a, b]) => `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="3" fill="${s.colour}"/>`)
          .join(''),
    ),
    o.extra?.(x, y) ?? '',
  ].join('\n');
}

/** The chart for the README (SVG): heap on the left, times on the right. */
function chart(points: Point[], peer: { heapMB: number }): string {
  const W = 880;
  const H = 320;
  const xMax = Math.max(...points.map((p) => p.workflows));
  const heap = panel({
    x0: 0,
    width: W / 2,
    height: H,
    title: `Extension heap (MB), workflows of ${NODES} nodes`,
    unit: 'MB above idle',
    xMax,
    yMax: 200,
    series: [
      { label: 'kept after the list', colour: '#1a7f37', values: points.map((p) => [p.workflows, p.heapAboveIdleMB]) },
      {
        label: 'peak while listing',
        colour: '#9a6700',
        dash: '4 3',
        values: points.map((p) => [p.workflows, p.peakAboveIdleMB]),
      },
    ],
    target: { value: 150, label: 'target: under 150 MB' },
    extra: (x, y) =>
      `<circle cx="${x(1_000)}" cy="${y(peer.heapMB)}" r="4" fill="#cf222e"/><text x="${x(1_000) + 8}" y="${y(peer.heapMB) - 8}" font-size="11" fill="#cf222e">before: every workflow whole (${peer.heapMB.toFixed(0)} MB at 1,000)</text>`,
  });
  const secs = Math.max(10, ...points.map((p) => Math.ceil(p.summariesMs / 1000)));
  const time = panel({
    x0: W / 2,
    width: W / 2,
    height: H,
    title: 'Time from connecting (s)',
    unit: 'seconds',
    xMax,
    yMax: secs,
    series: [
      { label: 'first rows', colour: '#8250df', values: points.map((p) => [p.workflows, p.firstRowsMs / 1000]) },
      { label: 'full list', colour: '#0969da', values: points.map((p) => [p.workflows, p.fullListMs / 1000]) },
      {
        label: `${SHOWN} shown rows' details`,
        colour: '#57606a',
        dash: '4 3',
        values: points.map((p) => [p.workflows, p.summariesMs / 1000]),
      },
    ],
    target: { value: 10, label: 'target: full list under 10 s' },
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="#ffffff"/>
${heap}
${time}
</svg>
`;
}

export async function run(): Promise<BenchReport[]> {
  const points: Point[] = [];
  for (const n of SIZES) points.push(await measure(n));
  const peer = await wholePeer(1_000);
  const last = points[points.length - 1]!;
  const firstPoint = points[0]!;
  const pass =
    last.heapAboveIdleMB < 150 &&
    last.firstRowsMs < 2_000 &&
    last.fullListMs < 10_000 &&
    // Flat, not linear in the data: ten times the workflows (and their ~800 MB of JSON) add under 50 MB.
    last.heapAboveIdleMB - firstPoint.heapAboveIdleMB < 50;
  if (process.env.ARGO_DOCTOR_BENCH_WRITE) {
    const dir = path.join(import.meta.dirname, '..', 'docs', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'sidebar-scale.svg'), chart(points, peer));
    writeFileSync(path.join(dir, 'sidebar-scale.json'), `${JSON.stringify({ nodes: NODES, points, peer }, null, 2)}\n`);
    const readme = path.join(import.meta.dirname, '..', 'README.md');
    const text = readFileSync(readme, 'utf8');
    const table = [
      "| workflows | first rows | full list | floor: the metadata pages alone | 300 shown rows' details | heap kept above idle | heap peak |",
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...points.map(
        (p) =>
          `| ${p.workflows.toLocaleString('en-US')} | ${p.firstRowsMs.toFixed(0)} ms | ${p.fullListMs.toFixed(0)} ms | ${p.floorMs.toFixed(0)} ms | ${(p.summariesMs / 1000).toFixed(1)} s | ${p.heapAboveIdleMB.toFixed(0)} MB | ${p.peakAboveIdleMB.toFixed(0)} MB |`,
      ),
      `| 1,000, every workflow whole (before) | | ${peer.ms.toFixed(0)} ms | | | ${peer.heapMB.toFixed(0)} MB | |`,
    ].join('\n');
    writeFileSync(
      readme,
      text.replace(
        /<!-- sidebar-scale:start -->[\s\S]*<!-- sidebar-scale:end -->/,
        `<!-- sidebar-scale:start -->\n${table}\n<!-- sidebar-scale:end -->`,
      ),
    );
  }
  const detail: Record<string, string> = {};
  for (const p of points) {
    const n = p.workflows.toLocaleString('en-US');
    detail[`${n}: first rows / full list (ms)`] = `${p.firstRowsMs.toFixed(0)} / ${p.fullListMs.toFixed(0)}`;
    detail[`${n}: floor, list the metadata (ms)`] =
      `${p.floorMs.toFixed(0)} (full list ${(p.fullListMs / p.floorMs).toFixed(2)}x)`;
    detail[`${n}: ${SHOWN} shown rows' summaries (ms)`] = p.summariesMs.toFixed(0);
    detail[`${n}: heap kept / peak above idle (MB)`] =
      `${p.heapAboveIdleMB.toFixed(1)} / ${p.peakAboveIdleMB.toFixed(1)}`;
  }
  detail['peer: 1,000 whole workflows (ms / MB)'] = `${peer.ms.toFixed(0)} / ${peer.heapMB.toFixed(0)}`;
  detail.target = '10k: heap < 150 MB above idle, first rows < 2 s, full list < 10 s; 1k→10k adds < 50 MB';
  return [{ name: `sidebar at scale: finished workflows of ${NODES} nodes`, detail, pass }];
}
