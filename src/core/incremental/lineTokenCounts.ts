import { emptyMix } from '../text/scriptClasses';
import { scriptRuns } from '../text/scriptMix';
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

/**
 * The tokens that start in one line, by script class: each token goes to the script run
 * (scriptRuns) it starts in. `lineStart` is the line's document offset, `text` its text.
 * Exact, as the tokens' starts are known here; a count of a whole text uses scriptMixOf.
 */
export function lineScriptMix(tokenStarts: Int32Array, lineStart: number, text: string): number[] {
  const mix = emptyMix();
  const runs = scriptRuns(text);
  const lineEnd = lineStart + text.length;
  // The first token starting in the line, by binary search.
  let lo = 0;
  let hi = tokenStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokenStarts[mid] < lineStart) lo = mid + 1;
    else hi = mid;
  }
  let run = 0;
  for (let t = lo; t < tokenStarts.length && tokenStarts[t] < lineEnd; t++) {
    const at = tokenStarts[t] - lineStart;
    while (run + 1 < runs.length && at >= runs[run + 1][0]) run++;
    mix[runs[run][1]]++;
  }
  return mix;
}
