// A demo cluster in a process of its own for bench/demoList.bench.ts, as the extension would meet it: started with
// a population, it prints one JSON line ({ url, token, caPem, startMs }) and runs until its stdin closes.
import { startDemoCluster } from '../src/demo/server';

const [workflows = '10000', nodes = '200'] = process.argv.slice(2);
const t0 = performance.now();
const cluster = await startDemoCluster({
  clock: 'manual',
  population: { workflows: Number(workflows), nodes: Number(nodes) },
});
const startMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ url: cluster.url, token: cluster.token, caPem: cluster.caPem, startMs })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void cluster.close().then(() => process.exit(0)));
