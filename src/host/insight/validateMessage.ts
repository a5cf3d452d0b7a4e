import type { WebviewToHost } from '../../webview/messages';
import type { ExportFormat } from '../../core/insights/insightView';
import { isSortColumn, type SortOrder } from '../../core/insights/modelSort';

/**
 * The host's check of every message from the insight panel's webview. The webview is our code,
 * but it renders text from the user's files; if it were ever subverted, its messages must not
 * be able to write arbitrary JSON into the user's settings (`tokenscope.insight.models`) or
 * absurd numbers (`1e300` output tokens). So each message is rebuilt field by field from what
 * its type allows, and anything else is dropped.
 */

/** More than anyone compares side by side; the catalog has ~75 models. */
export const MAX_MODELS = 100;
/** Output tokens priced: far above any model's max output (128k-ish), far below absurd. */
export const MAX_EXPECTED_OUTPUT_TOKENS = 10_000_000;
const MAX_ID_LENGTH = 200;
const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'csv', 'json'];

/**
 * `raw` as a WebviewToHost message if it is one, with unknown model ids left out of lists;
 * undefined for anything else (the caller logs and ignores it).
 */
export function validateWebviewMessage(raw: unknown, isKnownModel: (id: string) => boolean): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const modelId = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_ID_LENGTH && isKnownModel(v);
  switch (m.type) {
    case 'ready':
    case 'editModels':
    case 'cancel':
    case 'countAgain':
      return { type: m.type };
    case 'setModels': {
      if (!Array.isArray(m.ids) || m.ids.length > MAX_MODELS) return undefined;
      return { type: 'setModels', ids: [...new Set(m.ids.filter(modelId))] };
    }
    case 'setExpectedOutput':
      return Number.isSafeInteger(m.tokens) && (m.tokens as number) >= 0 && (m.tokens as number) <= MAX_EXPECTED_OUTPUT_TOKENS
        ? { type: 'setExpectedOutput', tokens: m.tokens as number }
        : undefined;
    case 'setCompare':
      return modelId(m.a) && modelId(m.b) ? { type: 'setCompare', a: m.a, b: m.b } : undefined;
    case 'highlightDisagreements':
      return typeof m.on === 'boolean' ? { type: 'highlightDisagreements', on: m.on } : undefined;
    case 'reveal':
      return Number.isSafeInteger(m.start) && Number.isSafeInteger(m.end) && (m.start as number) >= 0 && (m.end as number) >= (m.start as number)
        ? { type: 'reveal', start: m.start as number, end: m.end as number }
        : undefined;
    case 'revealCell':
      return Number.isSafeInteger(m.index) && (m.index as number) >= 0 ? { type: 'revealCell', index: m.index as number } : undefined;
    case 'export': {
      if (!(EXPORT_FORMATS as readonly unknown[]).includes(m.format)) return undefined;
      const sort = sortOrder(m.sort);
      return { type: 'export', format: m.format as ExportFormat, ...(sort ? { sort } : {}) };
    }
    default:
      return undefined;
  }
}

/** A sort order naming one of the table's columns; anything else (an old column, junk) is no order. */
function sortOrder(raw: unknown): SortOrder | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { column, descending } = raw as Record<string, unknown>;
  return typeof column === 'string' && isSortColumn(column) && typeof descending === 'boolean' ? { column, descending } : undefined;
}
