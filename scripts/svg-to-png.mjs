// Renders an SVG to a PNG with Debian's Chromium (to look at a chart; the README embeds the SVG itself).
// Usage: node scripts/svg-to-png.mjs IN.svg OUT.png
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../test/rig/browser.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/svg-to-png.mjs IN.svg OUT.png');
  process.exit(2);
}
const svg = readFileSync(input, 'utf8');
const context = await launchBrowser();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<body style="margin:0">${svg}</body>`);
  await page.locator('svg').first().screenshot({ path: output });
} finally {
  await context.close();
}
