/**
 * The insight panel's numbers as text to paste elsewhere, for the host's Export buttons (the
 * host writes the clipboard). Pure: no vscode, no DOM.
 *
 * - Markdown: a heading, the summary, then one table per section, numbers as the panel writes
 *   them; token and span texts as they are (spaces as spaces), in code spans, with only line
 *   breaks, tabs, invisibles and backslashes escaped (`\n`, `\u200b`, `\\`).
 * - CSV: ONE table in long form, `section,item,measure,value`, one number or text per row, so a
 *   spreadsheet or pandas reads it as a single table and pivots it however it likes (several
 *   tables in one CSV file are not CSV any more). Numbers are plain (`1234`, `3.9123`): no
 *   grouping, no units. RFC 4180: CRLF line ends, a cell with `,` `"` CR or LF is quoted, quotes
 *   doubled. Against CSV injection (OWASP), a cell starting with `=` `+` `-` `@`, tab or CR gets
 *   a leading `'`, so a spreadsheet shows it as text instead of running it as a formula: file
 *   names and token texts come from the user's documents. Texts are exact otherwise (a cell
 *   with a line break is quoted, not escaped), and one that starts or ends with a blank is
 *   quoted so that no reader trims it.
 * - JSON: the numbers, keys in a fixed order, missing prices as null, texts exact, indented by two.
 *
 * All three list the models in the order given (`options.sort`: the panel's table order).
 */
import type { ExportFormat, InsightSummary, InsightView, ModelRow } from '../insights/insightView';
import type { CompressionStats } from '../insights/insightTypes';
import { sortModelRows, type SortOrder } from '../insights/modelSort';
import { assertNever } from '../assertNever';
import { contenderText, disagreementVerdict, exportText, lengthBuckets, modelLabel, priceSources, rowTokensText, tokenExportText, tokensText } from './insightFormat';
import { costText, integerText, percentText, ratioText } from '../text/numberText';
import { ENGLISH, type Localizer } from '../l10n';
import { codeSpan } from '../text/tokenText';
import { cheapestLine, costLine, fitLine, mostCompactLine, tokensLine } from './insightSummaryText';

/**
 * The Markdown is for people and is written in the language of `l10n` (English by default);
 * CSV and JSON are data for programs: English keys, plain numbers, whatever the language.
 */
export function exportInsight(view: InsightView, format: ExportFormat, l10n: Localizer = ENGLISH, options: { readonly sort?: SortOrder } = {}): string {
  view = { ...view, models: sortModelRows(view.models, options.sort) };
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
export function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/**
 * A code span inside a table cell: GFM splits cells at `|` even inside code, unless escaped.
 * CommonMark drops one blank from each end of a code span that starts and ends with one, so
 * such a text (` the `) gets one more blank on each side to keep its own.
 */
function mdCode(text: string): string {
  const padded = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '' ? ` ${text} ` : text;
  return codeSpan(padded).replace(/\|/g, '\\|');
}

export function mdTable(header: readonly string[], align: string, rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = Array.from(align, (a) => (a === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)];
}

function markdown(view: InsightView, l10n: Localizer): string {
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const ratio = (n: number) => ratioText(n, locale);
  const percent = (n: number) => percentText(n, locale);
  const usd = (n: number | undefined) => costText(n, locale);
  const c = view.compression;
  const out: string[] = [];
  out.push(`# ${l10n.t('Tokenscope insight: {0}', mdText(view.source.fileName))}`, '');
  const how = view.model.exact ? l10n.t('exact') : l10n.t('approximate');
  const model = l10n.t('Model: {0} ({1}, {2}).', mdText(view.model.displayName), mdText(view.model.tokenizerLabel), how);
  const scope = view.source.scope === 'selection' ? l10n.t('Selection, {0} characters.', int(view.source.chars)) : l10n.t('Whole file, {0} characters.', int(view.source.chars));
  out.push(`${scope} ${model}`);
  if (view.model.note) out.push('', mdText(view.model.note));

  out.push('', `## ${l10n.t('At a glance')}`, '');
  out.push(...summaryMarkdown(view.summary, view.expectedOutputTokens, l10n));

  out.push('', `## ${l10n.t('Models (output: {0} tokens)', int(view.expectedOutputTokens))}`, '');
  const modelColumns = [
    l10n.t('Model'),
    l10n.t('Provider'),
    l10n.t('Tokens'),
    l10n.t('Usable window'),
    l10n.t('Share'),
    l10n.t('Input'),
    l10n.t('Cached input'),
    l10n.t('Output'),
    l10n.t('Total'),
  ];
  out.push(
    ...mdTable(
      modelColumns,
      'llrrrrrrr',
      view.models.map((m) => [
        mdText(m.displayName),
        mdText(m.provider),
        m.exact ? rowTokensText(m, locale) : `${rowTokensText(m, locale)} ${mdText(m.errorLabel ?? l10n.t('approximate'))}`,
        int(m.usableWindow),
        percent(m.windowSharePct),
        usd(m.inputCost),
        usd(m.cachedInputCost),
        usd(m.outputCost),
        usd(m.totalCost),
      ]),
    ),
  );
  out.push('', l10n.t('Total: the input cost of this text plus the cost of {0} of output; cached input is not assumed.', tokensText(view.expectedOutputTokens, l10n)));
  const sources = priceSources(view.models);
  if (sources.length > 0) {
    out.push('');
    for (const s of sources) out.push(`- ${l10n.t('Prices: {0} ({1})', mdText(s.source), s.models.map(mdText).join(', '))}`);
  }

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
      c.topTokens.map((t) => [mdCode(tokenExportText(t)), String(t.id), int(t.count)]),
    ),
  );

  const compare = view.compare;
  if (compare) {
    const a = modelLabel(view, compare.a);
    const b = modelLabel(view, compare.b);
    out.push('', `## ${l10n.t('Where tokenizers disagree: {0} vs {1}', mdText(a), mdText(b))}`, '');
    out.push(
      ...mdTable(
        [l10n.t('Text'), mdText(a), mdText(b), l10n.t('More tokens')],
        'lrrl',
        compare.spans.map((s) => [mdCode(exportText(s.text)), int(s.tokensA), int(s.tokensB), mdText(disagreementVerdict(s.tokensA, s.tokensB, a, b, l10n))]),
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

/** The summary as a list: the current model's tokens, fit and cost, then the exact picks and what ≈ models could change. */
function summaryMarkdown(summary: InsightSummary, expectedOutputTokens: number, l10n: Localizer): string[] {
  const line = (label: string, l: { value: string; detail: string }) => `- ${label}: **${mdText(l.value)}** ${mdText(l.detail)}`;
  return [
    line(l10n.t('Tokens'), tokensLine(summary, l10n)),
    line(l10n.t('Fit'), fitLine(summary, l10n)),
    line(l10n.t('Cost'), costLine(summary, expectedOutputTokens, l10n)),
    line(l10n.t('Cheapest'), cheapestLine(summary, l10n)),
    ...summary.cheaperApprox.map((c) => `  - ${mdText(contenderText(c, 'cost', l10n))}`),
    line(l10n.t('Most compact'), mostCompactLine(summary, l10n)),
    ...summary.compacterApprox.map((c) => `  - ${mdText(contenderText(c, 'tokens', l10n))}`),
  ];
}

// --- CSV --------------------------------------------------------------------------------------

/** Leading characters a spreadsheet takes as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  // Quoted also when it starts or ends with a blank: a token text such as ` the` keeps its space in readers that trim.
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
  ['total_cost_usd', 'totalCost'],
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
    ...summaryCsv(view.summary),
    // The item is the token id, a key without doubt; the text is the token's own (a piece of a
    // character, which has no text, in its escaped form).
    ...c.topTokens.flatMap((tok): CsvRow[] => [
      ['top_token', String(tok.id), 'text', tok.raw ?? tokenExportText(tok)],
      ['top_token', String(tok.id), 'count', tok.count],
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

function summaryCsv(summary: InsightSummary): CsvRow[] {
  const current = summary.current;
  const rows: CsvRow[] = [
    ['summary', current.id, 'tokens', current.tokens],
    ['summary', current.id, 'exact', current.exact],
    ['summary', current.id, 'usable_window', current.usableWindow],
    ['summary', current.id, 'window_share_pct', current.windowSharePct],
    ['summary', current.id, 'input_cost_usd', current.inputCost],
    ['summary', current.id, 'total_cost_usd', current.totalCost],
  ];
  if (summary.cheapest) rows.push(['summary', summary.cheapest.id, 'cheapest_exact_input_cost_usd', summary.cheapest.value]);
  for (const c of summary.cheaperApprox) rows.push(['summary', c.id, c.certain ? 'cheaper_approx_input_cost_usd' : 'maybe_cheaper_approx_input_cost_usd', c.value]);
  if (summary.mostCompact) rows.push(['summary', summary.mostCompact.id, 'most_compact_exact_tokens', summary.mostCompact.value]);
  for (const c of summary.compacterApprox) rows.push(['summary', c.id, c.certain ? 'more_compact_approx_tokens' : 'maybe_more_compact_approx_tokens', c.value]);
  return rows;
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
    summary: {
      tokens: view.summary.current.tokens,
      exact: view.summary.current.exact,
      contextWindow: view.summary.contextWindow,
      reservedOutputTokens: view.summary.reservedOutputTokens,
      usableWindow: view.summary.current.usableWindow,
      windowSharePct: view.summary.current.windowSharePct,
      inputCost: view.summary.current.inputCost ?? null,
      totalCost: view.summary.current.totalCost ?? null,
      cheapestExact: view.summary.cheapest ? { id: view.summary.cheapest.id, inputCost: view.summary.cheapest.value } : null,
      cheaperApprox: view.summary.cheaperApprox.map((c) => ({ id: c.id, inputCost: c.value, errorLabel: c.errorLabel, certain: c.certain })),
      mostCompactExact: view.summary.mostCompact ? { id: view.summary.mostCompact.id, tokens: view.summary.mostCompact.value } : null,
      compacterApprox: view.summary.compacterApprox.map((c) => ({ id: c.id, tokens: c.value, errorLabel: c.errorLabel, certain: c.certain })),
    },
    compression: {
      tokenizer: c.tokenizer,
      ...Object.fromEntries(COMPRESSION_MEASURES.map(([, key]) => [key, c[key]])),
      lengthHistogram: { counts: [...c.lengthHistogram.counts], lastBucketOpen: c.lengthHistogram.lastBucketOpen },
      // The token's own text; null for a piece of a character, whose bytes `escaped` spells out.
      topTokens: c.topTokens.map((t) => ({ id: t.id, text: t.raw ?? null, ...(t.raw === undefined ? { escaped: tokenExportText(t) } : {}), count: t.count })),
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
