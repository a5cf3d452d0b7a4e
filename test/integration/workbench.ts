// Helpers for integration tests to see and drive the workbench page, the way a user would.
//
// Under code-server (test/host/runInCodeServer.mjs) the launcher drives the page with Playwright
// and serves a small HTTP "page bridge"; its URL reaches this extension host as the environment
// variable TOKENSCOPE_PAGE_BRIDGE. Reading the status bar from the page checks what is rendered,
// not just what the extension set.
//
// Under desktop VS Code (test/runElectron.mjs) there is no page to reach: readStatusBar() falls
// back to the extension's own test API, screenshot() does nothing, and pressKeys() throws (use
// `hasPage()` to skip such tests).
import * as vscode from 'vscode';
import { EXTENSION_ID, STATUS_BAR_ITEM_ID } from '../../src/host/platform/ids';

/** The status bar item as the user sees it. */
export interface StatusBarState {
  /** Visible text, icons removed (the page renders codicons as empty spans), trimmed. */
  text: string;
  /** Whether the item is shown at all. */
  visible: boolean;
  /** Whether a spinning icon (`$(loading~spin)` or `$(sync~spin)`) is shown. */
  spinning: boolean;
  /** The hover text; only when asked for with `{ tooltip: true }` (it costs a mouse hover). */
  tooltip?: string;
  /** The accessibility label (page only). */
  ariaLabel?: string;
}

/** Whether tests can see the real page (code-server run) rather than only the extension's API. */
export function hasPage(): boolean {
  return !!process.env.TOKENSCOPE_PAGE_BRIDGE;
}

/** POSTs `body` as JSON to the launcher's page bridge and returns its JSON answer. */
async function askPage<T>(endpoint: string, body: object): Promise<T> {
  const bridge = process.env.TOKENSCOPE_PAGE_BRIDGE;
  if (!bridge) throw new Error(`${endpoint} needs the page bridge (run the tests with test/host/runInCodeServer.mjs)`);
  const response = await fetch(new URL(endpoint, bridge), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`page bridge ${endpoint}: ${answer.error ?? response.status}`);
  return answer;
}

/** The shape of the extension's exported test API used by the desktop fallback. */
interface TestingApi {
  testing?: { statusBarText(): string | undefined };
}

/**
 * FALLBACK for desktop runs without a page: asks the extension what it put in its item.
 * It sees `$(icon)` syntax rather than rendered icons, so the icons are stripped here to match
 * what the page reports; an `undefined` text means the item is hidden.
 */
async function readStatusBarFromExtension(): Promise<StatusBarState> {
  const extension = vscode.extensions.getExtension<TestingApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  const raw = api?.testing?.statusBarText();
  if (raw === undefined) return { text: '', visible: false, spinning: false };
  return {
    text: raw
      .replace(/\$\([\w-]+(?:~[\w-]+)?\)/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
    visible: true,
    spinning: /\$\([\w-]+~spin\)/.test(raw),
  };
}

/** Reads the Tokenscope status bar item from the page (or, on desktop, from the extension). */
export async function readStatusBar(options: { tooltip?: boolean; screenshotWithTooltip?: string } = {}): Promise<StatusBarState> {
  if (!hasPage()) return readStatusBarFromExtension();
  return askPage<StatusBarState>('/statusbar', {
    id: STATUS_BAR_ITEM_ID,
    extensionId: EXTENSION_ID,
    tooltip: !!options.tooltip || !!options.screenshotWithTooltip,
    screenshot: options.screenshotWithTooltip,
  });
}

/**
 * Polls the status bar until `predicate` holds and returns that state. Fails with the last
 * state seen, so a wrong count shows up in the message rather than as a bare timeout.
 */
export async function waitForStatusBar(predicate: (state: StatusBarState) => boolean, timeoutMs = 15_000, options: { tooltip?: boolean } = {}): Promise<StatusBarState> {
  const deadline = Date.now() + timeoutMs;
  let last: StatusBarState | undefined;
  for (;;) {
    last = await readStatusBar(options);
    if (predicate(last)) return last;
    if (Date.now() > deadline) break;
    // 100 ms: well under the extension's debounce, so the first matching state is not missed by much.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`status bar did not reach the expected state within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
}

/** Timeouts so far in this run: each names its screenshot. */
let timeouts = 0;

/**
 * Polls `read` until `check` accepts what it returns, and returns that. Fails with the last value
 * seen, so a wrong number shows up in the message rather than as a bare timeout.
 */
export async function waitFor<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) {
      // What the workbench showed when the wait gave up, beside the other screenshots: a
      // timeout's "last seen" says what was read, the picture says why (a dialog, focus elsewhere).
      const picture = await screenshot(`timeout-${++timeouts}`).catch(() => undefined);
      throw new Error(`timed out after ${timeoutMs} ms; last seen: ${JSON.stringify(value)}${picture ? ` (screenshot: ${picture})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}

/**
 * Waits until a notification holding `text` is shown (page only). Toasts are not drawn in the
 * test workbench; the same message is announced through the accessibility alert region, which
 * this reads too.
 */
export async function waitForNotification(text: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    () => queryPage('.notifications-toasts, .monaco-aria-container'),
    (shown) => shown.some((t) => t.includes(text)),
    timeoutMs,
  );
}

/** Saves a screenshot of the page (or of the first element `selector` matches) as test-results/<name>.png; a no-op without a page. */
export async function screenshot(name: string, selector?: string): Promise<string | undefined> {
  if (!hasPage()) return undefined;
  const { path } = await askPage<{ path: string }>('/screenshot', { name, ...(selector ? { selector } : {}) });
  return path;
}

/** Presses a key combination in the page, Playwright-style (`Control+Shift+P`, `Escape`). Page only. */
export async function pressKeys(combo: string): Promise<void> {
  await askPage('/keyboard', { press: combo });
}

/**
 * Types text where the workbench has focus, key by key like a user. Without a page it types
 * into the active editor through the `type` command, which also goes through VS Code's typing path.
 */
export async function typeInPage(text: string): Promise<void> {
  if (!hasPage()) {
    await vscode.commands.executeCommand('type', { text });
    return;
  }
  await askPage('/keyboard', { type: text });
}

/**
 * Text contents (or the value of `attribute`) of every element matching a CSS selector, for
 * example `.monaco-hover` for a hover's content. Page only.
 */
export async function queryPage(selector: string, attribute?: string): Promise<string[]> {
  const { values } = await askPage<{ values: string[] }>('/evaluate', { selector, attribute });
  return values;
}

/** One inline span of a rendered editor line. */
export interface RenderedSpan {
  text: string;
  className: string;
  box: { x: number; y: number; width: number; height: number };
  /** Computed background colour of the span itself (`rgba(…)`). */
  background: string;
  /** Content of the span's ::before / ::after pseudo-elements (decoration glyphs), quoted CSS strings. */
  before?: string;
  after?: string;
  afterBackground?: string;
}

/** A visible editor as rendered on the page. */
export interface RenderedEditor {
  uri?: string;
  lines: Array<{ top: number; box: RenderedSpan['box']; spans: RenderedSpan[] }>;
  /** Background-only decoration boxes (the overlay layer). */
  overlays: Array<{ className: string; box: RenderedSpan['box']; background: string }>;
  html?: string;
}

/** Every visible text editor as the page renders it: lines in screen order, spans, overlay boxes. Page only. */
export async function readEditors(options: { html?: boolean } = {}): Promise<RenderedEditor[]> {
  const { editors } = await askPage<{ editors: RenderedEditor[] }>('/editors', { html: !!options.html });
  return editors;
}

/**
 * Moves the mouse to (x, y) in page pixels and returns the text of the hover that opens there,
 * undefined if none opens within ~5 s. With `screenshot`, photographs the page while it is open.
 */
export async function hoverAt(x: number, y: number, options: { screenshot?: string } = {}): Promise<string | undefined> {
  const { text } = await askPage<{ text?: string }>('/hover', { x, y, screenshot: options.screenshot });
  return text;
}

/** Moves the mouse to (x, y) in page pixels (e.g. away from a hover). Page only. */
export async function moveMouse(x: number, y: number): Promise<void> {
  await askPage('/mouse', { x, y });
}

/**
 * Turns the mouse wheel by `deltaY` pixels over the first visible element matching a CSS
 * selector, at `at` (pixels from its top left corner; its middle by default). Page only.
 */
export async function wheelInPage(selector: string, deltaY: number, at?: { x: number; y: number }): Promise<void> {
  await askPage('/wheel', { selector, deltaY, ...at });
}

/** Clicks the first visible element matching a CSS selector, like a user. Page only. */
export async function clickInPage(selector: string): Promise<void> {
  await askPage('/click', { selector });
}

/**
 * Starts recording, in the page, every change of the rendered text of Tokenscope's item and of
 * the items whose element ids end with `otherIds`, with its wall-clock time. Page only.
 */
export async function watchStatusBar(otherIds: string[] = []): Promise<void> {
  await askPage('/statusbar/watch', { ids: [`${EXTENSION_ID}.${STATUS_BAR_ITEM_ID}`, ...otherIds] });
}

export interface StatusBarChange {
  time: number;
  /** The watched id suffix it belongs to. */
  id: string;
  text: string;
  /** Whether a spinning icon was shown with the text. */
  spinning: boolean;
}

/** The recorded changes at or after `since` (a Date.now() value), oldest first. Page only. */
export async function statusBarChanges(since: number): Promise<StatusBarChange[]> {
  const { changes } = await askPage<{ changes: StatusBarChange[] }>('/statusbar/changes', { since });
  return changes;
}

/**
 * Texts (or `attribute` values) of the elements matching `selector` inside a webview, as
 * rendered: the first frame that has `within` (by default, the insight panel's document).
 */
export async function queryWebview(selector: string, attribute?: string, within = '[data-testid="source"]'): Promise<string[]> {
  return (await askPage<{ values: string[] }>('/webview/query', { selector, attribute, within })).values;
}

/** The computed value of CSS `property` on each element matching `selector` inside a webview, as rendered. */
export async function webviewStyle(selector: string, property: string, within = '[data-testid="source"]'): Promise<string[]> {
  return (await askPage<{ values: string[] }>('/webview/query', { selector, style: property, within })).values;
}

/** A DOM property (`scrollWidth`, `clientWidth`) of each element matching `selector` inside a webview, as rendered. */
export async function webviewProperty(selector: string, property: string, within = '[data-testid="source"]'): Promise<number[]> {
  return (await askPage<{ values: string[] }>('/webview/query', { selector, property, within })).values.map(Number);
}

/** Saves a screenshot of the webview holding `within` (its frame only) as test-results/<name>.png; a no-op without a page. */
export async function webviewScreenshot(name: string, within = '[data-testid="source"]'): Promise<string | undefined> {
  if (!hasPage()) return undefined;
  return (await askPage<{ path: string }>('/webview/screenshot', { name, within })).path;
}

/** Clicks, fills, selects, presses a key on or hovers the first element matching `selector` inside a webview. */
export async function actInWebview(
  selector: string,
  action: 'click' | 'fill' | 'select' | 'press' | 'hover' = 'click',
  value?: string,
  within = '[data-testid="source"]',
): Promise<void> {
  const { done } = await askPage<{ done: boolean }>('/webview/act', { selector, action, value, within });
  if (!done) throw new Error(`no webview element matches ${selector}`);
}

/** An image of the page as the browser has it: its alt text and natural size (0 × 0 until it is loaded, or if it failed). */
export interface PageImage {
  alt: string;
  naturalWidth: number;
  naturalHeight: number;
}

/** Every `<img>` matching a CSS selector in the workbench page (not in webviews). Page only. */
export async function readImages(selector: string): Promise<PageImage[]> {
  return (await askPage<{ images: PageImage[] }>('/images', { selector })).images;
}

/** A status bar item as laid out on the page: `shown` is false for an item VS Code pushed off the bar for lack of room. */
export interface StatusBarItemBox {
  id: string;
  text: string;
  left: number;
  width: number;
  shown: boolean;
}

/** Every status bar item (VS Code's own and the extensions'), left to right as in the DOM. Page only. */
export async function statusBarLayout(): Promise<{ bar?: { width: number; height: number }; items: StatusBarItemBox[] }> {
  return askPage('/statusbar/layout', {});
}

/** Resizes the page to `width` × `height` CSS pixels; returns the size it had. Page only. */
export async function setViewport(width: number, height: number): Promise<{ width: number; height: number }> {
  return (await askPage<{ before: { width: number; height: number } }>('/viewport', { width, height })).before;
}
