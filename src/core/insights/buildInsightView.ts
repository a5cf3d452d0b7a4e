import { countingTokenizer, needsScriptMix, type ModelInfo } from '../catalog/models';
import type { ScriptMix } from '../text/scriptClasses';
import type { Settings } from '../catalog/settings';
import { ENGLISH, type Localizer } from '../l10n';
import { tokenizerLabel, type TokenizerId } from '../tokenizers/tokenizerIds';
import type { CompressionStats, Disagreement, ScriptStats } from './insightTypes';
import type { DatasetPanelView, InsightView, NotebookPanelView } from './insightView';
import { datasetView, requestView, textScale } from './structureView';
import type { RequestBreakdown } from '../requests/requestTypes';
import type { DatasetSummary } from '../datasets/datasetSummary';
import { usableWindowOf } from '../catalog/contextWindow';
import { modelRows } from './modelRows';
import { summaryPicks } from './insightSummary';
import { comparisonRefusal } from './comparisonRefusal';
import type { ScriptLanguage } from '../lint/premium/languageDetection';
import { scriptPremiums } from '../lint/premium/languagePremium';

/**
 * What the view is built from of the worker's answer to an `insight` request (the worker's
 * InsightResult has these fields and more). A partial answer has counts of the current model's
 * tokenizer only and no disagreements yet.
 */
export interface InsightAnswer {
  readonly compression: CompressionStats;
  readonly scripts: readonly ScriptStats[];
  readonly counts: ReadonlyArray<{ readonly tokenizer: TokenizerId; readonly tokens: number; readonly scriptMix?: ScriptMix }>;
  readonly disagreements?: { readonly spans: readonly Disagreement[]; readonly truncated: boolean };
  /** The text as a chat request, when it is one (counted with the current model's tokenizer, unscaled). */
  readonly request?: RequestBreakdown;
  /** The language of each script's paragraphs, when asked for (the By script section's premium column). */
  readonly scriptLanguages?: readonly ScriptLanguage[];
  /** Sent ahead of the rest (the current model's counts only): nothing is ranked from it. */
  readonly partial?: boolean;
}

/** Where a JSON Lines dataset's summary is (it comes apart from the answer: host/datasets). */
export type DatasetInputState =
  | { readonly kind: 'counting'; readonly fraction?: number }
  | { readonly kind: 'done'; readonly summary: DatasetSummary; readonly stale: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** The settings the panel's numbers depend on (a part of the settings snapshot). */
export type InsightSettings = Pick<Settings, 'catalog' | 'model' | 'insightModels' | 'expectedOutputTokens' | 'reservedOutputTokens'>;

/** Everything an InsightView is made of, besides the answer. */
export interface InsightViewInput {
  /** The document's base name, as shown (the webview escapes it). */
  readonly fileName: string;
  readonly scope: 'file' | 'selection';
  readonly settings: InsightSettings;
  /** The two models of "where tokenizers disagree" (see comparePair). */
  readonly compare: readonly [ModelInfo, ModelInfo];
  /** Whether the disagreements are shown as editor decorations. */
  readonly highlighted: boolean;
  /** The file is a JSON Lines dataset: its summary, as far as it is known. */
  readonly dataset?: DatasetInputState;
  /** The text is a notebook's cell: the notebook's cells, counted (host/notebooks). */
  readonly notebook?: NotebookPanelView;
}

/**
 * The panel's view of a worker answer: the source, the current model (with a note when it is
 * approximated, in the language of `l10n`), the side-by-side rows of the panel's model set,
 * the comparison when the answer has one, and every model the compare selects offer; first of
 * all the summary: the current model's tokens, share of its usable window (with the user's
 * output reserve, as the status bar measures it) and cost, and the cheapest and most compact
 * exact models of the set (insightSummary.ts).
 */
export function buildInsightView(input: InsightViewInput, answer: InsightAnswer, l10n: Localizer = ENGLISH): InsightView {
  const { settings } = input;
  const model = settings.model;
  const c = model.counting;
  const counts = new Map(answer.counts.map((count) => [count.tokenizer, count.tokens] as const));
  // The compression section's tokenizer is the current model's: its count is always there.
  if (!counts.has(c.tokenizer)) counts.set(c.tokenizer, answer.compression.tokens);
  const reserve = { modelId: model.id, reservedOutputTokens: settings.reservedOutputTokens };
  const mixes = new Map(answer.counts.flatMap((count) => (count.scriptMix ? [[count.tokenizer, count.scriptMix] as const] : [])));
  const rows = modelRows(settings.insightModels, counts, settings.expectedOutputTokens, l10n, reserve, mixes);
  const current = modelRows([model], counts, settings.expectedOutputTokens, l10n, reserve, mixes)[0];
  return {
    source: { fileName: input.fileName, scope: input.scope, chars: answer.compression.chars },
    model: {
      id: model.id,
      displayName: model.displayName,
      tokenizerLabel: tokenizerLabel(c.tokenizer),
      exact: c.kind === 'exact',
      ...(c.kind === 'approx' ? { note: l10n.t('{0} is counted by approximation; these are the numbers of its base tokenizer, {1}.', model.id, tokenizerLabel(c.tokenizer)) } : {}),
    },
    // A partial answer has one model's counts: naming it the cheapest and the most compact of the set would be a claim about models not counted yet.
    summary: {
      current,
      contextWindow: model.contextWindow,
      reservedOutputTokens: settings.reservedOutputTokens,
      ...(answer.partial ? { cheaperApprox: [], compacterApprox: [] } : summaryPicks(rows)),
    },
    ...(answer.partial ? { partial: true as const } : {}),
    compression: answer.compression,
    scripts: answer.scripts,
    ...(answer.scriptLanguages ? { scriptPremiums: scriptPremiums(answer.scriptLanguages, model, l10n) } : {}),
    models: rows,
    expectedOutputTokens: settings.expectedOutputTokens,
    ...compareView(input, answer, l10n),
    ...(input.notebook ? { notebook: input.notebook } : {}),
    ...structureViews(input, answer, current?.usableWindow ?? usableWindowOf(model, settings.reservedOutputTokens), mixes.get(c.tokenizer), l10n),
    modelChoices: settings.catalog.models.map((m) => ({ id: m.id, label: `${m.id} (${tokenizerLabel(countingTokenizer(m))})` })),
  };
}

/** The Request and Dataset sections, for a file that is a chat request or a dataset. */
function structureViews(
  input: InsightViewInput,
  answer: InsightAnswer,
  usableWindow: number,
  mix: ScriptMix | undefined,
  l10n: Localizer,
): Pick<InsightView, 'request' | 'dataset'> {
  const model = input.settings.model;
  const textTokens = answer.compression.tokens;
  const request = answer.request ? { request: requestView(answer.request, model, usableWindow, textTokens, mix, l10n) } : {};
  const d = input.dataset;
  if (!d) return request;
  const dataset: DatasetPanelView =
    d.kind === 'done'
      ? { status: d.stale ? 'stale' : 'ready', summary: datasetView(d.summary, model, textScale(model, textTokens, mix)) }
      : d.kind === 'counting'
        ? { status: 'counting', ...(d.fraction === undefined ? {} : { fraction: d.fraction }) }
        : { status: 'error', message: d.message };
  return { ...request, dataset };
}

/** The comparison: refused with a reason for a pair it cannot tell apart honestly (comparisonRefusal.ts). */
function compareView(input: InsightViewInput, answer: InsightAnswer, l10n: Localizer): Pick<InsightView, 'compare'> {
  const [a, b] = input.compare;
  const refused = comparisonRefusal(a, b, l10n);
  if (refused) return { compare: { a: a.id, b: b.id, spans: [], truncated: false, highlighted: false, refused } };
  if (!answer.disagreements) return {};
  return { compare: { a: a.id, b: b.id, spans: answer.disagreements.spans, truncated: answer.disagreements.truncated, highlighted: input.highlighted } };
}

/**
 * The two models compared: each of the pair the user last chose (`saved`, model ids) that is
 * still in the catalog; in place of one that is not (or of no saved pair), A is the current
 * model — or, when it is counted by approximation and so has no tokens of its own to compare,
 * the first exactly counted model of the panel's set — and B the first exactly counted model of
 * the set cut by another tokenizer than A (gpt-4, cut by cl100k_base, when there is none).
 */
export function comparePair(saved: readonly [string, string] | undefined, settings: InsightSettings): [ModelInfo, ModelInfo] {
  const exact = (m: ModelInfo) => m.counting.kind === 'exact';
  const fallbackA = exact(settings.model) ? settings.model : (settings.insightModels.find(exact) ?? settings.catalog.find('gpt-4o')!);
  const a = (saved && settings.catalog.find(saved[0])) || fallbackA;
  const fallbackB = settings.insightModels.find((m) => exact(m) && countingTokenizer(m) !== countingTokenizer(a)) ?? settings.catalog.find('gpt-4')!;
  const b = (saved && settings.catalog.find(saved[1])) || fallbackB;
  return [a, b];
}

/** The tokenizers the side-by-side rows need, each once, in the order of the panel's set. */
export function tokenizersToCount(settings: InsightSettings): TokenizerId[] {
  return [...new Set<TokenizerId>(settings.insightModels.map(countingTokenizer))];
}

/** The tokenizers whose counts the panel needs by script: those of its models (and the current one) calibrated per script. */
export function tokenizersToMix(settings: InsightSettings): TokenizerId[] {
  return [...new Set<TokenizerId>([...settings.insightModels, settings.model].filter(needsScriptMix).map(countingTokenizer))];
}
