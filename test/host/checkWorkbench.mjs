// `npm start -- --check`: what a new user sees after `npm start`, checked by a browser. Opens the
// workbench URL that `npm start` prints, waits for the sample prompt in the editor and for
// Tokenscope's status bar count, and compares that count with tiktoken's own count of the file
// (gpt-4o, the default model, is o200k_base). Independent of the test suite: no smoke-test driver,
// no test payload, the extension installed as `npm start` installs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { launchBrowser, VIEWPORT } from './browser.mjs';

/** The status bar item's DOM id: `<extension id>.<item id>` (see pageBridge.mjs). */
const COUNT_ITEM = '[id="tokenscope.tokenscope.tokenscope.count"]';

/**
 * A cold start here (2 cores, first activation loads tiktoken's WASM in the worker) shows the
 * count ~10-20 s after the page opens; 2 min leaves room for a loaded CI machine.
 */
const TIMEOUT_MS = 120_000;

/**
 * @param {{url: string, file: string, screenshot: string}} options
 * @returns {Promise<{ok: boolean, detail: string}>}
 */
export async function checkWorkbench({ url, file, screenshot }) {
  const encoding = get_encoding('o200k_base');
  const expected = encoding.encode_ordinary(readFileSync(file, 'utf8')).length;
  encoding.free();
  // The item's text is short (`829 · 0.7% · gpt-4o`, `12.3k` past 9,999); its accessible label
  // has the whole number, as a screen reader says it: `829 tokens, 0.7% of …`.
  const expectedText = `${expected.toLocaleString('en-US')} tokens`;
  const fileName = path.basename(file);

  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  let step = 'opening the workbench';
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    step = `waiting for ${fileName} in an editor tab`;
    await page.locator('.tabs-container .tab').filter({ hasText: fileName }).first().waitFor({ timeout: TIMEOUT_MS });
    step = `waiting for "${expectedText}" (tiktoken o200k_base) in the accessible label of Tokenscope's status bar item`;
    const item = page.locator(`${COUNT_ITEM} .statusbar-item-label`);
    await page.waitForFunction(
      ({ selector, wanted }) => document.querySelector(selector)?.getAttribute('aria-label')?.startsWith(`${wanted},`),
      { selector: COUNT_ITEM, wanted: expectedText },
      { timeout: TIMEOUT_MS, polling: 250 },
    );
    const shown = (await item.textContent())?.replace(/\s+/g, ' ').trim();
    await page.screenshot({ path: screenshot });
    return { ok: true, detail: `${fileName} open, status bar "${shown}"` };
  } catch (error) {
    // What the bar showed instead is the useful part of a failure.
    const shown = await page
      .locator(`${COUNT_ITEM} .statusbar-item-label`)
      .textContent({ timeout: 1000 })
      .catch(() => undefined);
    await page.screenshot({ path: screenshot }).catch(() => {});
    return {
      ok: false,
      detail: `${step}: ${String(error?.message ?? error).split('\n')[0]}; the item showed ${shown === undefined ? 'nothing' : `"${shown.replace(/\s+/g, ' ').trim()}"`}`,
    };
  } finally {
    await browser.close();
  }
}
