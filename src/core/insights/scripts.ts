import type { Tokenizer } from '../tokenizers/tokenizer';
import { ratio } from './compression';
import type { ScriptStats } from './insightTypes';
import { isContinuationByte, tokenBytesOf, type TokenBytesOf } from './tokenBytes';
import { COMMON, INHERITED, scriptIndexOf, scriptNames } from '../text/unicodeScripts';

export { scriptName } from '../text/unicodeScripts';

/**
 * Token counts and characters by writing system, fed slice by slice like
 * CompressionAccumulator (slices in order, cut where the tokenizer may cut).
 *
 * - A character's script is its Unicode Script property, except that a mark of the Inherited
 *   script (a combining accent, a variation selector, ZWJ) takes the script of the character
 *   before it, as Unicode means it to; at the very start it is Common. Unassigned and
 *   private-use code points (Unknown) are Common.
 * - A token goes to the script of the first character it covers, wholly or in part, whose
 *   script is not Common: ` hello` is Latin, ` 42` Common, `'s` Latin, `١٢` (Arabic-Indic
 *   digits) Arabic. A token that holds only part of a character (CJK and emoji are often cut
 *   into two or three byte tokens) covers that character, so one Han character in three byte
 *   tokens makes three Han tokens. A token with no such character is Common.
 * - `chars` of a script: the characters of its tokens, each counted in the token that holds
 *   its first byte (as compression.ts counts token lengths), so the rows add up to the text's
 *   characters and `charsPerToken` is chars / tokens.
 * - `scriptChars`: the code points of the text in that script; Common holds all others.
 *
 * Tokens are read from their own bytes (the text as the tokenizer saw it), so a tokenizer
 * that normalizes (NFC) is followed without its tokens having to line up with the text; its
 * rows then add up to the characters of the normalized text.
 */
export class ScriptAccumulator {
  /** Code points of the text by script. */
  private readonly scriptChars: number[] = new Array<number>(scriptNames().length).fill(0);
  private readonly tokens: number[] = new Array<number>(scriptNames().length).fill(0);
  /** Characters of the tokens by the tokens' script. */
  private readonly tokenChars: number[] = new Array<number>(scriptNames().length).fill(0);
  /** Script of the last character of the text, for an Inherited mark that follows it. */
  private textScript = COMMON;
  /** The same, for the characters read from the tokens' bytes. */
  private tokenScript = COMMON;
  /** A character being read from token bytes: its code point so far and the bytes it still needs. */
  private codePoint = 0;
  private needed = 0;
  /** Earlier tokens that ended inside the character being read and found no script yet. */
  private waitingTokens = 0;
  private waitingChars = 0;

  constructor(private readonly bytesOf: TokenBytesOf) {}

  static forTokenizer(tokenizer: Tokenizer): ScriptAccumulator {
    return new ScriptAccumulator(tokenBytesOf(tokenizer));
  }

  /** The next slice of the text and its token ids. */
  add(text: string, ids: ArrayLike<number>): void {
    this.addChars(text);
    for (let i = 0; i < ids.length; i++) this.addToken(this.bytesOf(ids[i]));
  }

  /** Scripts with any characters or tokens, most tokens first (then most characters, then by name). */
  result(): ScriptStats[] {
    this.settleWaiting(COMMON); // a text never ends inside a character; if bytes did, they are Common
    const rows: ScriptStats[] = [];
    const names = scriptNames();
    for (let i = 0; i < names.length; i++) {
      if (i === INHERITED) continue; // always resolved into the script before it
      const chars = this.tokenChars[i];
      const tokens = this.tokens[i];
      const scriptChars = this.scriptChars[i];
      if (chars === 0 && tokens === 0 && scriptChars === 0) continue;
      rows.push({ script: names[i], chars, tokens, charsPerToken: ratio(chars, tokens), scriptChars });
    }
    return rows.sort((a, b) => b.tokens - a.tokens || b.chars - a.chars || a.script.localeCompare(b.script));
  }

  private addChars(text: string): void {
    const chars = this.scriptChars;
    let previous = this.textScript;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      const script = scriptIndexOf(c);
      if (script !== INHERITED) previous = script;
      chars[previous]++;
    }
    this.textScript = previous;
  }

  /** Script of the token being read, once one of its characters has one; -1 before. */
  private currentScript = -1;

  private addToken(bytes: Uint8Array): void {
    this.currentScript = -1;
    let chars = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (isContinuationByte(b)) {
        if (this.needed === 0)
          this.onChar(0xfffd); // a stray continuation byte
        else if (--this.needed === 0) this.onChar((this.codePoint = (this.codePoint << 6) | (b & 0x3f)));
        else this.codePoint = (this.codePoint << 6) | (b & 0x3f);
        continue;
      }
      chars++;
      if (this.needed > 0) {
        this.needed = 0;
        this.onChar(0xfffd); // the sequence `b` broke off
      }
      if (b < 0x80) this.onChar(b);
      else if (b >= 0xc2 && b <= 0xdf) this.begin(b & 0x1f, 1);
      else if (b >= 0xe0 && b <= 0xef) this.begin(b & 0x0f, 2);
      else if (b >= 0xf0 && b <= 0xf4) this.begin(b & 0x07, 3);
      else this.onChar(0xfffd);
    }
    if (this.currentScript >= 0) {
      this.tokens[this.currentScript]++;
      this.tokenChars[this.currentScript] += chars;
    } else if (this.needed > 0) {
      // Ends inside a character: it covers that character too, whose script is not known yet.
      this.waitingTokens++;
      this.waitingChars += chars;
    } else {
      this.tokens[COMMON]++;
      this.tokenChars[COMMON] += chars;
    }
  }

  /**
   * A character read from the tokens' bytes is complete. The waiting tokens cover it and
   * nothing after it, so it settles them: its script if it has one, else Common. The token
   * being read takes the first script it meets.
   */
  private onChar(codePoint: number): void {
    const script = this.effectiveScript(codePoint);
    this.settleWaiting(script);
    if (script !== COMMON && this.currentScript < 0) this.currentScript = script;
  }

  private begin(bits: number, needed: number): void {
    this.codePoint = bits;
    this.needed = needed;
  }

  private settleWaiting(script: number): void {
    if (this.waitingTokens === 0) return;
    this.tokens[script] += this.waitingTokens;
    this.tokenChars[script] += this.waitingChars;
    this.waitingTokens = 0;
    this.waitingChars = 0;
  }

  /** Script of a character read from token bytes, Inherited marks taking the one before. */
  private effectiveScript(codePoint: number): number {
    const script = scriptIndexOf(codePoint);
    if (script !== INHERITED) this.tokenScript = script;
    return this.tokenScript;
  }
}
