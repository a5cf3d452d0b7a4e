/**
 * The insight panel's views of what a file holds beyond its text: a chat request's parts (the
 * Request section) and a JSON Lines dataset's summary (the Dataset section), built from the
 * worker's unscaled counts for the current model. An approximated model's counts are scaled as
 * the file's own text is (`textScale`): the parts are that text's parts.
 */
import { isExact, modelTokens, type ModelInfo } from '../catalog/models';
import { windowSharePct } from '../catalog/contextWindow';
import { costOf, ratesFor } from '../catalog/prices';
import type { DatasetSummary } from '../datasets/datasetSummary';
import { TRAINING_LIMIT_SOURCE, TRAINING_PRICE_NOTE } from '../catalog/trainingLimits';
import { ENGLISH, type Localizer } from '../l10n';
import { requestFormatName } from '../requests/requestFormatName';
import type { RequestBreakdown } from '../requests/requestTypes';
import type { DatasetView, RequestRow, RequestView } from './insightView';
import type { ScriptMix } from '../text/scriptClasses';

/** How the worker's (unscaled) counts of this text become the model's: 1 for an exact model. */
export function textScale(model: ModelInfo, textTokens: number, mix?: ScriptMix): number {
  if (isExact(model)) return 1;
  return textTokens > 0 ? modelTokens(model, textTokens, mix) / textTokens : modelTokens(model, 1000) / 1000;
}

export function requestView(
  breakdown: RequestBreakdown,
  model: ModelInfo,
  usableWindow: number,
  textTokens: number,
  mix: ScriptMix | undefined,
  l10n: Localizer = ENGLISH,
): RequestView {
  const scale = textScale(model, textTokens, mix);
  const exactModel = isExact(model);
  const scaled = (n: number) => (exactModel ? n : Math.round(n * scale));
  const total = scaled(breakdown.total);
  const prices = model.prices;
  const rate = prices ? ratesFor(prices, total).input : undefined;
  const cost = (tokens: number) => (rate === undefined ? {} : { inputCost: costOf(tokens, rate) });
  const rows = breakdown.items.map((item, order): RequestRow => {
    const tokens = scaled(item.tokens);
    return {
      order,
      kind: item.kind,
      label: item.label,
      tokens,
      content: scaled(item.content),
      framing: scaled(item.framing),
      imageTokens: scaled(item.imageTokens),
      imagesNotCounted: item.imagesNotCounted,
      ...(item.toolParts
        ? { toolParts: { name: scaled(item.toolParts.name), description: scaled(item.toolParts.description), parameters: scaled(item.toolParts.parameters) } }
        : {}),
      exact: exactModel && !item.estimated,
      ...(item.note ? { note: item.note } : {}),
      windowSharePct: windowSharePct(tokens, usableWindow),
      ...cost(tokens),
      ...(item.span ? { start: item.span.offset, end: item.span.offset + item.span.length } : {}),
    };
  });
  const textModelTokens = scaled(textTokens);
  return {
    formatName: requestFormatName(breakdown.format, l10n),
    total,
    exact: exactModel && breakdown.framing.kind === 'published',
    method: breakdown.framing.description,
    methodKind: breakdown.framing.kind,
    rows,
    imagesNotCounted: breakdown.images
      .filter((image) => image.tokens === undefined)
      .map((image) => ({
        item: image.item,
        reason: image.reason ?? l10n.t('its size is not in the file'),
        ...(image.span ? { start: image.span.offset, end: image.span.offset + image.span.length } : {}),
      })),
    textTokens: textModelTokens,
    usableWindow,
    windowSharePct: windowSharePct(total, usableWindow),
    ...cost(total),
    ...(breakdown.requestModel && breakdown.requestModel !== model.id ? { requestModel: breakdown.requestModel } : {}),
  };
}

export function datasetView(summary: DatasetSummary, model: ModelInfo, scale: number): DatasetView {
  const exactModel = isExact(model);
  const scaled = (n: number) => (exactModel ? n : Math.round(n * scale));
  const total = scaled(summary.totalTokens);
  const prices = model.prices;
  return {
    examples: summary.examples,
    emptyLines: summary.emptyLines,
    malformedCount: summary.malformedCount,
    malformed: summary.malformed.slice(0, 20),
    totalTokens: total,
    meanTokens: exactModel ? summary.meanTokens : summary.meanTokens * scale,
    p95Tokens: scaled(summary.p95Tokens),
    maxTokens: scaled(summary.maxTokens),
    ...(summary.maxLine !== undefined ? { maxLine: summary.maxLine } : {}),
    byRole: Object.entries(summary.tokensByRole)
      .map(([role, tokens]) => ({ role, tokens: scaled(tokens) }))
      .sort((a, b) => b.tokens - a.tokens),
    exact: exactModel,
    ...(summary.trainingLimit !== undefined
      ? {
          trainingLimit: {
            tokens: summary.trainingLimit,
            source: TRAINING_LIMIT_SOURCE,
            overCount: summary.overLimitCount,
            over: summary.overLimit.slice(0, 20).map((e) => ({ line: e.line, tokens: e.tokens })),
          },
        }
      : {}),
    tokensPerEpoch: total,
    trainingPriceNote: TRAINING_PRICE_NOTE,
    ...(prices ? { evalInputCost: costOf(total, ratesFor(prices, 0).input) } : {}),
  };
}
