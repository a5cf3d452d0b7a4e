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
  /** The bound of an ≈ row's relative error in percent; absent for exact rows and where it is unmeasured. */
  readonly errorPct?: number;
  /** Window less the output reserve, and the text's share of it in percent. */
  readonly usableWindow: number;
  readonly windowSharePct: number;
  /** USD; undefined where the model has no such price. */
  readonly inputCost?: number;
  readonly cachedInputCost?: number;
  /** USD for `expectedOutputTokens` of output. */
  readonly outputCost?: number;
  /**
   * USD of one request: the input cost of this text plus the cost of `expectedOutputTokens` of
   * output (cached input not assumed). Absent when either price is missing (with no output
   * expected, the input cost alone).
   */
  readonly totalCost?: number;
  /** Prices' source and date, e.g. `@pydantic/genai-prices 0.1.8 (OpenAI)`, `2026-09-23`. */
  readonly priceSource?: string;
  readonly priceDate?: string;
}

/** A model the summary names: the cheapest or the most compact of the set. */
export interface SummaryPick {
  readonly id: string;
  readonly displayName: string;
  /** USD of input (cheapest) or tokens (most compact). */
  readonly value: number;
}

/**
 * An ≈ model whose estimate beats the exact pick. Never ranked over it in silence: `certain`
 * says whether it wins even at the unfavourable end of its error band (`errorPct`); if not,
 * its error band could change the answer.
 */
export interface SummaryContender extends SummaryPick {
  readonly errorLabel: string;
  readonly certain: boolean;
}

/**
 * The panel's first lines: the current model's tokens, fit and cost, and which exact model of
 * the set is cheapest (input cost of this text) and most compact (fewest tokens).
 */
export interface InsightSummary {
  /** The current model's row (its share of the window measured as the status bar measures it). */
  readonly current: ModelRow;
  /** The context window and the output reserve the usable window is made of. */
  readonly contextWindow: number;
  readonly reservedOutputTokens: number;
  /** The exact model of the set with the lowest input cost; absent when no exact model has a price. */
  readonly cheapest?: SummaryPick;
  /** ≈ models estimated cheaper than `cheapest` (or, without one, the cheapest ≈ model). */
  readonly cheaperApprox: readonly SummaryContender[];
  /** The exact model of the set with the fewest tokens; absent when the set has no exact model. */
  readonly mostCompact?: SummaryPick;
  readonly compacterApprox: readonly SummaryContender[];
}

export interface InsightView {
  /** What the numbers are of. `fileName` is the document's base name (untrusted: escape it). */
  readonly source: { readonly fileName: string; readonly scope: 'file' | 'selection'; readonly chars: number };
  /** The current model (tokenscope.model) whose tokenizer the compression section describes. */
  readonly model: { readonly id: string; readonly displayName: string; readonly tokenizerLabel: string; readonly exact: boolean; readonly note?: string };
  /** What the panel says first. */
  readonly summary: InsightSummary;
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
    /** Why this pair is not compared (an approximated model, or one tokenizer for both); then `spans` is empty. */
    readonly refused?: string;
  };
  /** Every model id the user may pick from (for the compare selects). */
  readonly modelChoices: ReadonlyArray<{ readonly id: string; readonly label: string }>;
}

/** The formats the panel exports (Markdown table, CSV, JSON). */
export type ExportFormat = 'markdown' | 'csv' | 'json';
