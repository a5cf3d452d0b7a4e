import type { Tokenizer } from '../tokenizers/tokenizer';
import { ratio } from './compression';
import type { ScriptStats } from './insightTypes';
import { isContinuationByte, tokenBytesOf, type TokenBytesOf } from './tokenBytes';

/**
 * Writing systems by the Unicode Script property, as V8's regexes know it (`\p{Script=…}`,
 * from the engine's ICU, so always the Unicode version the rest of the tokenizing sees). Han,
 * Hiragana and Katakana are reported apart, as Unicode assigns them (Japanese kanji are Han);
 * a panel that wants one "CJK" row adds them up. The common scripts come first because a
 * character's script is found by trying them in order (once per distinct character).
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
const SCRIPT_NAMES: readonly string[] = [
  'Latin', 'Han', 'Cyrillic', 'Arabic', 'Devanagari', 'Hiragana', 'Katakana', 'Hangul', 'Greek', 'Hebrew', 'Thai',
  'Bengali', 'Tamil', 'Telugu', 'Gujarati', 'Gurmukhi', 'Kannada', 'Malayalam', 'Oriya', 'Sinhala', 'Armenian',
  'Georgian', 'Ethiopic', 'Khmer', 'Lao', 'Myanmar', 'Tibetan', 'Mongolian', 'Thaana', 'Syriac', 'Bopomofo',
  'Adlam', 'Ahom', 'Anatolian_Hieroglyphs', 'Avestan', 'Balinese', 'Bamum', 'Bassa_Vah', 'Batak', 'Beria_Erfe',
  'Bhaiksuki', 'Brahmi', 'Braille', 'Buginese', 'Buhid', 'Canadian_Aboriginal', 'Carian', 'Caucasian_Albanian',
  'Chakma', 'Cham', 'Cherokee', 'Chorasmian', 'Coptic', 'Cuneiform', 'Cypriot', 'Cypro_Minoan', 'Deseret',
  'Dives_Akuru', 'Dogra', 'Duployan', 'Egyptian_Hieroglyphs', 'Elbasan', 'Elymaic', 'Garay', 'Glagolitic', 'Gothic',
  'Grantha', 'Gunjala_Gondi', 'Gurung_Khema', 'Hanifi_Rohingya', 'Hanunoo', 'Hatran', 'Imperial_Aramaic',
  'Inscriptional_Pahlavi', 'Inscriptional_Parthian', 'Javanese', 'Kaithi', 'Kawi', 'Kayah_Li', 'Kharoshthi',
  'Khitan_Small_Script', 'Khojki', 'Khudawadi', 'Kirat_Rai', 'Lepcha', 'Limbu', 'Linear_A', 'Linear_B', 'Lisu',
  'Lycian', 'Lydian', 'Mahajani', 'Makasar', 'Mandaic', 'Manichaean', 'Marchen', 'Masaram_Gondi', 'Medefaidrin',
  'Meetei_Mayek', 'Mende_Kikakui', 'Meroitic_Cursive', 'Meroitic_Hieroglyphs', 'Miao', 'Modi', 'Mro', 'Multani',
  'Nabataean', 'Nag_Mundari', 'Nandinagari', 'New_Tai_Lue', 'Newa', 'Nko', 'Nushu', 'Nyiakeng_Puachue_Hmong', 'Ogham',
  'Ol_Chiki', 'Ol_Onal', 'Old_Hungarian', 'Old_Italic', 'Old_North_Arabian', 'Old_Permic', 'Old_Persian',
  'Old_Sogdian', 'Old_South_Arabian', 'Old_Turkic', 'Old_Uyghur', 'Osage', 'Osmanya', 'Pahawh_Hmong', 'Palmyrene',
  'Pau_Cin_Hau', 'Phags_Pa', 'Phoenician', 'Psalter_Pahlavi', 'Rejang', 'Runic', 'Samaritan', 'Saurashtra', 'Sharada',
  'Shavian', 'Siddham', 'Sidetic', 'SignWriting', 'Sogdian', 'Sora_Sompeng', 'Soyombo', 'Sundanese', 'Sunuwar',
  'Syloti_Nagri', 'Tagalog', 'Tagbanwa', 'Tai_Le', 'Tai_Tham', 'Tai_Viet', 'Tai_Yo', 'Takri', 'Tangsa', 'Tangut',
  'Tifinagh', 'Tirhuta', 'Todhri', 'Tolong_Siki', 'Toto', 'Tulu_Tigalari', 'Ugaritic', 'Vai', 'Vithkuqi', 'Wancho',
  'Warang_Citi', 'Yezidi', 'Yi', 'Zanabazar_Square',
];

/** Index 0: Common, which also holds what has no script (Unknown: unassigned, private use). */
const COMMON = 0;
/** Marks that take the script of the character they follow (Script=Inherited). */
const INHERITED = 1;
const FIRST_NAMED = 2;

/** The scripts this engine knows (a name from a newer Unicode than the engine's is left out). */
const SCRIPTS: ReadonlyArray<{ name: string; pattern: RegExp }> = SCRIPT_NAMES.flatMap((name) => {
  try {
    return [{ name, pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }];
  } catch {
    return [];
  }
});
const NAMES: readonly string[] = ['Common', 'Inherited', ...SCRIPTS.map((s) => s.name)];
const INHERITED_PATTERN = /^\p{Script=Inherited}$/u;
const COMMON_PATTERN = /^\p{Script=Common}$/u;

/** Script index + 1 of each BMP code point, 0 until first asked; astral code points in a map. */
const bmpScripts = new Uint8Array(0x10000);
const astralScripts = new Map<number, number>();

function lookUp(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  if (COMMON_PATTERN.test(ch)) return COMMON;
  if (INHERITED_PATTERN.test(ch)) return INHERITED;
  for (let i = 0; i < SCRIPTS.length; i++) if (SCRIPTS[i].pattern.test(ch)) return FIRST_NAMED + i;
  return COMMON; // Unknown
}

/** Index into NAMES of a code point's Script property (lone surrogates are U+FFFD, Common). */
export function scriptIndexOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    const known = bmpScripts[codePoint];
    if (known !== 0) return known - 1;
    const index = codePoint >= 0xd800 && codePoint <= 0xdfff ? COMMON : lookUp(codePoint);
    bmpScripts[codePoint] = index + 1;
    return index;
  }
  let index = astralScripts.get(codePoint);
  if (index === undefined) astralScripts.set(codePoint, (index = lookUp(codePoint)));
  return index;
}

/** A code point's script name: `Latin`, `Han`, …, or `Common`, `Inherited`. */
export function scriptName(codePoint: number): string {
  return NAMES[scriptIndexOf(codePoint)];
}

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
  private readonly scriptChars: number[] = new Array<number>(NAMES.length).fill(0);
  private readonly tokens: number[] = new Array<number>(NAMES.length).fill(0);
  /** Characters of the tokens by the tokens' script. */
  private readonly tokenChars: number[] = new Array<number>(NAMES.length).fill(0);
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
    for (let i = 0; i < NAMES.length; i++) {
      if (i === INHERITED) continue; // always resolved into the script before it
      const chars = this.tokenChars[i];
      const tokens = this.tokens[i];
      const scriptChars = this.scriptChars[i];
      if (chars === 0 && tokens === 0 && scriptChars === 0) continue;
      rows.push({ script: NAMES[i], chars, tokens, charsPerToken: ratio(chars, tokens), scriptChars });
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
