/**
 * Counting a text held in pieces, slice by slice, with one tokenizer: the insight panel's
 * side-by-side counts, done by the worker itself or by a counting helper (worker/helperThread.ts).
 * One copy, so a count is the same wherever it runs.
 */
import { SliceCursor, type TextPieces } from './textSlices';
import { addMix } from '../text/scriptClasses';
import { scriptMixOf } from '../text/scriptMix';
import type { LoadedTokenizer } from '../tokenizers/tokenizerRegistry';

/**
 * Yields the length of each slice counted, returns the tokens. Slices are cut where the
 * tokenizer may cut, so the sum is the count of the whole text. With `mix`, adds the tokens by
 * script class to it.
 */
export function* countSlices(pieces: TextPieces, loaded: LoadedTokenizer, mix?: number[]): Generator<number, number> {
  let tokens = 0;
  const count = (text: string) => loaded.tokenizer.count(text);
  const slices = new SliceCursor(pieces, loaded.cutRule);
  for (let slice = slices.next(); slice !== undefined; slice = slices.next()) {
    const n = count(slice);
    tokens += n;
    if (mix) addMix(mix, scriptMixOf(slice, n, count));
    yield slice.length;
  }
  return tokens;
}
