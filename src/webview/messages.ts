/**
 * Every message between the extension host and the insight panel's webview, as typed unions,
 * imported by both sides. The webview starts with `ready`; the host answers with `update`
 * (and sends one whenever the numbers change). Everything here is plain data.
 */
import type { ExportFormat, InsightView } from '../core/insights/insightView';
import type { SortOrder } from '../core/insights/modelSort';

/** What the panel shows when there are no numbers. */
export type PanelStatus =
  | { readonly kind: 'ready' }
  | { readonly kind: 'computing'; readonly fraction?: number }
  | { readonly kind: 'noEditor' }
  | { readonly kind: 'error'; readonly message: string }
  /** `fileName`: the file whose run was cancelled (the numbers shown may be another file's). */
  | { readonly kind: 'cancelled'; readonly fileName?: string };

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
  /** Reveal and select a cell of the followed notebook (0-based). */
  | { readonly type: 'revealCell'; readonly index: number }
  /** Copy the numbers; the models in the table's current order (`sort`, none for the set's order). */
  | { readonly type: 'export'; readonly format: ExportFormat; readonly sort?: SortOrder }
  | { readonly type: 'cancel' }
  /** Count again what the user cancelled (the panel does not restart a cancelled run by itself). */
  | { readonly type: 'countAgain' };

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
  readonly sort?: SortOrder;
  /** What the models chart compares: input cost (the default) or tokens. */
  readonly chart?: ChartMeasure;
}

export type ChartMeasure = 'cost' | 'tokens';
