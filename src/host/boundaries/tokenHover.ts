import * as vscode from 'vscode';
import { countingTokenizer } from '../../core/catalog/models';
import { tokenHoverMarkdown } from '../../core/present/tokenHoverText';
import type { Configuration } from '../platform/configuration';
import { documentLength, type DocumentSync } from '../documents/documentSync';
import { hostL10n } from '../platform/l10n';

/**
 * Hovers on tokens while boundaries are shown: the segment under the mouse, and each token it
 * holds with its index, id, escaped text, length and bytes. The worker tokenizes only the
 * block around the mouse (usually one it just tokenized for the decorations, cached).
 */
export function registerTokenHover(sync: DocumentSync, configuration: Configuration): vscode.Disposable {
  return vscode.languages.registerHoverProvider('*', {
    async provideHover(document, position, token) {
      const settings = configuration.forDocument(document);
      if (!settings.boundaries.enabled || document.uri.scheme === 'output') return undefined;
      const offset = document.offsetAt(position);
      if (offset >= documentLength(document)) return undefined;
      const params = { uri: document.uri.toString(), version: document.version, tokenizer: countingTokenizer(settings.model), offset };
      const result = await sync.request(document, 'tokenDetails', params).catch(() => undefined);
      if (!result || token.isCancellationRequested || result.version !== document.version || result.tokens.length === 0) return undefined;
      const range = new vscode.Range(document.positionAt(result.start), document.positionAt(result.end));
      const markdown = tokenHoverMarkdown(document.getText(range), result.tokens, settings.model, hostL10n);
      return new vscode.Hover(new vscode.MarkdownString(markdown), range);
    },
  });
}
