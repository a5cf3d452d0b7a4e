/**
 * The insight panel's numbers as text to paste elsewhere, for the host's Export buttons (the
 * host writes the clipboard). Pure: no vscode, no DOM.
 *
 * - Markdown: a heading and one table per section, numbers as the panel writes them.
 * - CSV: ONE table in long form, `section,item,measure,value`, one number or text per row, so a
 *   spreadsheet or pandas reads it as a single table and pivots it however it likes (several
 *   tables in one CSV file are not CSV any more). Numbers are plain (`1234`, `3.9123`): no
 *   grouping, no units. RFC 4180: CRLF line ends, a cell with `,` `"` CR or LF is quoted, quotes
 *   doubled. Against CSV injection (OWASP), a cell starting with `=` `+` `-` `@`, tab or CR gets
 *   a leading `'`, so a spreadsheet shows it as text instead of running it as a formula: file
 *   names and token texts come from the user's documents.
 * - JSON: the numbers, keys in a fixed order, missing prices as null, indented by two.
 */
import type { ExportFormat, InsightView, ModelRow } from '../insights/insightView';
import type { CompressionStats } from '../insights/insightTypes';
import { assertNever } from '../assertNever';
import { lengthBuckets, modelLabel, priceSources, rowTokensText, disagreementVerdict, visibleText } from './insightFormat';
import { integerText, percentText, ratioText, usdText } from '../text/numberText';
import { ENGLISH, type Localizer } from '../l10n';
import { codeSpan } from '../text/tokenText';

/**
 * The Markdown is for people and is written in the language of `l10n` (English by default);
 * CSV and JSON are data for programs: English keys, plain numbers, whatever the language.
 */
export function exportInsight(view: InsightView, format: ExportFormat, l10n: Localizer = ENGLISH): string {
  switch (format) {
    case 'markdown':
      return markdown(view, l10n);
    case 'csv':
      return csv(view);
    case 'json':
      return json(view);
    default:
      return assertNever(format);
  }
}

// --- Markdown -------------------------------------------------------------------------------

/**
 * Text from a document (a file name, a model name) in Markdown: the characters that would make
 * markup (HTML, links, emphasis, code, table cells) backslash-escaped, line breaks as spaces.
 */
function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** A code span inside a table cell: GFM splits cells at `|` even inside code, unless escaped. */
function mdCode(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

function mdTable(header: readonly string[], align: string, rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = Array.from(align, (a) => (a === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)];
}

function markdown(view: InsightView, l10n: Localizer): string {
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const ratio = (n: number) => ratioText(n, locale);
  const percent = (n: number) => percentText(n, locale);
  const usd = (n: number | undefined) => usdText(n, locale);
  const c = view.compression;
  const out: string[] = [];
  out.push(`# ${l10n.t('Tokenscope insight: {0}', mdText(view.source.fileName))}`, '');
  const how = view.model.exact ? l10n.t('exact') : l10n.t('approximate');
  const model = l10n.t('Model: {0} ({1}, {2}).', mdText(view.model.displayName), mdText(view.model.tokenizerLabel), how);
  const scope = view.source.scope === 'selection' ? l10n.t('Selection, {0} characters.', int(view.source.chars)) : l10n.t('Whole file, {0} characters.', int(view.source.chars));
  out.push(`${scope} ${model}`);
  if (view.model.note) out.push('', mdText(view.model.note));

  out.push('', `## ${l10n.t('Compression ({0})', mdText(view.model.tokenizerLabel))}`, '');
  out.push(
    ...mdTable([l10n.t('Measure'), l10n.t('Value')], 'lr', [
      [l10n.t('Tokens'), int(c.tokens)],
      [l10n.t('Characters'), int(c.chars)],
      [l10n.t('UTF-8 bytes'), int(c.bytes)],
      [l10n.t('Words'), int(c.words)],
      [l10n.t('Characters per token'), ratio(c.charsPerToken)],
      [l10n.t('Bytes per token'), ratio(c.bytesPerToken)],
      [l10n.t('Tokens per word'), ratio(c.tokensPerWord)],
      [l10n.t('Entropy (bits per token)'), ratio(c.entropyBitsPerToken)],
      [l10n.t('Distinct tokens'), `${int(c.distinctTokens)} (${percent(c.distinctShare * 100)})`],
      [l10n.t('Tokens inside one character'), int(c.partialTokens)],
    ]),
  );
  out.push('', `### ${l10n.t('Token lengths')}`, '');
  out.push(
    ...mdTable(
      [l10n.t('Characters'), l10n.t('Tokens')],
      'rr',
      lengthBuckets(c.lengthHistogram).map((b) => [b.label, int(b.tokens)]),
    ),
  );
  out.push('', `### ${l10n.t('Most frequent tokens')}`, '');
  out.push(
    ...mdTable(
      [l10n.t('Token'), l10n.t('Id'), l10n.t('Count')],
      'lrr',
      c.topTokens.map((t) => [mdCode(t.text), String(t.id), int(t.count)]),
    ),
  );

  out.push('', `## ${l10n.t('Models (output: {0} tokens)', int(view.expectedOutputTokens))}`, '');
  const modelColumns = [l10n.t('Model'), l10n.t('Provider'), l10n.t('Tokens'), l10n.t('Usable window'), l10n.t('Share'), l10n.t('Input'), l10n.t('Cached input'), l10n.t('Output')];
  out.push(
    ...mdTable(
      modelColumns,
      'llrrrrrr',
      view.models.map((m) => [
        mdText(m.displayName),
        mdText(m.provider),
        m.exact ? rowTokensText(m, locale) : `${rowTokensText(m, locale)} ${mdText(m.errorLabel ?? l10n.t('approximate'))}`,
        int(m.usableWindow),
        percent(m.windowSharePct),
        usd(m.inputCost),
        usd(m.cachedInputCost),
        usd(m.outputCost),
      ]),
    ),
  );
  const sources = priceSources(view.models);
  if (sources.length > 0) {
    out.push('');
    for (const s of sources) out.push(`- ${l10n.t('Prices: {0} ({1})', mdText(s.source), s.models.map(mdText).join(', '))}`);
  }

  const compare = view.compare;
  if (compare) {
    const a = modelLabel(view, compare.a);
    const b = modelLabel(view, compare.b);
    out.push('', `## ${l10n.t('Where tokenizers disagree: {0} vs {1}', mdText(a), mdText(b))}`, '');
    out.push(
      ...mdTable(
        [l10n.t('Text'), mdText(a), mdText(b), l10n.t('More tokens')],
        'lrrl',
        compare.spans.map((s) => [mdCode(visibleText(s.text)), int(s.tokensA), int(s.tokensB), mdText(disagreementVerdict(s.tokensA, s.tokensB, a, b, l10n))]),
      ),
    );
    if (compare.truncated) out.push('', l10n.t('There are more spans than the {0} listed.', int(compare.spans.length)));
  }

  out.push('', `## ${l10n.t('By script')}`, '');
  out.push(
    ...mdTable(
      [l10n.t('Script'), l10n.t('Characters'), l10n.t('Tokens'), l10n.t('Characters per token')],
      'lrrr',
      view.scripts.map((s) => [mdText(s.script), int(s.chars), int(s.tokens), ratio(s.charsPerToken)]),
    ),
  );
  return `${out.join('\n')}\n`;
}

// --- CSV --------------------------------------------------------------------------------------

/** Leading characters a spreadsheet takes as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type CsvRow = readonly [section: string, item: string, measure: string, value: string | number | boolean | undefined];

/**
 * The numbers of the compression section and of a model row, in export order: the CSV measure
 * name and the field (which is also the JSON key). One list, so the two formats hold the same.
 */
const COMPRESSION_MEASURES = [
  ['tokens', 'tokens'],
  ['chars', 'chars'],
  ['bytes', 'bytes'],
  ['words', 'words'],
  ['chars_per_token', 'charsPerToken'],
  ['bytes_per_token', 'bytesPerToken'],
  ['tokens_per_word', 'tokensPerWord'],
  ['entropy_bits_per_token', 'entropyBitsPerToken'],
  ['distinct_tokens', 'distinctTokens'],
  ['distinct_share', 'distinctShare'],
  ['partial_tokens', 'partialTokens'],
] as const satisfies ReadonlyArray<readonly [string, keyof CompressionStats]>;

const MODEL_MEASURES = [
  ['display_name', 'displayName'],
  ['provider', 'provider'],
  ['tokens', 'tokens'],
  ['exact', 'exact'],
  ['error_label', 'errorLabel'],
  ['usable_window', 'usableWindow'],
  ['window_share_pct', 'windowSharePct'],
  ['input_cost_usd', 'inputCost'],
  ['cached_input_cost_usd', 'cachedInputCost'],
  ['output_cost_usd', 'outputCost'],
  ['price_source', 'priceSource'],
  ['price_date', 'priceDate'],
] as const satisfies ReadonlyArray<readonly [string, keyof ModelRow]>;

function csv(view: InsightView): string {
  const c = view.compression;
  const rows: CsvRow[] = [
    ['source', view.source.fileName, 'scope', view.source.scope],
    ['source', view.source.fileName, 'chars', view.source.chars],
    ['current_model', view.model.id, 'display_name', view.model.displayName],
    ['current_model', view.model.id, 'tokenizer', view.model.tokenizerLabel],
    ['current_model', view.model.id, 'exact', view.model.exact],
    ...COMPRESSION_MEASURES.map(([measure, key]): CsvRow => ['compression', c.tokenizer, measure, c[key]]),
    ...lengthBuckets(c.lengthHistogram).map((b): CsvRow => ['token_length', b.label, 'tokens', b.tokens]),
    ...c.topTokens.flatMap((tok): CsvRow[] => [
      ['top_token', tok.text, 'id', tok.id],
      ['top_token', tok.text, 'count', tok.count],
    ]),
    ['models', '', 'expected_output_tokens', view.expectedOutputTokens],
    ...view.models.flatMap((m) => MODEL_MEASURES.map(([measure, key]): CsvRow => ['model', m.id, measure, m[key]])),
  ];
  const compare = view.compare;
  if (compare) {
    rows.push(['disagreements', '', 'model_a', compare.a], ['disagreements', '', 'model_b', compare.b], ['disagreements', '', 'truncated', compare.truncated]);
    for (const s of compare.spans) {
      const item = `${s.start}-${s.end}`;
      rows.push(['disagreement', item, 'text', s.text], ['disagreement', item, 'tokens_a', s.tokensA], ['disagreement', item, 'tokens_b', s.tokensB]);
    }
  }
  for (const s of view.scripts) {
    rows.push(['script', s.script, 'chars', s.chars], ['script', s.script, 'tokens', s.tokens], ['script', s.script, 'chars_per_token', s.charsPerToken]);
  }
  const header: CsvRow = ['section', 'item', 'measure', 'value'];
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// --- JSON -------------------------------------------------------------------------------------

function json(view: InsightView): string {
  const c = view.compression;
  const compare = view.compare;
  // Built key by key (not the view as it came) so the order is fixed whatever order the
  // host's objects had (object keys keep insertion order), and absent prices are null rather
  // than a missing key.
  const data = {
    source: { fileName: view.source.fileName, scope: view.source.scope, chars: view.source.chars },
    model: { id: view.model.id, displayName: view.model.displayName, tokenizer: view.model.tokenizerLabel, exact: view.model.exact, note: view.model.note ?? null },
    compression: {
      tokenizer: c.tokenizer,
      ...Object.fromEntries(COMPRESSION_MEASURES.map(([, key]) => [key, c[key]])),
      lengthHistogram: { counts: [...c.lengthHistogram.counts], lastBucketOpen: c.lengthHistogram.lastBucketOpen },
      topTokens: c.topTokens.map((t) => ({ id: t.id, text: t.text, count: t.count })),
    },
    expectedOutputTokens: view.expectedOutputTokens,
    models: view.models.map((m) => ({ id: m.id, ...Object.fromEntries(MODEL_MEASURES.map(([, key]) => [key, m[key] ?? null])) })),
    disagreements: compare
      ? {
          a: compare.a,
          b: compare.b,
          truncated: compare.truncated,
          spans: compare.spans.map((s) => ({ start: s.start, end: s.end, text: s.text, tokensA: s.tokensA, tokensB: s.tokensB })),
        }
      : null,
    scripts: view.scripts.map((s) => ({ script: s.script, chars: s.chars, tokens: s.tokens, charsPerToken: s.charsPerToken })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
