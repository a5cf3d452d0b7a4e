import * as vscode from 'vscode';
import {
  contextLevel,
  formatInteger,
  formatMegabytes,
  formatShare,
  formatWindow,
  shownTotal,
  tooltipLines,
  type CountView,
  type NotebookView,
} from '../../core/present/countFormat';
import { statusBarText } from '../../core/present/statusBarText';
import { notebookLines } from '../../core/present/notebookText';
import { withPercentSign } from '../../core/text/numberText';
import { assertNever } from '../../core/assertNever';
import { countingTokenizer, modelTokens } from '../../core/catalog/models';
import { tokenizerLabel } from '../../core/tokenizers/tokenizerIds';
import type { Configuration } from '../platform/configuration';
import type { CountController, CountState } from './countController';
import { Disposable } from '../platform/dispose';
import { Commands, STATUS_BAR_ITEM_ID } from '../platform/ids';
import { hostL10n } from '../platform/l10n';

/**
 * The status bar item, short (`$(symbol-numeric) 12.3k · 11.1% · gpt-4o`, or the user's
 * `tokenscope.statusBar.format`), every number in full in its tooltip. Clicking opens the model
 * picker. While a newer count is under way the last number stays, its icon a spinner and the
 * tooltip saying "Updating…", so the item neither blanks nor changes width; a number is never
 * shown as current when it is not. Hidden when no text editor is active or when disabled in
 * settings. Every text of the item is made here (the tooltip's lines in `tooltip()`).
 */
/** The active notebook's total for the count of one of its cells (host/notebooks/notebookCounts.ts). */
export interface NotebookTotals {
  viewFor(document: vscode.TextDocument): NotebookView | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

/** Where the item sits among the right-hand items (see the constructor). */
export const STATUS_BAR_PRIORITY = 101;

export class StatusBarController extends Disposable {
  private readonly item = this._register(
    // Priority 101 on the right: just left of the editor's own Ln/Col (100.5; indentation,
    // encoding, line endings and language follow at 100.4-100.1). VS Code lays the right-hand
    // items out in reverse priority order and wraps those that do not fit, highest priority
    // first, onto a row the bar hides: above Ln/Col, a narrow window hides this item before
    // VS Code's own, where at 100 it pushed Ln/Col out at 1,024 px.
    vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, STATUS_BAR_PRIORITY),
  );

  constructor(
    private readonly counter: CountController,
    private readonly configuration: Configuration,
    /** The active notebook's total, shown beside the count of its active cell. */
    private readonly notebooks?: NotebookTotals,
  ) {
    super();
    this.item.name = vscode.l10n.t('Tokenscope: Token Count');
    this.item.command = { title: vscode.l10n.t('Select Model'), command: Commands.selectModel };
    this._register(counter.onDidChangeState((s) => this.render(s)));
    this._register(configuration.onDidChange((e) => e.affects('model', 'count') && this.render(this.counter.state)));
    if (notebooks) this._register(notebooks.onDidChange(() => this.render(this.counter.state)));
    this.render(counter.state);
  }

  private visible = false;

  /** What the item shows, undefined when hidden (desktop test fallback; real tests read the page). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  /** The tooltip's Markdown, undefined while hidden (tests compare it with what the hover shows). */
  get tooltipMarkdown(): string | undefined {
    const t = this.item.tooltip;
    return this.visible ? (typeof t === 'string' ? t : t?.value) : undefined;
  }

  private render(state: CountState): void {
    const settings = state.kind === 'none' ? undefined : this.configuration.forDocument(state.document);
    if (state.kind === 'none' || !settings?.statusBarEnabled) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const item = this.item;
    const locale = hostL10n.locale;
    const int = (n: number) => formatInteger(n, locale);
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'counting': {
        const what =
          state.fraction !== undefined ? vscode.l10n.t('Counting tokens {0}', withPercentSign(int(Math.floor(state.fraction * 100)), locale)) : vscode.l10n.t('Counting tokens');
        item.text = `$(loading~spin) ${what} · ${state.model.id}`;
        item.tooltip = vscode.l10n.t('Counting tokens with {0} for {1}…', tokenizerLabel(countingTokenizer(state.model)), state.model.displayName);
        item.accessibilityInformation = { label: vscode.l10n.t('Counting tokens for {0}', state.model.id), role: 'button' };
        break;
      }
      case 'counted': {
        const { result, model } = state;
        const view: CountView = {
          tokens: result.tokens,
          chars: result.chars,
          bytes: result.bytes,
          selectionTokens: result.selectionTokens,
          ...(result.scriptMix ? { mix: result.scriptMix } : {}),
          ...(result.selectionScriptMix ? { selectionMix: result.selectionScriptMix } : {}),
          selectionCount: state.selectionCount,
          apiCount: state.apiCount,
          ...(result.request ? { request: result.request } : {}),
        };
        const notebook = this.notebooks?.viewFor(state.document);
        if (notebook) view.notebook = notebook;
        item.text = statusBarText(view, model, settings, hostL10n, { stale: !!state.stale });
        const total = shownTotal(view, model);
        const level = contextLevel(total.tokens, settings);
        const levelLine =
          level === 'error'
            ? [
                vscode.l10n.t(
                  '**Over the limit:** past {0} of the usable window ({1})',
                  withPercentSign(String(settings.errorThreshold), locale),
                  'tokenscope.context.errorThreshold',
                ),
                '',
              ]
            : level === 'warning'
              ? [
                  vscode.l10n.t(
                    '**Near the limit:** past {0} of the usable window ({1})',
                    withPercentSign(String(settings.warningThreshold), locale),
                    'tokenscope.context.warningThreshold',
                  ),
                  '',
                ]
              : [];
        const updating = state.stale ? [updatingLine(state.stale.fraction, locale), ''] : [];
        const fallbackLine = state.fallbackNote ? [state.fallbackNote, ''] : [];
        // ≈ for want of a tokenizer Tokenscope can download (Gemini and Gemma 3 without the Gemma 3 file): the command, one click away.
        const downloadLine =
          model.counting.kind === 'approx' && model.counting.download
            ? ['', `[$(cloud-download) ${vscode.l10n.t('Get the Gemma 3 tokenizer for exact counts…')}](command:${Commands.getGemmaTokenizer})`]
            : [];
        item.tooltip = this.tooltip([
          ...updating,
          ...fallbackLine,
          ...levelLine,
          ...tooltipLines(view, model, settings, hostL10n),
          ...(notebook ? ['', ...notebookLines(notebook, model, settings, hostL10n)] : []),
          ...downloadLine,
          ...(state.apiNote ? [state.apiNote] : []),
        ]);
        const share = formatShare(total.tokens, settings.usableWindow, locale);
        const window = formatWindow(settings.usableWindow, locale);
        const count = total.exact
          ? vscode.l10n.t('{0} tokens, {1} of the {2} usable tokens of {3}.', int(total.tokens), share, window, model.id)
          : vscode.l10n.t('about {0} tokens, {1} of the {2} usable tokens of {3}.', int(total.tokens), share, window, model.id);
        const selected = view.selectionTokens !== undefined ? `${vscode.l10n.t('{0} tokens selected,', int(modelTokens(model, view.selectionTokens, view.selectionMix)))} ` : '';
        const stale = state.stale ? `${vscode.l10n.t('Updating.')} ` : '';
        const inNotebook = notebook
          ? `${
              notebook.exact
                ? vscode.l10n.t('Notebook: {0} tokens, {1} of the usable window.', int(notebook.tokens), formatShare(notebook.tokens, settings.usableWindow, locale))
                : vscode.l10n.t('Notebook: about {0} tokens, {1} of the usable window.', int(notebook.tokens), formatShare(notebook.tokens, settings.usableWindow, locale))
            } `
          : '';
        item.accessibilityInformation = { label: `${stale}${selected}${count} ${inNotebook}${vscode.l10n.t('Click to select a model.')}`, role: 'button' };
        if (level === 'error') item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        else if (level === 'warning') item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'tooLarge': {
        const size = formatMegabytes(state.bytes, locale);
        item.text = `$(circle-slash) ${vscode.l10n.t('Tokens not counted · {0}', size)}`;
        item.tooltip = this.tooltip([
          vscode.l10n.t('**Not counted:** this document is {0}, over the {1} limit of {2} MB.', size, '`tokenscope.maxFileSizeMB`', String(state.limitMB)),
          '',
          `[${vscode.l10n.t('Raise the limit')}](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify('tokenscope.maxFileSizeMB'))})`,
        ]);
        item.accessibilityInformation = { label: vscode.l10n.t('Tokens not counted: document larger than {0} megabytes', String(state.limitMB)), role: 'button' };
        break;
      }
      case 'binary':
        item.text = `$(file-binary) ${vscode.l10n.t('Binary file, not counted')}`;
        item.tooltip = this.tooltip([
          vscode.l10n.t(
            '**Binary file, not counted:** a NUL byte in its first 8 KB marks it as binary, as for the {0} command line. If it is text in another encoding, reopen it with that encoding ("Change File Encoding").',
            '`tokenscope`',
          ),
        ]);
        item.accessibilityInformation = { label: vscode.l10n.t('Binary file, not counted'), role: 'button' };
        break;
      case 'error':
        item.text = `$(warning) ${vscode.l10n.t('Tokens unavailable · {0}', state.model.id)}`;
        item.tooltip = this.tooltip([
          vscode.l10n.t('**Could not count tokens:** {0}', escapeMarkdown(state.message)),
          '',
          // The next step: a restart only where it helps (a stopped worker); the log has the detail either way.
          [
            ...(state.workerStopped ? [`[${vscode.l10n.t('Restart the tokenizer worker')}](command:${Commands.restartWorker})`] : []),
            `[${vscode.l10n.t('Show Log')}](command:${Commands.showLog})`,
          ].join(' · '),
        ]);
        item.accessibilityInformation = { label: vscode.l10n.t('Could not count tokens: {0}', state.message), role: 'button' };
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      default:
        assertNever(state);
    }
    item.show();
    this.visible = true;
  }

  private tooltip(lines: string[]): vscode.MarkdownString {
    const links = `[${vscode.l10n.t('Select model…')}](command:${Commands.selectModel}) · [${vscode.l10n.t('Insight panel')}](command:${Commands.showInsightPanel})`;
    // supportThemeIcons: the spinner of the "Updating…" line.
    const md = new vscode.MarkdownString([...lines, '', links].join('  \n'), true);
    // Links in the tooltip may run these commands and nothing else.
    md.isTrusted = {
      enabledCommands: [Commands.selectModel, Commands.showInsightPanel, Commands.restartWorker, Commands.showLog, Commands.getGemmaTokenizer, 'workbench.action.openSettings'],
    };
    return md;
  }
}

/** The tooltip's first line while a newer count is under way: the numbers below it are the last ones. */
function updatingLine(fraction: number | undefined, locale: string): string {
  const done = fraction !== undefined ? ` ${withPercentSign(formatInteger(Math.floor(fraction * 100), locale), locale)}` : '';
  return `$(loading~spin) ${vscode.l10n.t('**Updating…{0}** The numbers below are for the text before the last change.', done)}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
