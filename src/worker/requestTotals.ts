/**
 * A request file's total for the status bar, asked with every count of a JSON document: parsed
 * and counted once per (document version, tokenizer, ask), so the selections and cursor moves
 * that ask again cost nothing. Texts over REQUEST_MAX_CHARS are not read as requests: a request
 * is kilobytes; a JSON file of megabytes is data, and parsing it with offsets on every keystroke
 * would cost the status bar its speed.
 */
import { requestAskKey, requestOptionsOf, type RequestAsk } from '../core/requests/requestAsk';
import { countRequestText, isNotARequest } from '../core/requests/requestCount';
import { requestTotalOf, type RequestTotal } from '../core/requests/requestTypes';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';

export const REQUEST_MAX_CHARS = 2_000_000;

export class RequestTotals {
  private last: { key: string; total: RequestTotal | undefined } | undefined;

  constructor(private readonly tokenizers: TokenizerRegistry) {}

  /** The request's total, or undefined when the text is not a request (or too long to be read as one). */
  totalOf(uri: string, version: number, tokenizer: TokenizerId, ask: RequestAsk, text: () => string): RequestTotal | undefined {
    const key = `${uri}\n${version}\n${tokenizer}\n${requestAskKey(ask)}`;
    if (this.last?.key === key) return this.last.total;
    const body = text();
    let total: RequestTotal | undefined;
    if (body.length <= REQUEST_MAX_CHARS) {
      const counter = this.tokenizers.load(tokenizer).tokenizer;
      const breakdown = countRequestText(
        body,
        requestOptionsOf(ask, (part) => counter.count(part)),
      );
      total = isNotARequest(breakdown) ? undefined : requestTotalOf(breakdown);
    }
    this.last = { key, total };
    return total;
  }
}
