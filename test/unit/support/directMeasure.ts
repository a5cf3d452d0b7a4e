/**
 * Size of a text measured the plain way, independently of `measureText`: code points as the
 * string iterator yields them (a lone surrogate is one), UTF-8 bytes of the well-formed text
 * (a lone surrogate becomes U+FFFD, 3 bytes, as in a UTF-8 file and in tiktoken's input).
 */
export function directMeasure(text: string): { chars: number; bytes: number } {
  // String.prototype.toWellFormed is in Node 20 but not in the ES2023 lib the project targets.
  const wellFormed = (text as string & { toWellFormed(): string }).toWellFormed();
  return { chars: [...text].length, bytes: Buffer.byteLength(wellFormed, 'utf8') };
}
