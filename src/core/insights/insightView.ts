/**
 * What the insight panel shows, as plain data: built on the host from the worker's answers and
 * the catalog, drawn by the webview, written by the exports. Core owns these types so that the
 * view builder, the formatters and the exports (all core) never import the UI.
 */
import type { CompressionStats, Disagreement, ScriptStats } from './insightTypes';
import type { RequestItemKind } from '../requests/requestTypes';

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
  /**
   * By script name: the language of the script's paragraphs and its crosslingual premium for the
   * current model (`×3.1`, `≈×3.1`; absent where there is none), or why no language was told.
   * Absent when tokenscope.lint.crosslingualPremium is off.
   */
  readonly scriptPremiums?: Readonly<Record<string, { readonly language: string; readonly premium?: string }>>;
  /**
   * Drawn from a partial answer: the current model's numbers, while the other models and the
   * comparison are still counted (a long text). Stays on the panel if that run is cancelled.
   */
  readonly partial?: true;
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
  /** The file is a chat request: its parts as the provider bills them (the Request section). */
  readonly request?: RequestView;
  /** The file is a JSON Lines dataset: its summary (the Dataset section). */
  readonly dataset?: DatasetPanelView;
  /** The text is a cell of a notebook: the notebook's cells (the Notebook section). */
  readonly notebook?: NotebookPanelView;
  /** Every model id the user may pick from (for the compare selects). */
  readonly modelChoices: ReadonlyArray<{ readonly id: string; readonly label: string }>;
}

/* The Request and Dataset sections (built by structureView.ts). */

/** One row of the Request section. */
export interface RequestRow {
  /** The row's place in the request (its order in the file); the section sorts by it or by tokens. */
  readonly order: number;
  readonly kind: RequestItemKind;
  readonly label: string;
  readonly tokens: number;
  readonly content: number;
  readonly framing: number;
  readonly imageTokens: number;
  readonly imagesNotCounted: number;
  readonly toolParts?: { readonly name: number; readonly description: number; readonly parameters: number };
  /** ≈: the row's rendering or framing is not published (or the model is approximated). */
  readonly exact: boolean;
  readonly note?: string;
  readonly windowSharePct: number;
  readonly inputCost?: number;
  /** Document offsets of the item, for "reveal in the editor"; absent for framing and priming. */
  readonly start?: number;
  readonly end?: number;
}

export interface RequestView {
  /** `an OpenAI Chat Completions request`, in the panel's language. */
  readonly formatName: string;
  readonly total: number;
  readonly exact: boolean;
  /** How the framing is counted, and whether it is published (`published`) or ≈ (`estimated`). */
  readonly method: string;
  readonly methodKind: 'published' | 'estimated';
  readonly rows: readonly RequestRow[];
  /** Images not counted (their size is not in the file), never silently 0. */
  readonly imagesNotCounted: ReadonlyArray<{ readonly item: string; readonly reason: string; readonly start?: number; readonly end?: number }>;
  /** The file's tokens as plain text, beside. */
  readonly textTokens: number;
  readonly usableWindow: number;
  readonly windowSharePct: number;
  readonly inputCost?: number;
  /** The request's own `model` field, when it names another model than the current one. */
  readonly requestModel?: string;
}

/** The Dataset section: a JSON Lines dataset's summary for the current model. */
export interface DatasetView {
  readonly examples: number;
  readonly emptyLines: number;
  readonly malformedCount: number;
  /** The first malformed lines, with the JSON error. */
  readonly malformed: ReadonlyArray<{ readonly line: number; readonly error: string }>;
  readonly totalTokens: number;
  readonly meanTokens: number;
  readonly p95Tokens: number;
  readonly maxTokens: number;
  readonly maxLine?: number;
  /** Tokens by role, most first. */
  readonly byRole: ReadonlyArray<{ readonly role: string; readonly tokens: number }>;
  readonly exact: boolean;
  /** The model's training limit per example and where it is published; absent when unknown. */
  readonly trainingLimit?: {
    readonly tokens: number;
    readonly source: string;
    readonly overCount: number;
    readonly over: ReadonlyArray<{ readonly line: number; readonly tokens: number }>;
  };
  /** Tokens one epoch trains on (every example); the price note says why no cost is given. */
  readonly tokensPerEpoch: number;
  readonly trainingPriceNote: string;
  /** Input cost of the whole dataset sent once as prompts (an eval run), at the model's input price. */
  readonly evalInputCost?: number;
}

/** The Dataset section: the summary once known (`stale` while a newer one is counted), or progress, or why not. */
export interface DatasetPanelView {
  readonly status: 'counting' | 'ready' | 'stale' | 'error';
  readonly fraction?: number;
  readonly message?: string;
  readonly summary?: DatasetView;
}

/** The Notebook section: each cell's tokens for the current model, the notebook's total. */
export interface NotebookPanelView {
  readonly total: number;
  readonly exact: boolean;
  /** Whether text outputs are counted (`tokenscope.notebook.countOutputs`). */
  readonly outputsCounted: boolean;
  readonly cells: ReadonlyArray<{
    /** 0-based, in the notebook's order. */
    readonly index: number;
    readonly kind: 'code' | 'markdown';
    /** The cell's first line, as a label (untrusted: shown as text). */
    readonly firstLine: string;
    /** Undefined when the source could not be counted (`note` says why). */
    readonly sourceTokens?: number;
    readonly outputTokens: number;
    readonly outputsNotCounted: number;
    /** The cell the panel follows. */
    readonly active: boolean;
    readonly note?: string;
  }>;
}

/** The formats the panel exports (Markdown table, CSV, JSON). */
export type ExportFormat = 'markdown' | 'csv' | 'json';
