/**
 * Numbers, percentages and US dollars as Tokenscope writes them in every place (status bar,
 * panel, exports, CLI), in the user's locale. Pure and free of Node, DOM and package imports:
 * the webview bundle includes it as it is, and the catalog's labels use it without depending
 * on any presentation code.
 */

/**
 * Number formats by locale (`en` unless the caller passes VS Code's display language), built once
 * each: the status bar formats on every keystroke. 'en' gives the `12,345` / `11.1%` / `$0.50`
 * the docs and the CLI show.
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\u0000${kind}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/**
 * English numbers of the usual range are written without Intl: the first Intl.NumberFormat of a
 * process sets up its locale data, 10-30 ms, which was a fifth of the CLI's count of a small
 * file. Intl rounds the shortest decimal that reads back as the double (`0.15` → `0.2`, where
 * toFixed rounds the double's exact value, 0.1499…, to `0.1`), half away from zero; so does
 * this, on the digits of `String(n)`. The unit tests check it against Intl's 'en' output.
 * Negative numbers (Intl writes -0 as `-0`), non-finite ones and those String writes with an
 * exponent go to Intl: undefined.
 */
function englishFixed(n: number, digits: number, locale: string): string | undefined {
  if (locale !== 'en' || !(n > 0 || Object.is(n, 0)) || n >= 1e15) return undefined;
  const shortest = String(n);
  if (shortest.includes('e')) return undefined;
  const dot = shortest.indexOf('.');
  const whole = dot < 0 ? shortest : shortest.slice(0, dot);
  const fraction = dot < 0 ? '' : shortest.slice(dot + 1);
  let kept = whole + fraction.slice(0, digits).padEnd(digits, '0');
  if (fraction.length > digits && fraction[digits] >= '5') {
    // Add one to the last kept digit, carrying leftwards (9.96 → 10.0).
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    kept = i < 0 ? `1${'0'.repeat(kept.length)}` : `${kept.slice(0, i)}${String.fromCharCode(kept.charCodeAt(i) + 1)}${'0'.repeat(kept.length - i - 1)}`;
  }
  return digits === 0 ? kept : `${kept.slice(0, kept.length - digits)}.${kept.slice(kept.length - digits)}`;
}

/** `12345` → `12,345`: groups of three digits from the right. */
function groupThousands(digits: string): string {
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** `12,345` (en), `12.345` (de). */
export function integerText(n: number, locale = 'en'): string {
  const english = englishFixed(n, 0, locale);
  if (english !== undefined) return groupThousands(english);
  return numberFormat(locale, 'integer', { maximumFractionDigits: 0 }).format(n);
}

/**
 * A number with exactly `digits` decimals: `3.91`, `12.3` (en), `3,91` (de). Not grouped, as
 * `toFixed` wrote them before (a share of `1576.8%`, not `1,576.8%`): only counts are grouped.
 */
export function decimalText(n: number, digits: number, locale = 'en'): string {
  const english = englishFixed(n, digits, locale);
  if (english !== undefined) return english;
  return numberFormat(locale, `fixed${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

/** Ratios (chars/token, entropy, …) with two decimals: `3.91`. */
export function ratioText(n: number, locale = 'en'): string {
  return decimalText(n, 2, locale);
}

/**
 * Where the locale puts the percent sign around a number (`#%` in English, `# %` with a
 * no-break space in German, `%#` in Turkish), read once from Intl. The number itself is
 * formatted separately (decimalText): Intl's percent style multiplies by 100 in binary, so
 * 12.25% could round differently from the `toFixed` the rest of the code (and the tests) use.
 */
const percentPatterns = new Map<string, string>();
function percentPattern(locale: string): string {
  // English's pattern without asking Intl (see englishFixed); the tests check it against Intl.
  if (locale === 'en') return '#%';
  let pattern = percentPatterns.get(locale);
  if (pattern === undefined) {
    pattern = numberFormat(locale, 'percent', { style: 'percent' })
      .formatToParts(1)
      .map((part) => (part.type === 'integer' || part.type === 'group' ? '#' : part.value))
      .join('')
      .replace(/#+/, '#');
    percentPatterns.set(locale, pattern);
  }
  return pattern;
}

/** `37%` from an already formatted number, in the locale's percent pattern. */
export function withPercentSign(number: string, locale = 'en'): string {
  return percentPattern(locale).replace('#', number);
}

/** A share in percent with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function percentText(pct: number, locale = 'en'): string {
  if (pct === 0) return withPercentSign('0', locale);
  if (pct < 0.1) return `<${withPercentSign(decimalText(0.1, 1, locale), locale)}`;
  return withPercentSign(decimalText(pct, 1, locale), locale);
}

/** `$0.0012`, `$0.50`, `$12.34`, `<$0.0001`: two significant digits below a cent. */
export function formatUsd(amount: number, locale = 'en'): string {
  const usd = (kind: string, options: Intl.NumberFormatOptions) => numberFormat(locale, kind, { style: 'currency', currency: 'USD', ...options });
  if (amount === 0) return usd('usd0', { maximumFractionDigits: 0 }).format(0);
  if (amount < 0.0001) return `<${usd('usd4', { maximumFractionDigits: 4 }).format(0.0001)}`;
  if (amount < 0.01) return usd('usdSignificant', { maximumSignificantDigits: 2 }).format(amount);
  return usd('usd2', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A price per million tokens as the price data gives it, all its digits: `$2.5`, `$0.075`. */
export function usdRateText(rate: number, locale = 'en'): string {
  return numberFormat(locale, 'usdRate', { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 6 }).format(rate);
}

/** US dollars as the status bar writes them; undefined (no price) is an em dash. */
export function usdText(amount: number | undefined, locale = 'en'): string {
  return amount === undefined ? '—' : formatUsd(amount, locale);
}

/** A window size in tokens, short: `200k`, `128k`, `8k`, `1M` (1,047,576), `16k` (16,385); `2,1M` in German. */
export function formatWindow(tokens: number, locale = 'en'): string {
  if (tokens >= 999_500) return `${integerOrOneDecimal(Math.round(tokens / 100_000) / 10, locale)}M`;
  return `${integerText(Math.round(tokens / 1000), locale)}k`;
}

function integerOrOneDecimal(n: number, locale: string): string {
  return Number.isInteger(n) ? integerText(n, locale) : decimalText(n, 1, locale);
}

/**
 * A cost for comparing models: like `formatUsd`, but with two significant digits however small
 * (`$0.000055`, never `<$0.0001`), since the panel compares costs that differ 70-fold below a cent.
 */
export function costText(amount: number | undefined, locale = 'en'): string {
  if (amount === undefined) return '—';
  if (amount === 0 || amount >= 0.01) return formatUsd(amount, locale);
  return numberFormat(locale, 'usdSignificant', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 }).format(amount);
}
