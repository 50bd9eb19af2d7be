import type { BrowserContext } from 'playwright-core';

export const CHROMIUM: string;
export function launchBrowser(): Promise<BrowserContext>;
