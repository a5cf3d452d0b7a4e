/**
 * What the insight panel shows, as plain data: built on the host from the worker's answers and
 * the catalog, drawn by the webview, written by the exports. Core owns these types so that the
 * view builder, the formatters and the exports (all core) never import the UI.
 */
import type { CompressionStats, Disagreement, ScriptStats } from './insightTypes';

/** One model of the side-by-side table. */
export interface ModelRow {
  readonly id: string;
  readonly displayName: string;
  readonly provider: string;
  /** The count shown for this model (scaled for an approximation). */
  readonly tokens: number;
  readonly exact: boolean;
  /** `±25% (estimated)`, `error unmeasured`: for ≈ rows only. */
  readonly errorLabel?: string;
  /** Window less the output reserve, and the text's share of it in percent. */
  readonly usableWindow: number;
  readonly windowSharePct: number;
  /** USD; undefined where the model has no such price. */
  readonly inputCost?: number;
  readonly cachedInputCost?: number;
  /** USD for `expectedOutputTokens` of output. */
  readonly outputCost?: number;
  /** Prices' source and date, e.g. `@pydantic/genai-prices 0.1.8 (OpenAI)`, `2026-09-23`. */
  readonly priceSource?: string;
  readonly priceDate?: string;
}

export interface InsightView {
  /** What the numbers are of. `fileName` is the document's base name (untrusted: escape it). */
  readonly source: { readonly fileName: string; readonly scope: 'file' | 'selection'; readonly chars: number };
  /** The current model (tokenscope.model) whose tokenizer the compression section describes. */
  readonly model: { readonly id: string; readonly displayName: string; readonly tokenizerLabel: string; readonly exact: boolean; readonly note?: string };
  readonly compression: CompressionStats;
  readonly scripts: readonly ScriptStats[];
  /** The side-by-side set (tokenscope.insight.models), in that order. */
  readonly models: readonly ModelRow[];
  readonly expectedOutputTokens: number;
  /** The two models compared in "where tokenizers disagree", and what they cut differently. */
  readonly compare?: {
    readonly a: string;
    readonly b: string;
    readonly spans: readonly Disagreement[];
    /** True when there were more spans than listed. */
    readonly truncated: boolean;
    readonly highlighted: boolean;
  };
  /** Every model id the user may pick from (for the compare selects). */
  readonly modelChoices: ReadonlyArray<{ readonly id: string; readonly label: string }>;
}

/** The formats the panel exports (Markdown table, CSV, JSON). */
export type ExportFormat = 'markdown' | 'csv' | 'json';
