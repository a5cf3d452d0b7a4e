// The user's browser for the workbench: Debian's Chromium driven by playwright-core. One place for
// how it is started, shared by the integration launcher and `npm start -- --check`.
import { chromium } from 'playwright-core';

/** Debian's chromium; Playwright must never download a browser of its own (no network here). */
export const CHROMIUM = process.env.TOKENSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags from ../shared/docs/real-vscode-tests.md: no sandbox (root in CI), no GPU, and nothing
 * that phones home (on a closed network those connections are refused many at a time).
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts headless Chromium; the caller closes it. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs });
}

/** 1600×1000: wide enough that the status bar and a side panel are all in a screenshot. */
export const VIEWPORT = Object.freeze({ width: 1600, height: 1000 });
