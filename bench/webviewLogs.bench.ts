// Log throughput into the step panel's webview: 10,000 lines/s for 10 s, in Chromium with the production bundle
// and CSP. Reports the longest main-thread block, frames that missed their slot, and the heap at the end, against a
// floor measured in the same run: the same message stream into a page that only counts the lines.
import type { Page } from 'playwright-core';
import { startWebviewHarness, snapshotWith } from '../test/support/webviewHarness';
import type { BenchReport } from './run.mts';

const SECONDS = 10;
const LINES_PER_SECOND = 10_000;
const BATCH_MS = 100; // the host's batching interval

interface Measure {
  longestTaskMs: number;
  longTasks: number;
  frames: number;
  missedFrames: number;
  heapMB: number;
  linesShown: number;
}

/**
 * Runs the stream inside the page (no CDP round-trips in the loop) and measures while it flows. Plain JavaScript in
 * a string: the TypeScript loader would wrap a function's inner closures in helpers the page does not have.
 */
const IN_PAGE = `async ({ seconds, perSecond, batchMs, render }) => {
  const tasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
  let frames = 0, missed = 0, last = performance.now(), running = true;
  const frame = (t) => { frames++; if (t - last > 50) missed += Math.round((t - last) / 16.7) - 1; last = t; if (running) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  let counted = 0;
  if (!render) window.addEventListener('message', (e) => (counted += (e.data.lines || []).length));
  const perBatch = (perSecond * batchMs) / 1000;
  let n = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const lines = [];
      for (let i = 0; i < perBatch; i++, n++) lines.push('2026-11-23T01:00:00Z \\u001b[32mINFO\\u001b[0m stream: processed batch ' + n + ' (512 records, lag 0.' + (n % 9) + 's) partition=' + (n % 12));
      window.postMessage({ type: 'logs', container: 'main', lines, reset: false }, '*');
      if (performance.now() - started >= seconds * 1000) { clearInterval(timer); resolve(); }
    }, batchMs);
  });
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
  return { longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, frames, missedFrames: missed, heapMB: heap / 1024 / 1024,
    linesShown: render ? document.querySelectorAll('.log .line').length : counted };
}`;

async function stream(page: Page, render: boolean): Promise<Measure> {
  const args = { seconds: SECONDS, perSecond: LINES_PER_SECOND, batchMs: BATCH_MS, render };
  return (await page.evaluate(`(${IN_PAGE})(${JSON.stringify(args)})`)) as Measure;
}

export async function run(): Promise<BenchReport[]> {
  const { launchBrowser } = await import('../test/rig/browser.mjs');
  const harness = await startWebviewHarness();
  const browser = await launchBrowser();
  try {
    // Floor: the same stream into a page that only counts.
    const floorPage = await browser.newPage();
    await floorPage.goto('about:blank');
    const floor = await stream(floorPage, false);
    await floorPage.close();

    const page = await browser.newPage();
    await page.goto(harness.url);
    await page.locator('#title').waitFor();
    await page.evaluate(
      `window.postMessage({ type: 'snapshot', snapshot: ${JSON.stringify(snapshotWith('bench'))} }, '*')`,
    );
    await page.locator('#log-container').waitFor();
    const panel = await stream(page, true);
    // Still responsive: a filter over the kept lines answers.
    const t0 = Date.now();
    await page.evaluate(`window.postMessage({ type: 'error', message: 'ping' }, '*')`);
    await page.locator('#error', { hasText: 'ping' }).waitFor({ timeout: 5000 });
    const pingMs = Date.now() - t0;
    const pass = panel.longestTaskMs < 100 && panel.linesShown > 0;
    return [
      {
        name: `webview log throughput: ${LINES_PER_SECOND.toLocaleString('en-US')} lines/s for ${SECONDS} s`,
        detail: {
          'longest main-thread block (ms)': panel.longestTaskMs.toFixed(0),
          'floor: same stream, counting only (ms)': floor.longestTaskMs.toFixed(0),
          'long tasks (> 50 ms)': panel.longTasks,
          'frames drawn / missed': `${panel.frames} / ${panel.missedFrames} (floor ${floor.frames} / ${floor.missedFrames})`,
          'lines kept in the view': panel.linesShown.toLocaleString('en-US'),
          'heap at the end (MB)': `${panel.heapMB.toFixed(1)} (floor ${floor.heapMB.toFixed(1)})`,
          'a message answered after the stream (ms)': pingMs,
          target: 'no main-thread block over 100 ms',
        },
        pass,
      },
    ];
  } finally {
    await browser.close();
    await harness.close();
  }
}
