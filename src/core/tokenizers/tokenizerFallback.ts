import { TokenizerFileError } from './tokenizerFileError';
import type { TokenizerId } from './tokenizerIds';

/** Why a count used its fallback tokenizer: the one that could not be loaded, its file and the reason. */
export interface TokenizerFallback {
  /** The tokenizer asked for, which could not be loaded. */
  readonly from: TokenizerId;
  /** The file it names, when it names one (`file:` ids). */
  readonly file?: string;
  /** Why it could not be used, without the path (English, like every worker detail). */
  readonly reason: string;
}

/** The tokenizer a request is served with: the one asked for, or its fallback and why. */
export interface TokenizerChoice {
  readonly tokenizer: TokenizerId;
  readonly fellBack?: TokenizerFallback;
}

/**
 * Decides which tokenizer serves a request: `wanted` if `load` can load it; otherwise
 * `fallback` (a model's `≈` approximation, see ModelCounting), with the reason, when there is
 * one and it loads. Without a fallback, or when the fallback fails too, the error of `wanted`
 * is thrown as it was: the count then fails as before, saying why.
 */
export function chooseTokenizer(load: (id: TokenizerId) => unknown, wanted: TokenizerId, fallback: TokenizerId | undefined): TokenizerChoice {
  try {
    load(wanted);
    return { tokenizer: wanted };
  } catch (err) {
    if (fallback === undefined || fallback === wanted) throw err;
    try {
      load(fallback);
    } catch {
      throw err;
    }
    const reason = err instanceof TokenizerFileError ? err.reason : err instanceof Error ? err.message : String(err);
    const file = err instanceof TokenizerFileError ? err.file : wanted.startsWith('file:') ? wanted.slice('file:'.length) : undefined;
    return { tokenizer: fallback, fellBack: file === undefined ? { from: wanted, reason } : { from: wanted, file, reason } };
  }
}
