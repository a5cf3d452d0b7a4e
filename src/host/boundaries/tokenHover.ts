import * as vscode from 'vscode';
import { countedModel, countingTokenizer, fallbackTokenizer } from '../../core/catalog/models';
import { tokenHoverMarkdown } from '../../core/present/tokenHoverText';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import type { Configuration } from '../platform/configuration';
import { DocumentVersion, documentLength, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';
import { hostL10n } from '../platform/l10n';
import type { ProviderTokenSource } from './providerTokens';

/** The tokens under one offset. */
interface HoverInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  /** The model's `≈` approximation's tokenizer, should `tokenizer` (a file) not load, as for the count. */
  readonly fallback: TokenizerId | undefined;
  readonly offset: number;
}

/**
 * Hovers on tokens while boundaries are shown: the segment under the mouse, and each token it
 * holds with its index, id, escaped text, length and bytes. The worker tokenizes only the
 * block around the mouse (usually one it just tokenized for the decorations, cached). While the
 * boundaries are a provider's own tokens (`providerTokens`, xAI's), the hover shows those, from its answer.
 */
export function registerTokenHover(tracked: TrackedDocuments, configuration: Configuration, providerTokens?: ProviderTokenSource): vscode.Disposable {
  const details = tracked.query(
    'tokenDetails',
    (input: HoverInput) => ({
      uri: input.at.uri,
      version: input.at.version,
      tokenizer: input.tokenizer,
      ...(input.fallback === undefined ? {} : { fallback: input.fallback }),
      offset: input.offset,
    }),
    (input) => `${input.tokenizer} ${input.fallback ?? ''} ${input.offset}`,
  );
  return vscode.languages.registerHoverProvider('*', {
    async provideHover(document, position, token) {
      const settings = configuration.forDocument(document);
      if (!settings.boundaries.enabled || !tracked.isTracked(document)) return undefined;
      const offset = document.offsetAt(position);
      if (offset >= documentLength(document)) return undefined;
      const exact = providerTokens?.for(document, settings.model);
      if (exact) {
        const segment = exact.layout.segmentAt(offset);
        if (!segment) return undefined;
        const range = new vscode.Range(document.positionAt(segment.start), document.positionAt(segment.end));
        const markdown = tokenHoverMarkdown(document.getText(range), segment.tokens, settings.model, hostL10n, exact.spec.maker);
        return new vscode.Hover(new vscode.MarkdownString(markdown), range);
      }
      const input: HoverInput = { document, at: DocumentVersion.of(document), tokenizer: countingTokenizer(settings.model), fallback: fallbackTokenizer(settings.model), offset };
      const result = await details.ask(input).catch(() => undefined);
      if (!result || token.isCancellationRequested || result.version !== document.version || result.tokens.length === 0) return undefined;
      const range = new vscode.Range(document.positionAt(result.start), document.positionAt(result.end));
      // Tokens of the fallback tokenizer (a tokenizer file that cannot be used) are described as the model's approximation.
      const markdown = tokenHoverMarkdown(document.getText(range), result.tokens, countedModel(settings.model, result.tokenizer), hostL10n);
      return new vscode.Hover(new vscode.MarkdownString(markdown), range);
    },
  });
}
