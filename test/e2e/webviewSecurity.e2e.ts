import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { builtinInsightSources, workflowInsights } from '../../src/core/diagnose/workflowInsights';
import type { Workflow } from '../../src/core/model/workflow';
import { workflowTimeline } from '../../src/core/model/workflowTimeline';
import { snapshotWith, startWebviewHarness, type Harness } from '../support/webviewHarness';

// These callbacks run in the page, where the DOM exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;

const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  'javascript:window.__pwned="link"',
  '"><svg onload="window.__pwned=\'svg\'">',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '\u202eevil\u202c',
].join(' ');

const HOSTILE_LOG = [
  '<script>window.__pwned = "log"</script>',
  '\u001b[31m<img src=x onerror="window.__pwned=\'ansi\'">\u001b[0m',
  '\u001b]8;;javascript:window.__pwned="osc8"\u0007click me\u001b]8;;\u0007',
  '\u001b]0;window title\u0007\u001b[2J\u001b[Hcleared?',
  'command:argoDoctor.deleteWorkflow',
];

/** A webview page of the harness in Chromium for the tests of one describe block (opened before, closed after). */
function useHarness(kind: 'stepPanel' | 'workflowPanel', ready: string): () => Page {
  let harness: Harness;
  let browser: BrowserContext;
  let page: Page;
  before(async () => {
    const { launchBrowser } = await import('../rig/browser.mjs');
    harness = await startWebviewHarness(kind === 'stepPanel' ? undefined : kind);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(harness.url);
    await page.locator(ready).waitFor();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });
  return () => page;
}

/** Nothing injected ran or was added: no code, no scripts, images or handlers, only our own links, no CSP report. */
async function assertInert(page: Page): Promise<void> {
  const r = await page.evaluate(() => ({
    pwned: window.__pwned as unknown,
    scripts: document.querySelectorAll('script').length,
    imgs: document.querySelectorAll('img, svg').length,
    links: [...document.querySelectorAll('a')].map((a: { getAttribute(n: string): string }) => a.getAttribute('href')),
    handlers: [...document.querySelectorAll('*')].flatMap((el: { tagName: string; attributes: { name: string }[] }) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}.${a.name}`),
    ),
    violations: window.__violations as string[],
  }));
  assert.equal(r.pwned, undefined, 'no injected code ran');
  assert.equal(r.scripts, 2, "only the page's own scripts");
  assert.equal(r.imgs, 0, 'no injected images or svg');
  assert.ok(
    r.links.every((h) => h === '#'),
    `links are only our own: ${r.links.join(', ')}`,
  );
  assert.deepEqual(r.handlers, []);
  assert.deepEqual(r.violations, [], 'nothing even tried to break the CSP');
}

describe('the step panel renders hostile cluster strings inert (Chromium, production CSP)', function () {
  this.timeout(60000);
  const pageOf = useHarness('stepPanel', '#title');

  it('shows names, messages, labels and log lines as text, and nothing executes', async () => {
    const page = pageOf();
    const snapshot = snapshotWith(HOSTILE);
    await page.evaluate((s) => window.postMessage({ type: 'snapshot', snapshot: s }, '*'), snapshot);
    await page.locator('#title', { hasText: 'window.__pwned' }).waitFor({ timeout: 5000 });
    await page.evaluate(
      (lines) => window.postMessage({ type: 'logs', container: 'main', lines, reset: true }, '*'),
      HOSTILE_LOG,
    );
    await page.locator('.log .line', { hasText: 'cleared?' }).waitFor({ timeout: 5000 });
    await page.evaluate(
      (t) =>
        window.postMessage(
          {
            type: 'explanation',
            explanation: {
              rootCause: t,
              secondaryCauses: [t],
              confidence: 0.5,
              cause: t,
              evidence: [`Last log lines:\n${t}`, t],
              fixes: [`\`${t}\` ${t}`],
              docs: ['javascript:window.__pwned="doc"', t],
            },
          },
          '*',
        ),
      HOSTILE,
    );
    await page.locator('#explanation-root').waitFor({ timeout: 5000 });

    await assertInert(page);
    const result = await page.evaluate(() => ({
      title: document.getElementById('title').textContent as string,
      log: document.querySelector('.log').textContent as string,
    }));
    assert.ok(result.title.includes('<script>window.__pwned = "script"</script>'), 'the text is shown literally');
    assert.ok(result.log.includes('<script>window.__pwned = "log"</script>'));
    assert.ok(
      result.log.includes('click me') && !result.log.includes('javascript:'),
      'OSC 8 hyperlinks are dropped, their text kept',
    );
    assert.ok(!result.log.includes('\u001b'), 'no escape characters reach the page');
    assert.ok(!result.log.includes('\u202e'), 'bidi overrides in logs are neutralised');
  });

  it('ignores malformed messages instead of failing', async () => {
    const page = pageOf();
    await page.evaluate(() => {
      window.postMessage({ type: 'snapshot', snapshot: { step: 'nope' } }, '*');
      window.postMessage({ type: 'logs', container: 'main', lines: [{ not: 'a string' }], reset: false }, '*');
      window.postMessage('<script>', '*');
      window.postMessage({ type: 'error', message: 42 }, '*');
    });
    await page.evaluate(() => window.postMessage({ type: 'error', message: 'still alive' }, '*'));
    await page.locator('#error', { hasText: 'still alive' }).waitFor({ timeout: 5000 });
    const posted = await page.evaluate(() => (window.__posted as { type: string }[]).map((m) => m.type));
    assert.ok(
      posted.includes('ready') && posted.includes('logOptions'),
      `the page asked for data: ${posted.join(', ')}`,
    );
  });
});

/** A workflow panel layout with `text` in every cluster-controlled string (names, nodes, zones, messages, reasons). */
function hostileTimeline(text: string): unknown {
  const wf: Workflow = {
    metadata: { name: text, namespace: text },
    status: {
      phase: 'Failed',
      message: text,
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:10:00Z',
      nodes: {
        r: { id: 'r', name: text, displayName: text, type: 'Retry', phase: 'Failed', children: ['a', 'b'] },
        a: {
          id: 'a',
          name: text,
          displayName: text,
          type: 'Pod',
          phase: 'Failed',
          message: text,
          hostNodeName: text,
          startedAt: '2026-01-01T00:00:00Z',
          finishedAt: '2026-01-01T00:04:00Z',
        },
        b: {
          id: 'b',
          name: text,
          displayName: text,
          type: 'Pod',
          phase: 'Failed',
          message: text,
          hostNodeName: text,
          startedAt: '2026-01-01T00:05:00Z',
          finishedAt: '2026-01-01T00:10:00Z',
        },
      },
    },
  };
  const now = new Date('2026-01-01T01:00:00Z');
  const timeline = workflowTimeline(wf, now, {
    zones: new Map([[text, text]]),
    gone: new Map([['a', { pod: text, why: text }]]),
  });
  const insights = [
    ...workflowInsights({ workflow: wf, timeline, now }, builtinInsightSources),
    { id: text, severity: 'warning', title: text, detail: text, nodeId: 'a' },
  ];
  return { type: 'timeline', timeline, insights };
}

describe('the workflow panel renders hostile cluster strings inert (Chromium, production CSP)', function () {
  this.timeout(60000);
  const pageOf = useHarness('workflowPanel', '#workflow-title');

  it('draws and lists names, nodes, zones, messages and reasons as text; nothing executes; a row opens its step', async () => {
    const page = pageOf();
    await page.evaluate((m) => window.postMessage(m, '*'), hostileTimeline(HOSTILE));
    await page.locator('#rows-table tr[data-node-id="a"]').waitFor({ state: 'attached', timeout: 5000 });
    // The tooltip of a bar is text too.
    const box = (await page.locator('#timeline').boundingBox())!;
    for (let x = 0.3; x < 1 && (await page.locator('#timeline-tooltip').isHidden()); x += 0.05)
      await page.locator('#timeline').hover({ position: { x: box.width * x, y: 26 + 22 + 11 } });
    await assertInert(page);
    const result = await page.evaluate(() => ({
      title: document.getElementById('workflow-title').textContent as string,
      table: document.getElementById('rows-table').textContent as string,
      gone: document.querySelector('#rows-table tr[data-node-id="a"]').getAttribute('data-gone') as string,
      insights: document.getElementById('insights').textContent as string,
      tooltip: document.getElementById('timeline-tooltip').textContent as string,
    }));
    for (const [where, text] of [
      ['title', result.title],
      ['table', result.table],
      ['gone', result.gone],
      ['insights', result.insights],
      ['tooltip', result.tooltip],
    ] as const)
      assert.ok(text.includes('<img src=x onerror="window.__pwned = \'img\'">'), `${where} shows the text literally`);
    // A link of the table asks the host to open that step, by its id only.
    await page.locator('#toggle-table').click();
    await page.locator('#rows-table tr[data-node-id="b"] a').click();
    const posted = await page.evaluate(() => window.__posted as { type: string; nodeId?: string }[]);
    assert.deepEqual(posted.at(-1), { type: 'openStep', nodeId: 'b' });
  });

  it('ignores malformed messages instead of failing', async () => {
    const page = pageOf();
    await page.evaluate(() => {
      window.postMessage({ type: 'timeline', timeline: { rows: 'nope' }, insights: [] }, '*');
      window.postMessage({ type: 'timeline', timeline: null, insights: null }, '*');
      window.postMessage('<script>', '*');
      window.postMessage({ type: 'error', message: 42 }, '*');
    });
    await page.evaluate(() => window.postMessage({ type: 'error', message: 'still alive' }, '*'));
    await page.locator('#error', { hasText: 'still alive' }).waitFor({ timeout: 5000 });
    assert.ok(await page.locator('#rows-table tr[data-node-id="a"]').count(), 'the last good layout stays');
  });
});
