import * as vscode from 'vscode';
import { contextLevel, formatInteger, formatMegabytes, formatShare, formatWindow, shownTotal, statusBarText, tooltipLines, type CountView } from '../core/countFormat';
import { assertNever } from '../core/encodings';
import { countingTokenizer, modelTokens } from '../core/models';
import { tokenizerLabel } from '../core/tokenizerIds';
import type { Configuration } from './configuration';
import type { CountController, CountState } from './countController';
import { Disposable } from './dispose';
import { Commands, STATUS_BAR_ITEM_ID } from './ids';

/**
 * The status bar item: `Sel 123 · 12,345 tokens · 6.2% of 200k · gpt-4o`. Clicking opens the
 * model picker. A spinner replaces the number while a count is pending, so a stale number is
 * never shown as current. Hidden when no text editor is active or when disabled in settings.
 */
export class StatusBarController extends Disposable {
  private readonly item = this._register(
    // Priority 100 on the right: next to the editor's own Ln/Col and encoding items.
    vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 100),
  );

  constructor(
    private readonly counter: CountController,
    private readonly configuration: Configuration,
  ) {
    super();
    this.item.name = 'Tokenscope: Token Count';
    this.item.command = { title: 'Select Model', command: Commands.selectModel };
    this._register(counter.onDidChangeState((s) => this.render(s)));
    this._register(configuration.onDidChange(() => this.render(this.counter.state)));
    this.render(counter.state);
  }

  private visible = false;

  /** What the item shows, undefined when hidden (desktop test fallback; real tests read the page). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private render(state: CountState): void {
    const settings = state.kind === 'none' ? undefined : this.configuration.forDocument(state.document);
    if (state.kind === 'none' || !settings?.statusBarEnabled) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const item = this.item;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'counting': {
        const pct = state.fraction !== undefined ? ` ${Math.floor(state.fraction * 100)}%` : '';
        item.text = `$(loading~spin) Counting tokens${pct} · ${state.model.id}`;
        item.tooltip = `Counting tokens with ${tokenizerLabel(countingTokenizer(state.model))} for ${state.model.displayName}…`;
        item.accessibilityInformation = { label: `Counting tokens for ${state.model.id}`, role: 'button' };
        break;
      }
      case 'counted': {
        const { result, model } = state;
        const view: CountView = { tokens: result.tokens, chars: result.chars, bytes: result.bytes, selectionTokens: result.selectionTokens, selectionCount: state.selectionCount, apiCount: state.apiCount };
        item.text = statusBarText(view, model, settings);
        const total = shownTotal(view, model);
        const level = contextLevel(total.tokens, settings);
        const levelLine = level === 'ok' ? [] : [`**${level === 'error' ? 'Over' : 'Near'} the limit:** past ${level === 'error' ? settings.errorThreshold : settings.warningThreshold}% of the usable window (tokenscope.context.${level}Threshold)`, ''];
        item.tooltip = this.tooltip([...levelLine, ...tooltipLines(view, model, settings), ...(state.apiNote ? [state.apiNote] : [])]);
        item.accessibilityInformation = {
          label: `${view.selectionTokens !== undefined ? `${formatInteger(modelTokens(model, view.selectionTokens))} tokens selected, ` : ''}${total.exact ? '' : 'about '}${formatInteger(total.tokens)} tokens, ${formatShare(total.tokens, settings.usableWindow)} of the ${formatWindow(settings.usableWindow)} usable tokens of ${model.id}. Click to select a model.`,
          role: 'button',
        };
        if (level === 'error') item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        else if (level === 'warning') item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'tooLarge':
        item.text = `$(circle-slash) Tokens not counted · ${formatMegabytes(state.bytes)}`;
        item.tooltip = this.tooltip([
          `**Not counted:** this document is ${formatMegabytes(state.bytes)}, over the \`tokenscope.maxFileSizeMB\` limit of ${state.limitMB} MB.`,
          '',
          `[Raise the limit](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify('tokenscope.maxFileSizeMB'))})`,
        ]);
        item.accessibilityInformation = { label: `Tokens not counted: document larger than ${state.limitMB} megabytes`, role: 'button' };
        break;
      case 'error':
        item.text = `$(warning) Tokens unavailable · ${state.model.id}`;
        item.tooltip = this.tooltip([`**Could not count tokens:** ${escapeMarkdown(state.message)}`, '', `[Restart the tokenizer worker](command:${Commands.restartWorker})`]);
        item.accessibilityInformation = { label: `Could not count tokens: ${state.message}`, role: 'button' };
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      default:
        assertNever(state);
    }
    item.show();
    this.visible = true;
  }

  private tooltip(lines: string[]): vscode.MarkdownString {
    const md = new vscode.MarkdownString([...lines, '', `[Select model…](command:${Commands.selectModel}) · [Insight panel](command:${Commands.showInsightPanel})`].join('  \n'));
    // Links in the tooltip may run these commands and nothing else.
    md.isTrusted = { enabledCommands: [Commands.selectModel, Commands.showInsightPanel, Commands.restartWorker, 'workbench.action.openSettings'] };
    return md;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
