import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { escapeHtml, insightPanelHtml, type PanelHtmlInput } from '../../src/host/insight/panelHtml';

/** What VS Code 1.9x gives as webview.cspSource. */
const CSP_SOURCE = "'self' https://*.vscode-cdn.net";
const nonce = randomBytes(16).toString('base64');
const input: PanelHtmlInput = {
  cspSource: CSP_SOURCE,
  nonce,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/insight.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/insight.css',
  title: 'Tokenscope Insight',
  loadingText: 'Loading the insight panel…',
  l10n: { locale: 'en', strings: {} },
};

/** The policy in the page's CSP meta tag, unescaped. */
function policyOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'a CSP meta tag');
  return match[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('insight panel HTML', () => {
  it('sets a strict CSP: nothing by default, the nonce for scripts, the webview source for styles and images', () => {
    const policy = policyOf(insightPanelHtml(input));
    const directives = policy.split(';').map((d) => d.trim());
    assert.ok(directives.includes("default-src 'none'"), policy);
    assert.ok(directives.includes(`script-src 'nonce-${nonce}'`), policy);
    assert.ok(directives.includes(`style-src ${CSP_SOURCE}`), policy);
    assert.ok(directives.includes(`img-src ${CSP_SOURCE} data:`), policy);
    assert.ok(directives.includes("base-uri 'none'"), policy);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly one script, with the nonce, and no inline script or style', () => {
    const html = insightPanelHtml(input);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${escapeHtml(nonce)}" src="${input.scriptUri}">`]);
    assert.match(html, /<script [^>]*><\/script>/, 'the script element is empty');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.ok(html.includes(`<link rel="stylesheet" href="${input.styleUri}">`));
  });

  it('escapes the title and the URIs', () => {
    const html = insightPanelHtml({ ...input, title: '<script>alert("x")</script> & co', scriptUri: 'https://a/b.js?x="><script>', styleUri: "https://a/c.css?'" });
    assert.ok(html.includes('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>'));
    assert.ok(html.includes('src="https://a/b.js?x=&quot;&gt;&lt;script&gt;"'));
    assert.ok(html.includes('href="https://a/c.css?&#39;"'));
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('refuses a nonce that is short or could break out of the policy', () => {
    assert.throws(() => insightPanelHtml({ ...input, nonce: 'abc' }), /nonce/);
    assert.throws(() => insightPanelHtml({ ...input, nonce: `${nonce}' 'unsafe-inline` }), /nonce/);
    assert.throws(() => insightPanelHtml({ ...input, nonce: '' }), /nonce/);
    // Hex and base64url nonces are fine.
    assert.doesNotThrow(() => insightPanelHtml({ ...input, nonce: randomBytes(16).toString('hex') }));
    assert.doesNotThrow(() => insightPanelHtml({ ...input, nonce: randomBytes(18).toString('base64url') }));
  });

  it('refuses a CSP source that would add a directive or loosen the policy', () => {
    assert.throws(() => insightPanelHtml({ ...input, cspSource: "'self'; script-src *" }), /CSP source/);
    assert.throws(() => insightPanelHtml({ ...input, cspSource: "'self' 'unsafe-inline'" }), /CSP source/);
    assert.throws(() => insightPanelHtml({ ...input, cspSource: "'self' 'nonce-abc'" }), /CSP source/);
    assert.throws(() => insightPanelHtml({ ...input, cspSource: '' }), /CSP source/);
    assert.doesNotThrow(() => insightPanelHtml({ ...input, cspSource: 'vscode-webview://4f1b2c' }));
  });

  it('carries the display language and the translations as escaped JSON the panel reads back', () => {
    const l10n = { locale: 'de', strings: { Tokens: 'Tokens', 'Model: {0} ({1})': 'Modell: {0} ({1})', '"><script>x': '</body><script>' } };
    const html = insightPanelHtml({ ...input, l10n, loadingText: 'Insight-Panel wird geladen…' });
    assert.match(html, /<html lang="de">/);
    const match = /<body data-l10n="([^"]*)">/.exec(html);
    assert.ok(match, 'a data-l10n attribute on the body');
    const unescaped = match[1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(unescaped), l10n);
    assert.equal(html.match(/<script/g)?.length, 1, 'a translation cannot add markup');
    assert.ok(html.includes('<p>Insight-Panel wird geladen…</p>'));
  });
});
