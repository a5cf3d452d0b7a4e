import * as vscode from 'vscode';
import { countingTokenizer, fallbackTokenizer } from '../../core/catalog/models';
import type { Settings } from '../../core/catalog/settings';
import { LINT_DOC_URL } from '../../core/docs';
import { findingMessage, LINT_SOURCES, selectionEndMessage } from '../../core/lint/lintMessages';
import type { ParagraphLanguage } from '../../core/lint/premium/languageDetection';
import { LINT_RULE_IDS, type DocumentFinding, type LintRuleId, type LintSeverity } from '../../core/lint/lintTypes';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import type { LintResult } from '../../worker/protocol';
import { paintRanges } from '../boundaries/tokenDecorator';
import type { DocumentQuery } from '../documents/documentQuery';
import { DocumentVersion, documentLength, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';
import type { Configuration } from '../platform/configuration';
import { KeyedTimers } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { isDesyncError, WorkerGoneError, type RequestOptions } from '../platform/workerClient';

/** One lint request: a document version, its tokenizer, the rules on, and the ranges (absent: all of it). */
interface LintQueryInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  readonly fallback?: TokenizerId;
  readonly ranges?: ReadonlyArray<readonly [number, number]>;
  readonly rules: readonly LintRuleId[];
  /** Each paragraph's language too (rule 6, tokenscope.lint.crosslingualPremium). */
  readonly premium: boolean;
  /** The editors' non-empty selections of the document: rule 1 at each one's end. */
  readonly selections: ReadonlyArray<readonly [number, number]>;
}

/** A document's findings as shown, each with its diagnostic (the hover and the quick fixes read them). */
export interface ShownFindings {
  readonly version: number;
  /** `selection`: rule 1 at the end of a selection (its quick fix moves the selection's end, not the text). */
  readonly entries: ReadonlyArray<{ readonly finding: DocumentFinding; readonly diagnostic: vscode.Diagnostic; readonly selection?: boolean }>;
  /** Each paragraph's language, when the crosslingual premium is on. */
  readonly languages: readonly ParagraphLanguage[];
}

/**
 * A pause in typing of 250 ms before the lint asks again: long enough that a word typed at
 * ~5 characters a second asks once, short enough that the Problems view follows a pause.
 */
const DEBOUNCE_MS = 250;
/**
 * Documents up to 200,000 characters are checked whole, so the Problems view lists every
 * finding (a prompt is far smaller; the worker re-encodes only the edited block). Larger ones
 * are checked where editors show them, as the boundaries are painted.
 */
const WHOLE_DOCUMENT_CHARS = 200_000;

/**
 * The tokenization lint's diagnostics (core/lint/): for the documents in its languages and
 * files, the worker runs the rules on the same tokens the boundaries use, debounced after
 * typing; the findings become diagnostics with the rule id as their code (linked to the
 * rule's section of docs/LINT.md) and the source in the message.
 */
export class LintDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('tokenscope.lint'));
  private readonly query: DocumentQuery<LintQueryInput, LintResult, RequestOptions>;
  private readonly shown = new Map<string, ShownFindings>();
  private readonly timers = this._register(new KeyedTimers());
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a document's shown findings or paragraph languages change (the premium lens follows). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly tracked: TrackedDocuments,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {
    super();
    this.query = tracked.query(
      'lint',
      (input: LintQueryInput) => ({
        uri: input.at.uri,
        version: input.at.version,
        tokenizer: input.tokenizer,
        ...(input.fallback === undefined ? {} : { fallback: input.fallback }),
        ...(input.ranges === undefined ? {} : { ranges: input.ranges.map(([s, e]): [number, number] => [s, e]) }),
        rules: [...input.rules],
        locale: hostL10n.locale,
        ...(input.premium ? { premium: true } : {}),
        ...(input.selections.length > 0 ? { selections: input.selections.map(([s, e]): [number, number] => [s, e]) } : {}),
      }),
      (input) => `${input.tokenizer} ${input.fallback ?? ''} ${input.rules.join(',')} ${JSON.stringify(input.ranges ?? null)} ${input.premium} ${JSON.stringify(input.selections)}`,
      ['model', 'fileSize', 'lint'],
    );
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(tracked.onDidChange((c) => this.schedule(c.document, DEBOUNCE_MS)));
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e.document, 0))));
    this._register(
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (documentLength(e.textEditor.document) > WHOLE_DOCUMENT_CHARS) this.schedule(e.textEditor.document, DEBOUNCE_MS);
      }),
    );
    // A selection is a prompt of its own (rule 1 at its end): checked after the selecting stops.
    this._register(vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e.textEditor.document, DEBOUNCE_MS)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.timers.cancel(d.uri.toString());
        this.clear(d.uri);
      }),
    );
    this._register(this.configuration.onDidChange((e) => e.affects('model', 'fileSize', 'lint') && this.checkAll()));
    this._register(tracked.onDidRestart(() => this.checkAll()));
    this.checkAll();
  }

  /** The findings shown for `document` now, if they are of its current version. */
  findingsOf(document: vscode.TextDocument): ShownFindings | undefined {
    const shown = this.shown.get(document.uri.toString());
    return shown && shown.version === document.version ? shown : undefined;
  }

  private checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    this.timers.schedule(document.uri.toString(), delayMs, () => {
      if (!this.isDisposed && !document.isClosed) void this.check(document);
    });
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    if (this.shown.delete(uri.toString())) this.changed.fire(uri);
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const settings = this.configuration.forDocument(document);
    const rules = LINT_RULE_IDS.filter((id) => settings.lint.severities[id] !== 'off');
    const premium = settings.lint.crosslingualPremium;
    if (!this.applies(document, settings) || (rules.length === 0 && !premium)) return this.clear(document.uri);
    const input: LintQueryInput = {
      document,
      at: DocumentVersion.of(document),
      tokenizer: countingTokenizer(settings.model),
      ...withFallback(fallbackTokenizer(settings.model)),
      ...(documentLength(document) > WHOLE_DOCUMENT_CHARS ? { ranges: this.visibleRanges(document) } : {}),
      rules,
      premium,
      selections: rules.includes('prompt-end') ? this.selections(document) : [],
    };
    let result: LintResult;
    try {
      result = await this.query.ask(input);
    } catch (err) {
      // A restarted worker asks again by itself (onDidRestart); anything else is logged, never shown as a finding.
      if (err instanceof WorkerGoneError || isDesyncError(err)) return;
      this.log.warn('the tokenization lint failed', { document: document.uri.toString(), error: err instanceof Error ? err.message : String(err) });
      return;
    }
    // An answer for an older version, or for settings changed meanwhile, is dropped: the next check follows.
    if (this.isDisposed || document.isClosed || result.version !== document.version) return;
    const now = this.configuration.forDocument(document);
    if (!this.applies(document, now)) return this.clear(document.uri);
    const entries: Array<ShownFindings['entries'][number]> = result.findings.flatMap((finding) => {
      const severity = now.lint.severities[finding.rule];
      return severity === 'off' ? [] : [{ finding, diagnostic: toDiagnostic(document, finding, severity) }];
    });
    const promptEnd = now.lint.severities['prompt-end'];
    for (const finding of result.selectionFindings ?? []) {
      // The selection's end is the document's end: the document's own finding says it already.
      if (promptEnd === 'off' || finding.detail.rule !== 'prompt-end' || entries.some((e) => e.finding.rule === 'prompt-end' && e.finding.end === finding.end)) continue;
      entries.push({ finding, diagnostic: toDiagnostic(document, finding, promptEnd, selectionEndMessage(finding.detail, hostL10n)), selection: true });
    }
    const languages = now.lint.crosslingualPremium ? (result.languages ?? NO_LANGUAGES) : NO_LANGUAGES;
    const before = this.shown.get(document.uri.toString());
    this.shown.set(document.uri.toString(), { version: result.version, entries, languages });
    // A moved cursor answers from the kept answer: the lenses are asked again only for new languages.
    if (before?.languages !== languages || before.version !== result.version) this.changed.fire(document.uri);
    this.collection.set(
      document.uri,
      entries.map((e) => e.diagnostic),
    );
  }

  /** Whether the lint applies to `document`: on, tracked, and of its languages or files. */
  private applies(document: vscode.TextDocument, settings: Settings): boolean {
    if (!settings.lint.enabled || !this.tracked.isTracked(document)) return false;
    if (settings.lint.languages.includes(document.languageId)) return true;
    return settings.lint.files.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }

  /** The non-empty selections of the editors showing `document`, as document offsets. */
  private selections(document: vscode.TextDocument): Array<[number, number]> {
    return vscode.window.visibleTextEditors
      .filter((e) => e.document === document)
      .flatMap((e) => e.selections.filter((s) => !s.isEmpty).map((s): [number, number] => [document.offsetAt(s.start), document.offsetAt(s.end)]));
  }

  private visibleRanges(document: vscode.TextDocument): Array<[number, number]> {
    return vscode.window.visibleTextEditors.filter((e) => e.document === document).flatMap(paintRanges);
  }
}

const NO_LANGUAGES: readonly ParagraphLanguage[] = Object.freeze([]);

function withFallback(fallback: TokenizerId | undefined): { fallback?: TokenizerId } {
  return fallback === undefined ? {} : { fallback };
}

/** The anchor of a rule's section in docs/LINT.md. */
export function ruleDocUri(rule: LintRuleId): vscode.Uri {
  return vscode.Uri.parse(`${LINT_DOC_URL}#${rule}`);
}

function toDiagnostic(
  document: vscode.TextDocument,
  finding: DocumentFinding,
  severity: Exclude<LintSeverity, 'off'>,
  said = findingMessage(finding.detail, hostL10n),
): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const message = vscode.l10n.t('{0} Source: {1}.', said, LINT_SOURCES[finding.rule]);
  const diagnostic = new vscode.Diagnostic(range, message, SEVERITIES[severity]);
  diagnostic.source = 'Tokenscope';
  diagnostic.code = { value: finding.rule, target: ruleDocUri(finding.rule) };
  return diagnostic;
}

const SEVERITIES: Readonly<Record<Exclude<LintSeverity, 'off'>, vscode.DiagnosticSeverity>> = {
  hint: vscode.DiagnosticSeverity.Hint,
  information: vscode.DiagnosticSeverity.Information,
  warning: vscode.DiagnosticSeverity.Warning,
  error: vscode.DiagnosticSeverity.Error,
};
