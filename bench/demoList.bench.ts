// The demo cluster at scale (issue #16): 10,000 finished workflows of 200 nodes, listed page by page over HTTPS
// (whole workflows, then metadata only), against a floor measured in the same run: JSON.parse of the same bytes,
// which any client must at least pay. The simulator should serve faster than a client can parse.
import { Agent, request } from 'node:https';
import { populate } from '../src/demo/population';
import { ManualClock } from '../src/demo/clock';
import { ObjectStore } from '../src/demo/store';
import type { BenchReport } from './run.mts';
import { rssMB, startDemoProcess, type DemoProcess } from './demoProcess.mts';

type Server = DemoProcess;

const WORKFLOWS = 10_000;
const NODES = 200;
const LIMIT = 500;
const PATH = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

function fetchPage(cluster: Server, agent: Agent, path: string, accept?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cluster.url}${path}`,
      { agent, headers: { Authorization: `Bearer ${cluster.token}`, ...(accept ? { Accept: accept } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Walk {
  ms: number;
  bytes: number;
  items: number;
  pages: number;
  parseMs: number;
}

/** Fetches the whole list page by page; the continue token is read from the page's head, not by parsing it all. */
async function walk(cluster: Server, agent: Agent, accept?: string): Promise<Walk> {
  const bodies: Buffer[] = [];
  let fetchMs = 0;
  let cont: string | undefined;
  do {
    const t0 = performance.now();
    const body = await fetchPage(
      cluster,
      agent,
      `${PATH}?limit=${LIMIT}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      accept,
    );
    fetchMs += performance.now() - t0;
    bodies.push(body);
    cont = /"continue":"([^"]+)"/.exec(body.subarray(0, 1024).toString('latin1'))?.[1];
  } while (cont);
  // The floor: parsing the same pages.
  let items = 0;
  const t1 = performance.now();
  for (const b of bodies) items += (JSON.parse(b.toString('utf8')) as { items: unknown[] }).items.length;
  const parseMs = performance.now() - t1;
  return { ms: fetchMs, bytes: bodies.reduce((n, b) => n + b.length, 0), items, pages: bodies.length, parseMs };
}

/** The simulator's own share: rendering every workflow's UTF-8 JSON in the process, against JSON.parse of it. */
function renderAll(): { ms: number; parseMs: number; bytes: number } {
  const store = new ObjectStore(new ManualClock());
  populate(store, { workflows: WORKFLOWS, nodes: NODES }, new Date());
  const entries = store.entries('Workflow');
  let bytes = 0;
  const t0 = performance.now();
  for (const e of entries) bytes += e.bytes().length;
  const ms = performance.now() - t0;
  // The floor on a tenth of them, scaled: holding all 1 GB of text at once would measure the GC instead.
  const sample = entries.filter((_, i) => i % 10 === 0).map((e) => e.json());
  const t1 = performance.now();
  for (const t of sample) JSON.parse(t);
  return { ms, parseMs: ((performance.now() - t1) * entries.length) / sample.length, bytes };
}

export async function run(): Promise<BenchReport[]> {
  const render = renderAll();
  const cluster = await startDemoProcess(WORKFLOWS, NODES);
  const agent = new Agent({ ca: cluster.caPem });
  try {
    const idleRss = rssMB(cluster.child.pid);
    const full = await walk(cluster, agent);
    const meta = await walk(cluster, agent, METADATA_LIST);
    const mbps = (w: Walk) => (w.bytes / 1e6 / (w.ms / 1000)).toFixed(0);
    const pass = full.items === WORKFLOWS && meta.items === WORKFLOWS && full.ms < full.parseMs;
    return [
      {
        name: `demo cluster: list ${WORKFLOWS.toLocaleString('en-US')} workflows of ${NODES} nodes, ${LIMIT} a page`,
        detail: {
          'start with the population (ms)': cluster.startMs.toFixed(0),
          'demo RSS: idle / after the lists (MB)': `${idleRss} / ${rssMB(cluster.child.pid)}`,
          'render every workflow in-process (ms)': render.ms.toFixed(0),
          'floor: JSON.parse of them (ms)': render.parseMs.toFixed(0),
          'full list: pages / items': `${full.pages} / ${full.items}`,
          'full list: bytes (MB)': (full.bytes / 1e6).toFixed(0),
          'full list page by page, HTTPS (ms)': full.ms.toFixed(0),
          'full list throughput (MB/s)': mbps(full),
          'floor: JSON.parse of the pages (ms)': full.parseMs.toFixed(0),
          'ratio fetch / parse': (full.ms / full.parseMs).toFixed(2),
          'metadata-only: bytes (MB)': (meta.bytes / 1e6).toFixed(1),
          'metadata-only page by page (ms)': meta.ms.toFixed(0),
          'metadata-only: JSON.parse (ms)': meta.parseMs.toFixed(0),
          target: 'every item once; fetching the full list takes less than parsing it',
        },
        pass,
      },
    ];
  } finally {
    agent.destroy();
    await cluster.stop();
  }
}
