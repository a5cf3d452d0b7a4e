import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelL10n } from '../../webview/messages';
import { hostL10n } from '../platform/l10n';
import { insightPanelHtml } from './panelHtml';

/**
 * The messages of the panel's script (l10n.t calls in src/webview/panel and what it imports),
 * listed by esbuild.mjs at build time with scripts/l10n.mjs; undefined where the code is not
 * built by esbuild.mjs, and then the whole bundle goes to the panel.
 */
declare const TOKENSCOPE_WEBVIEW_MESSAGES: readonly string[] | undefined;

/**
 * Loads the insight panel's page into `webview`: scripts on, resources only from
 * dist/webview, a fresh nonce (16 random bytes) for the one script, the panel's language.
 */
export function loadPanelPage(webview: vscode.Webview, extensionUri: vscode.Uri): void {
  const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  webview.options = { enableScripts: true, localResourceRoots: [assets] };
  webview.html = insightPanelHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'insight.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'insight.css')).toString(),
    title: vscode.l10n.t('Tokenscope Insight'),
    loadingText: vscode.l10n.t('Loading the insight panel…'),
    l10n: panelL10n(),
  });
}

/**
 * The panel's language: the display language for numbers and the bundle's translations of
 * the panel's messages only (VS Code loaded the bundle for the display language; in English
 * there is none, and the panel shows its messages as they are).
 */
function panelL10n(): PanelL10n {
  const bundle = vscode.l10n.bundle;
  if (!bundle) return { locale: hostL10n.locale, strings: {} };
  const keys = typeof TOKENSCOPE_WEBVIEW_MESSAGES === 'undefined' ? Object.keys(bundle) : TOKENSCOPE_WEBVIEW_MESSAGES;
  const strings: Record<string, string> = {};
  for (const key of keys) if (Object.hasOwn(bundle, key)) strings[key] = bundle[key];
  return { locale: hostL10n.locale, strings };
}
