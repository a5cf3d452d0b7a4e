// The "page bridge": a tiny HTTP server on 127.0.0.1 through which tests running inside the
// extension host (test/integration/workbench.ts) ask the launcher about the workbench page it
// drives with Playwright. Its URL reaches the extension host as TOKENSCOPE_PAGE_BRIDGE.
//
// Every endpoint takes and returns JSON over POST:
//   /statusbar  {id, extensionId?, tooltip?} -> {text, ariaLabel, visible, spinning, elementId, tooltip?}
//   /screenshot {name}                       -> {path}           (test-results/<name>.png)
//   /keyboard   {type?, press?}              -> {}               (typed/pressed where focus is)
//   /evaluate   {selector, attribute?}       -> {values: string[]}
//   /webview/query  {selector, attribute?, style?, property?, within?} -> {values: string[]}
//   /webview/act    {selector, action (click|fill|select|press|hover), value?, within?} -> {done}
//   /webview/screenshot {name, within?}      -> {path}           (the webview's frame only)
//   /editors    {html?}                      -> {editors: [{uri, lines: [{top, spans}], overlays}]}
//   /hover      {x, y, selector?, screenshot?} -> {text?}   (mouse at x,y; the hover's text)
//   /mouse      {x, y}                       -> {}               (moves the mouse)
//   /click      {selector}                   -> {}               (clicks the first visible match)
//   /wheel      {selector, deltaY, x?, y?}   -> {}               (mouse wheel over the first visible match)
//   /images     {selector}                   -> {images: [{alt, naturalWidth, naturalHeight}]}
//   /statusbar/layout {}                     -> {bar: {width, height}, items: [{id, text, left, width, shown}]}
//   /viewport   {width, height}              -> {before: {width, height}}   (resizes the page)
//                                               (naturalWidth 0: not loaded, or the file is missing)
//
// Found by inspecting the DOM of code-server 4.139.1: an extension's status bar item is
// `<div class="statusbar-item right" id="<extension id>.<item id>" aria-label="…">` with an
// `<a class="statusbar-item-label">` holding `<span class="codicon codicon-loading
// codicon-modifier-spin"></span> 1,234 tokens`, so Tokenscope's item is
// `[id="tokenscope.tokenscope.tokenscope.count"]` (an attribute selector: the id has dots).
// A hidden item is removed from the DOM. The tooltip is not in the DOM until the item is
// hovered; it then shows in a `.workbench-hover` (about 0.5 s after the mouse arrives).
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The webview frames that hold an element matching `within`: the panel's own document, not
 * VS Code's frames (such as the extension host worker's iframe) nor the workbench itself.
 * Frames where that element is visible come first: while a webview loads (or reloads) VS Code
 * keeps its previous content frame for a while, and a query answered by that frame read a
 * status the panel had left long before (a run saw "ready" there while the panel showed
 * "Computing… 39%").
 */
async function webviewFrames(page, within) {
  const ranked = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    const match = frame.locator(within);
    if ((await match.count().catch(() => 0)) === 0) continue;
    // The live frame first: its `within` element is shown, or failing that (an empty header
    // has no box while a panel waits for its first numbers) its iframes are. A content frame
    // VS Code kept from the webview's load has the same elements, saying "ready", in a hidden iframe.
    const rank = (await match
      .first()
      .isVisible()
      .catch(() => false))
      ? 2
      : (await frameShown(frame))
        ? 1
        : 0;
    ranked.push({ frame, rank });
  }
  ranked.sort((a, b) => b.rank - a.rank);
  // Two frames equally likely to be the panel: say so once, since the answer may be the wrong one's.
  const key = `${within}|${ranked.map((r) => r.rank).join(',')}`;
  if (ranked.length > 1 && ranked[0].rank === ranked[1].rank && !ambiguityReported.has(key)) {
    ambiguityReported.add(key);
    console.error(`[page] ${ranked.length} frames hold ${within}, ranked ${ranked.map((r) => r.rank).join(', ')} (2: shown, 1: in a shown iframe)`);
  }
  return ranked.map((r) => r.frame);
}
const ambiguityReported = new Set();
/** Whether `frame`'s iframe, and every iframe around it, is shown on the page. */
async function frameShown(frame) {
  for (let f = frame; f && f !== f.page().mainFrame(); f = f.parentFrame()) {
    const element = await f.frameElement().catch(() => undefined);
    if (!element || !(await element.isVisible().catch(() => false))) return false;
  }
  return true;
}
/** Reads the status bar item from the page; runs in the browser. */
function statusBarInPage({ id, extensionId }) {
  const items = [...document.querySelectorAll('.statusbar-item')];
  const exact = `${extensionId}.${id}`.toLowerCase();
  // Exact id first; then any item whose id ends with ".<item id>", in case a VS Code version
  // spells the extension part differently (case, or a prefix of its own).
  const element = items.find((e) => e.id.toLowerCase() === exact) ?? items.find((e) => e.id.toLowerCase().endsWith(`.${id.toLowerCase()}`));
  if (!element) return { text: '', ariaLabel: undefined, visible: false, spinning: false, elementId: undefined };
  const label = element.querySelector('.statusbar-item-label') ?? element;
  return {
    // innerText: what is rendered; codicons are empty spans, so only the words remain.
    text: label.innerText.replace(/\s+/g, ' ').trim(),
    ariaLabel: element.getAttribute('aria-label') ?? undefined,
    visible: element.checkVisibility(),
    spinning: !!element.querySelector('.codicon-modifier-spin, .codicon-loading'),
    elementId: element.id,
  };
}

/**
 * Runs in the page: records each change of the watched items' texts (or spinners) as
 * {time, id, text, spinning} in a global. Items are named by the end of their element id (`.tokenscope.count`).
 */
function watchStatusBarInPage({ ids }) {
  const changes = (window.__tokenscopeStatusChanges = []);
  const bar = document.querySelector('.part.statusbar');
  const last = new Map();
  const record = () => {
    const time = Date.now();
    for (const id of ids) {
      const element = [...document.querySelectorAll('.statusbar-item')].find((e) => e.id.toLowerCase().endsWith(id.toLowerCase()));
      const text = element ? (element.querySelector('.statusbar-item-label') ?? element).textContent.replace(/\s+/g, ' ').trim() : '';
      // The spinner is an icon, not text: a number marked stale is a change of its own.
      const spinning = !!element?.querySelector('.codicon-modifier-spin, .codicon-loading');
      const key = `${spinning}\u0000${text}`;
      if (key !== last.get(id)) {
        last.set(id, key);
        changes.push({ time, id, text, spinning });
      }
    }
  };
  window.__tokenscopeStatusObserver?.disconnect();
  window.__tokenscopeStatusObserver = new MutationObserver(record);
  window.__tokenscopeStatusObserver.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  record();
}

/**
 * Every status bar item with its box, and whether it is really on screen: VS Code wraps the
 * items that do not fit onto a second row the bar's overflow hides, so an item pushed out is
 * still in the DOM, but below the bar. Runs in the browser.
 */
function statusBarLayoutInPage() {
  const bar = document.querySelector('.part.statusbar')?.getBoundingClientRect();
  if (!bar) return { bar: undefined, items: [] };
  const items = [...document.querySelectorAll('.part.statusbar .statusbar-item')].map((e) => {
    const r = e.getBoundingClientRect();
    const shown = e.checkVisibility() && r.width > 0 && r.top >= bar.top - 1 && r.bottom <= bar.bottom + 1 && r.left >= bar.left - 1 && r.right <= bar.right + 1;
    return { id: e.id, text: (e.querySelector('.statusbar-item-label') ?? e).innerText.replace(/\s+/g, ' ').trim(), left: r.left, width: r.width, shown };
  });
  return { bar: { width: bar.width, height: bar.height }, items };
}

/** A point on the status bar between the left and right items, where hovering shows nothing. */
function neutralPointInPage() {
  const bar = document.querySelector('.part.statusbar')?.getBoundingClientRect();
  const left = document.querySelector('.statusbar .left-items')?.getBoundingClientRect();
  const right = document.querySelector('.statusbar .right-items')?.getBoundingClientRect();
  if (!bar || !left || !right) return { x: 1, y: 1 };
  return { x: (left.right + right.left) / 2, y: bar.top + bar.height / 2 };
}

/**
 * Hovers the item and returns its hover's text, or undefined if no hover appears in 3 s.
 * With `screenshotFile`, the page is photographed while the hover is open.
 */
async function readTooltip(page, elementId, screenshotFile) {
  await page.hover(`[id="${elementId}"]`);
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ visible: true }).first();
  let tooltip;
  try {
    // The workbench shows hovers after a delay (workbench.hover.delay, 500 ms by default).
    await hover.waitFor({ state: 'visible', timeout: 3000 });
    tooltip = (await hover.innerText()).trim();
    if (screenshotFile) await page.screenshot({ path: screenshotFile });
  } catch {
    tooltip = undefined;
  }
  // Move away rather than press Escape: Escape in an editor would cancel the test's selection.
  const { x, y } = await page.evaluate(neutralPointInPage);
  await page.mouse.move(x, y);
  return tooltip;
}

/**
 * What every visible text editor renders, read from the DOM: each view line's inline spans
 * (text, classes, box, computed colours) in screen order, and the overlay layer's decoration
 * boxes (background-only decorations are drawn there, as absolutely positioned divs).
 * Runs in the browser.
 */
function editorsInPage({ html }) {
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };
  const editors = [...document.querySelectorAll('.editor-instance .monaco-editor, .editor-group-container .monaco-editor')].filter(
    (e, i, all) => all.indexOf(e) === i && e.checkVisibility() && e.querySelector('.view-lines'),
  );
  return editors.map((editor) => {
    const lines = [...editor.querySelectorAll('.view-lines > .view-line')]
      .map((line) => ({
        top: parseFloat(line.style.top) || 0,
        box: box(line),
        spans: [...line.querySelectorAll(':scope > span > span')].map((span) => {
          const style = getComputedStyle(span);
          const before = getComputedStyle(span, '::before');
          const after = getComputedStyle(span, '::after');
          return {
            text: span.textContent,
            className: span.className,
            box: box(span),
            background: style.backgroundColor,
            before: before.content && before.content !== 'none' ? before.content : undefined,
            after: after.content && after.content !== 'none' ? after.content : undefined,
            afterBackground: after.content && after.content !== 'none' ? after.backgroundColor : undefined,
          };
        }),
      }))
      .sort((a, b) => a.top - b.top);
    const overlays = [...editor.querySelectorAll('.view-overlays > div > div')]
      .filter((d) => d.className)
      .map((d) => ({ className: d.className, box: box(d), background: getComputedStyle(d).backgroundColor }));
    return {
      uri: editor.getAttribute('data-uri') ?? undefined,
      lines,
      overlays,
      html: html ? editor.querySelector('.view-lines')?.outerHTML.slice(0, 20000) + '\n----\n' + editor.querySelector('.view-overlays')?.outerHTML.slice(0, 20000) : undefined,
    };
  });
}

/**
 * Starts the bridge. `getPage()` returns the Playwright page, or undefined before it exists.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startPageBridge({ getPage, resultsDir }) {
  /** test-results/<name>.png, with the name made safe for a file system. */
  const resultFile = (name) => {
    mkdirSync(resultsDir, { recursive: true });
    return path.join(resultsDir, `${String(name ?? 'screenshot').replace(/[^\w.-]+/g, '_')}.png`);
  };

  const handlers = {
    async '/statusbar'(page, { id, extensionId = 'tokenscope.tokenscope', tooltip = false, screenshot }) {
      if (typeof id !== 'string') throw new Error('id (the status bar item id) is required');
      const state = await page.evaluate(statusBarInPage, { id, extensionId });
      if (tooltip && state.visible) state.tooltip = await readTooltip(page, state.elementId, screenshot ? resultFile(screenshot) : undefined);
      return state;
    },
    // Timestamps (wall clock, comparable with the extension host's Date.now()) of every change
    // of the item's rendered text, recorded in the page by a MutationObserver, so a benchmark
    // can time "edit → status bar updated" without the bridge's own round trip in the figure.
    async '/statusbar/watch'(page, { ids }) {
      if (!Array.isArray(ids)) throw new Error('ids (element id suffixes of status bar items) are required');
      await page.evaluate(watchStatusBarInPage, { ids });
      return {};
    },
    async '/statusbar/changes'(page, { since = 0 }) {
      const changes = await page.evaluate((from) => (window.__tokenscopeStatusChanges ?? []).filter((c) => c.time >= from), since);
      return { changes };
    },
    async '/statusbar/layout'(page) {
      return page.evaluate(statusBarLayoutInPage);
    },
    // Resizes the browser window's page (the workbench lays itself out again); returns the size it had.
    async '/viewport'(page, { width, height }) {
      const before = page.viewportSize();
      if (typeof width !== 'number' || typeof height !== 'number') throw new Error('width and height are required');
      await page.setViewportSize({ width, height });
      return { before };
    },
    async '/screenshot'(page, { name, selector }) {
      const file = resultFile(name);
      // With a selector, only that part of the workbench (a README picture of the side bar).
      if (typeof selector === 'string') await page.locator(selector).first().screenshot({ path: file });
      else await page.screenshot({ path: file });
      return { path: file };
    },
    async '/keyboard'(page, { type, press }) {
      if (typeof type === 'string') await page.keyboard.type(type);
      if (typeof press === 'string') await page.keyboard.press(press);
      return {};
    },
    async '/editors'(page, { html = false }) {
      return { editors: await page.evaluate(editorsInPage, { html }) };
    },
    async '/mouse'(page, { x, y }) {
      await page.mouse.move(x, y);
      return {};
    },
    async '/wheel'(page, { selector, deltaY, x, y }) {
      // A user's mouse wheel over the element (at x, y inside it; its middle by default): virtual
      // lists (the Settings editor's) render only the rows in view, so reading them all means scrolling.
      const box = await page.locator(selector).filter({ visible: true }).first().boundingBox({ timeout: 5000 });
      if (!box) throw new Error(`${selector} has no box`);
      await page.mouse.move(box.x + (x ?? box.width / 2), box.y + (y ?? box.height / 2));
      await page.mouse.wheel(0, deltaY);
      return {};
    },
    async '/click'(page, { selector }) {
      await page.locator(selector).filter({ visible: true }).first().click({ timeout: 5000 });
      return {};
    },
    async '/hover'(page, { x, y, selector = '.monaco-hover', screenshot }) {
      await page.mouse.move(x, y);
      const hover = page.locator(selector).filter({ visible: true }).first();
      let text;
      try {
        // The editor shows hovers after editor.hover.delay (300 ms by default) and the worker's answer.
        await hover.waitFor({ state: 'visible', timeout: 5000 });
        // Wait for the content, not just the frame: a hover may first say "Loading...".
        await page.waitForFunction(
          (sel) => {
            const e = [...document.querySelectorAll(sel)].find((h) => h.checkVisibility());
            return e && !/Loading/.test(e.innerText) && e.innerText.trim().length > 0;
          },
          selector,
          { timeout: 5000 },
        );
        text = (await hover.innerText()).trim();
        if (screenshot) await page.screenshot({ path: resultFile(screenshot) });
      } catch {
        text = undefined;
      }
      return { text };
    },
    // Webviews live in nested iframes (VS Code's host frame, then the content frame): these
    // look for `selector` in every frame of the page and act in the first frame that has it,
    // so tests read and drive a webview exactly as a user sees it.
    // `within`: a selector only the wanted webview's document has (VS Code's own frames, such
    // as the extension host worker's iframe, are skipped).
    // `style`: a CSS property whose computed value is returned instead of the text (whether the
    // webview's stylesheet arrived shows only there).
    // `property`: a DOM property read instead (`scrollWidth`, `clientWidth`), as a string.
    async '/webview/query'(page, { selector, attribute, style, property: domProperty, within = 'body' }) {
      if (typeof selector !== 'string') throw new Error('selector is required');
      for (const frame of await webviewFrames(page, within)) {
        const values = await frame
          .$$eval(
            selector,
            (elements, { attr, property, dom }) =>
              elements.map((e) =>
                dom ? String(e[dom]) : property ? getComputedStyle(e).getPropertyValue(property) : attr ? (e.getAttribute(attr) ?? '') : (e.innerText ?? e.textContent ?? ''),
              ),
            { attr: attribute ?? null, property: style ?? null, dom: domProperty ?? null },
          )
          .catch(() => []);
        if (values.length > 0) return { values };
      }
      return { values: [] };
    },
    async '/webview/act'(page, { selector, action = 'click', value, within = 'body' }) {
      if (typeof selector !== 'string') throw new Error('selector is required');
      for (const frame of await webviewFrames(page, within)) {
        const target = frame.locator(selector).first();
        if ((await target.count().catch(() => 0)) === 0) continue;
        if (action === 'click') await target.click({ timeout: 5000 });
        else if (action === 'fill') await target.fill(String(value), { timeout: 5000 });
        else if (action === 'select') await target.selectOption(String(value), { timeout: 5000 });
        else if (action === 'press') await target.press(String(value), { timeout: 5000 });
        else if (action === 'hover') await target.hover({ timeout: 5000 });
        else throw new Error(`unknown action ${action}`);
        return { done: true };
      }
      return { done: false };
    },
    // The webview as the user sees it: a screenshot of the frame that holds `within`, cut to
    // where the frame is on the page (what the panel shows without scrolling).
    async '/webview/screenshot'(page, { name, within = 'body' }) {
      for (const frame of await webviewFrames(page, within)) {
        const element = await frame.frameElement();
        const file = resultFile(name);
        await element.screenshot({ path: file });
        return { path: file };
      }
      throw new Error(`no webview frame holds ${within}`);
    },
    // Whether images were really loaded, which no attribute says: a walkthrough step's image
    // whose file is missing still has its <img> and alt text, with a natural size of 0.
    async '/images'(page, { selector }) {
      if (typeof selector !== 'string') throw new Error('selector is required');
      const images = await page.$$eval(selector, (elements) =>
        elements
          .filter((e) => e instanceof HTMLImageElement)
          .map((e) => ({ alt: e.alt, naturalWidth: e.complete ? e.naturalWidth : 0, naturalHeight: e.complete ? e.naturalHeight : 0 })),
      );
      return { images };
    },
    async '/evaluate'(page, { selector, attribute }) {
      if (typeof selector !== 'string') throw new Error('selector is required');
      const values = await page.$$eval(
        selector,
        (elements, attr) => elements.map((e) => (attr ? (e.getAttribute(attr) ?? '') : (e.innerText ?? e.textContent ?? ''))),
        attribute ?? null,
      );
      return { values };
    },
  };

  const server = http.createServer(async (request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      const { pathname } = new URL(request.url, 'http://bridge');
      const handler = Object.hasOwn(handlers, pathname) ? handlers[pathname] : undefined;
      if (request.method !== 'POST' || !handler) return reply(404, { error: `no such endpoint: ${request.method} ${request.url}` });
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const page = getPage();
      if (!page) return reply(503, { error: 'the page is not open yet' });
      reply(200, await handler(page, raw ? JSON.parse(raw) : {}));
    } catch (error) {
      reply(500, { error: String(error?.stack ?? error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
