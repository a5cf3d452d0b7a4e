/**
 * The insight panel's HTML page, for the host (src/host/insight/panelPage.ts) to set as
 * `webview.html`. Pure string building, no DOM: the host runs it in Node. The page only loads
 * the bundled script and stylesheet (dist/webview/insight.js, .css); the script draws the panel.
 *
 * The Content Security Policy allows nothing but that: no inline script or style at all, only
 * the one script carrying the nonce, styles and images from the webview's own resources. So a
 * file name or token text that slipped into markup could not run even if it were not escaped.
 */
import type { PanelL10n } from '../../webview/messages';

export interface PanelHtmlInput {
  /** `webview.cspSource`, e.g. `'self' https://*.vscode-cdn.net`. */
  readonly cspSource: string;
  /** Fresh for every page, from a cryptographic random source (the host's job). */
  readonly nonce: string;
  /** `webview.asWebviewUri(…)` of dist/webview/insight.js and .css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  /** Shown until the script has drawn the panel, in the display language. */
  readonly loadingText: string;
  /** The panel's language and translations (the page carries them as escaped JSON). */
  readonly l10n: PanelL10n;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe both between tags and inside a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Base64 or base64url, long enough not to be guessed (128 bits in base64 are 22 characters). */
const NONCE = /^[A-Za-z0-9+/_-]{22,}={0,2}$/;

/**
 * A CSP source list: source expressions separated by spaces. A `;` or `,` would start another
 * directive or policy, and an `'unsafe-…'` keyword would undo the policy, so both are refused.
 */
function checkCspSource(cspSource: string): void {
  const parts = cspSource.split(' ');
  const ok = parts.length > 0 && parts.every((p) => /^[A-Za-z0-9*:/._\-+[\]%'~@]+$/.test(p) && !/^'unsafe-/i.test(p) && !/^'(nonce|sha\d+)-/i.test(p));
  if (!ok) throw new Error(`insightPanelHtml: not a CSP source list: ${JSON.stringify(cspSource)}`);
}

export function insightPanelHtml(input: PanelHtmlInput): string {
  if (!NONCE.test(input.nonce)) throw new Error('insightPanelHtml: the nonce must be at least 22 base64 characters from a random source');
  checkCspSource(input.cspSource);
  // base-uri and form-action do not fall back to default-src: set them too.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    `style-src ${input.cspSource}`,
    `img-src ${input.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(input.l10n.locale)}">`,
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">`,
    `<title>${escapeHtml(input.title)}</title>`,
    '</head>',
    // Data, not markup: escaped JSON in an attribute, which the CSP has no reason to block and
    // the script reads before it draws (panel/l10n.ts).
    `<body data-l10n="${escapeHtml(JSON.stringify(input.l10n))}">`,
    // The script fills #app; until it runs (or if it cannot), this says what is happening.
    `<main id="app" aria-busy="true"><p>${escapeHtml(input.loadingText)}</p></main>`,
    `<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
