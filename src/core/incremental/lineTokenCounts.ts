/**
 * Per-line token counts. A line's count is the number of tokens that START on it (the token
 * holding a line break belongs to the line the break ends, like the break itself), so every
 * token is counted on exactly one line and the lines of a file add up to the file's count.
 *
 * `lineStarts` holds the document offsets where lines first … last begin, then the offset
 * where the line after `last` begins (or the document's end). `tokenStarts` must hold every
 * token that starts in [lineStarts[0], lineStarts[last]), in order; tokens outside are ignored.
 * Returns one count per line.
 */
export function tokensPerLine(tokenStarts: Int32Array, lineStarts: readonly number[]): Uint32Array {
  const lines = lineStarts.length - 1;
  const counts = new Uint32Array(Math.max(0, lines));
  let line = 0;
  for (let t = 0; t < tokenStarts.length; t++) {
    const start = tokenStarts[t];
    if (start < lineStarts[0]) continue;
    while (line < lines && start >= lineStarts[line + 1]) line++;
    if (line >= lines) break;
    counts[line]++;
  }
  return counts;
}
