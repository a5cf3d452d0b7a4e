import * as vscode from 'vscode';
import { jsonlProblems, type JsonlProblem } from '../../core/datasets/jsonlProblems';
import { assertNever } from '../../core/assertNever';
import { KeyedTimers } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import { isDataset } from './datasetSummaries';

/**
 * A JSON Lines dataset's malformed lines in the Problems view, with their line and the JSON
 * error, while the file is open. Only JSON is parsed here, no token is counted, so it runs on
 * the host: measured on 10 M characters of chat examples (2-core EPYC, Node 20), ~13 ms a check
 * once warm, ~150 ms the first time (JIT), once per pause in typing (DEBOUNCE_MS). Larger datasets get no malformed-line
 * problems here; their summary (the worker's, datasetSummaries.ts) still counts and lists them in the panel.
 */
export class JsonlDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('tokenscope.jsonl'));
  private readonly timers = this._register(new KeyedTimers());

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.timers.cancel(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isDataset(document)) return;
    this.timers.schedule(document.uri.toString(), DEBOUNCE_MS, () => {
      if (!this.isDisposed && !document.isClosed) this.check(document);
    });
  }

  private check(document: vscode.TextDocument): void {
    if (!isDataset(document)) return;
    const text = document.getText();
    if (text.length > MAX_CHARS) {
      this.collection.delete(document.uri);
      return;
    }
    this.collection.set(document.uri, jsonlProblems(text, MAX_PROBLEMS).map(toDiagnostic));
  }
}

/** A pause in typing of 400 ms, as a linter waits, before a dataset is checked again. */
const DEBOUNCE_MS = 400;
/** 10 M characters: ~13 ms a check on the host once warm (see above), the most it should block for. */
const MAX_CHARS = 10_000_000;
/** The Problems view shows no more usefully; the CLI lists them all. */
const MAX_PROBLEMS = 1000;

function toDiagnostic(problem: JsonlProblem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, 0, problem.line - 1, problem.length);
  const diagnostic = new vscode.Diagnostic(range, messageOf(problem), vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Tokenscope';
  return diagnostic;
}

function messageOf(problem: JsonlProblem): string {
  switch (problem.kind) {
    case 'json':
      // V8's own wording of the JSON error stays English, as the worker's error details do.
      return vscode.l10n.t('Not valid JSON: {0}', problem.error);
    case 'notObject':
      return vscode.l10n.t('Not a JSON object: each line of a dataset is one example');
    case 'shape':
      return vscode.l10n.t('Neither a chat example (a "messages" list) nor a prompt and completion pair');
    default:
      return assertNever(problem.kind);
  }
}
