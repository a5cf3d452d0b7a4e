/**
 * The Unicode Script property of code points, as V8's regular expressions know it: shared by
 * the insight panel's script table (core/insights/scripts.ts) and the per-script calibration
 * of approximations (scriptMix.ts).
 */
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
export const COMMON = 0;
/** Marks that take the script of the character they follow (Script=Inherited). */
export const INHERITED = 1;
const FIRST_NAMED = 2;

/**
 * The scripts this engine knows (a name from a newer Unicode than the engine's is left out),
 * built on first use: compiling ~160 regexes cost every process's start (the CLI's count of a
 * small file, the worker's first count) ~5-15 ms, though most never look a script up.
 */
let scripts: ReadonlyArray<{ name: string; pattern: RegExp }> | undefined;
function knownScripts(): ReadonlyArray<{ name: string; pattern: RegExp }> {
  return (scripts ??= SCRIPT_NAMES.flatMap((name) => {
    try {
      return [{ name, pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }];
    } catch {
      return [];
    }
  }));
}
let names: readonly string[] | undefined;
/** Script names by index (scriptIndexOf). */
export function scriptNames(): readonly string[] {
  return (names ??= ['Common', 'Inherited', ...knownScripts().map((s) => s.name)]);
}
const INHERITED_PATTERN = /^\p{Script=Inherited}$/u;
const COMMON_PATTERN = /^\p{Script=Common}$/u;

/** Script index + 1 of each BMP code point, 0 until first asked; astral code points in a map. */
const bmpScripts = new Uint8Array(0x10000);
const astralScripts = new Map<number, number>();

function lookUp(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  if (COMMON_PATTERN.test(ch)) return COMMON;
  if (INHERITED_PATTERN.test(ch)) return INHERITED;
  const known = knownScripts();
  for (let i = 0; i < known.length; i++) if (known[i].pattern.test(ch)) return FIRST_NAMED + i;
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
  return scriptNames()[scriptIndexOf(codePoint)];
}
