/**
 * Every message between the extension host and the insight panel's webview, as typed unions,
 * imported by both sides. The webview starts with `ready`; the host answers with `update`
 * (and sends one whenever the numbers change). Everything here is plain data.
 */
import type { CompressionStats, Disagreement, ScriptStats } from '../core/insights/insightTypes';

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

/** What the panel shows when there are no numbers. */
export type PanelStatus =
  | { readonly kind: 'ready' }
  | { readonly kind: 'computing'; readonly fraction?: number }
  | { readonly kind: 'noEditor' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'cancelled' };

export type ExportFormat = 'markdown' | 'csv' | 'json';

export type HostToWebview =
  | { readonly type: 'update'; readonly view: InsightView }
  | { readonly type: 'status'; readonly status: PanelStatus }
  | { readonly type: 'exported'; readonly format: ExportFormat };

export type WebviewToHost =
  | { readonly type: 'ready' }
  /** The side-by-side model set changed (removed a row, reordered): the host saves it in settings. */
  | { readonly type: 'setModels'; readonly ids: readonly string[] }
  /** Opens the host's multi-select quick pick to add models to the set. */
  | { readonly type: 'editModels' }
  | { readonly type: 'setExpectedOutput'; readonly tokens: number }
  | { readonly type: 'setCompare'; readonly a: string; readonly b: string }
  /** Show or hide the disagreements as editor decorations. */
  | { readonly type: 'highlightDisagreements'; readonly on: boolean }
  /** Reveal one disagreement in the editor. */
  | { readonly type: 'reveal'; readonly start: number; readonly end: number }
  | { readonly type: 'export'; readonly format: ExportFormat }
  | { readonly type: 'cancel' };

/**
 * The panel's language, which the host writes into the page (panelHtml.ts, `data-l10n` of the
 * body) so the panel has it before it draws anything, saved numbers included.
 */
export interface PanelL10n {
  /** VS Code's display language, for numbers: `en` writes 12,345, `de` 12.345. */
  readonly locale: string;
  /**
   * The translations of the panel's own messages (English message → text), taken from the
   * extension's l10n bundle; empty in English, where each message is its own text.
   */
  readonly strings: Readonly<Record<string, string>>;
}

/** What the webview keeps with setState (and the serializer gets back after a reload). */
export interface PanelState {
  readonly view?: InsightView;
  readonly sort?: { readonly column: string; readonly descending: boolean };
}
