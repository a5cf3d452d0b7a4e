import * as vscode from 'vscode';
import { fixTitle, LINT_SOURCES, selectionEndFixTitle } from '../../core/lint/lintMessages';
import type { DocumentFinding } from '../../core/lint/lintTypes';
import { hostL10n } from '../platform/l10n';
import { ruleDocUri, type LintDiagnostics } from './lintDiagnostics';

/**
 * The tokenization lint's hover (the tokens a finding is about, and its source one click away)
 * and quick fixes (the finding's edits, where the rule has a safe one). Both read the findings
 * the diagnostics show for the document's current version, so they never act on stale offsets.
 */
export function registerLintActions(diagnostics: LintDiagnostics): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (document, position) => hoverAt(diagnostics, document, position) }),
    vscode.languages.registerCodeActionsProvider(
      { scheme: '*' },
      { provideCodeActions: (document, range, context) => quickFixes(diagnostics, document, range, context) },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

function hoverAt(diagnostics: LintDiagnostics, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const offset = document.offsetAt(position);
  const hits = diagnostics.findingsOf(document)?.entries.filter((e) => e.finding.start <= offset && offset <= e.finding.end && e.finding.tokens.length > 0) ?? [];
  if (hits.length === 0) return undefined;
  const parts = hits.map(({ finding }) => hoverText(finding));
  return new vscode.Hover(parts, hits[0].diagnostic.range);
}

function hoverText(finding: DocumentFinding): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown(`**Tokenscope · ${finding.rule}**\n\n`);
  markdown.appendMarkdown(`${escapeMarkdown(vscode.l10n.t('Tokens ({0}):', String(finding.tokens.length)))} `);
  markdown.appendMarkdown(finding.tokens.map((t) => codeSpan(t.text)).join(' '));
  markdown.appendMarkdown('\n\n');
  markdown.appendMarkdown(
    `${escapeMarkdown(vscode.l10n.t('Source: {0}', LINT_SOURCES[finding.rule]))} · [${escapeMarkdown(vscode.l10n.t('About this rule'))}](${ruleDocUri(finding.rule).toString(true)})`,
  );
  return markdown;
}

/** A token's text as a Markdown code span, whatever backticks it holds. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes what would start Markdown syntax inside a line: emphasis, code, links, HTML. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function quickFixes(diagnostics: LintDiagnostics, document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
  const shown = diagnostics.findingsOf(document);
  if (!shown) return [];
  const actions: vscode.CodeAction[] = [];
  for (const { finding, diagnostic, selection } of shown.entries) {
    if (!finding.fix || !diagnostic.range.intersection(range)) continue;
    if (selection) {
      const action = selectionEndFix(document, finding, diagnostic);
      if (action) actions.push(action);
      continue;
    }
    const title = fixTitle(finding.detail, hostL10n);
    if (title === undefined) continue;
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    const edit = new vscode.WorkspaceEdit();
    for (const e of finding.fix) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    action.edit = edit;
    // The diagnostic VS Code passed in, when it is this one: the light bulb then names it.
    action.diagnostics = [context.diagnostics.find((d) => d.code !== undefined && sameDiagnostic(d, diagnostic)) ?? diagnostic];
    action.isPreferred = true;
    actions.push(action);
  }
  return actions;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.range.isEqual(b.range) && a.message === b.message;
}

/**
 * Rule 1 at a selection's end: the fix ends the selection earlier (the text after it is the
 * document's, not the prompt's), by moving the selection's active end left with VS Code's own
 * `cursorMove`, over the characters from the finding's start to the selection's end. Offered
 * only while that selection is the active editor's, selected forwards (its active end is the end).
 */
function selectionEndFix(document: vscode.TextDocument, finding: DocumentFinding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  if (finding.detail.rule !== 'prompt-end') return undefined;
  const editor = vscode.window.activeTextEditor;
  const selection = editor?.document === document ? editor.selection : undefined;
  if (!selection || selection.isEmpty || selection.isReversed) return undefined;
  const end = document.offsetAt(selection.end);
  if (finding.end > end || finding.start >= end) return undefined;
  // cursorMove counts a line break as one step, CRLF included.
  const steps = [...document.getText(new vscode.Range(document.positionAt(finding.start), selection.end)).replace(/\r\n/g, '\n')].length;
  const action = new vscode.CodeAction(selectionEndFixTitle(finding.detail, hostL10n), vscode.CodeActionKind.QuickFix);
  action.command = { command: 'cursorMove', title: action.title, arguments: [{ to: 'left', by: 'character', value: steps, select: true }] };
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}
