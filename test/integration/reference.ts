/**
 * Reference counts for the integration tests, computed here in the test with tiktoken itself,
 * independently of the extension's worker, block store and cut rules.
 */
import { get_encoding } from 'tiktoken';
import type { EncodingName } from '../../src/core/encodings';

const encodings = new Map<EncodingName, ReturnType<typeof get_encoding>>();

export function referenceCount(encoding: EncodingName, text: string): number {
  let enc = encodings.get(encoding);
  if (!enc) encodings.set(encoding, (enc = get_encoding(encoding)));
  return enc.encode_ordinary(text).length;
}

/** `12,345`, as the status bar writes numbers. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
