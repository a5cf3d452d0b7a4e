/**
 * The few parts of the `vscode` API the host's document pipeline touches at run time, for unit
 * tests in plain Node: esbuild.mjs aliases `vscode` to this file in the unit-test bundles only
 * (the integration tests run in the real VS Code). Tests drive the document events through
 * `fakeWorkspace`.
 */
import type * as vscode from 'vscode';

type Listener<T> = (e: T) => unknown;

/** vscode.EventEmitter's behaviour: listeners in subscription order, each removable. */
export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];

  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: vscode.Disposable[]): vscode.Disposable => {
    const bound: Listener<T> = (e) => listener.call(thisArgs, e);
    this.listeners.push(bound);
    const subscription = { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== bound)) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  dispose(): void {
    this.listeners = [];
  }
}

const changeEmitter = new EventEmitter<vscode.TextDocumentChangeEvent>();
const closeEmitter = new EventEmitter<vscode.TextDocument>();

/** Test controls: the open documents and the document events. */
export const fakeWorkspace = {
  textDocuments: [] as vscode.TextDocument[],
  fireChange: (e: vscode.TextDocumentChangeEvent) => changeEmitter.fire(e),
  fireClose: (d: vscode.TextDocument) => closeEmitter.fire(d),
};

export const workspace = {
  onDidChangeTextDocument: changeEmitter.event,
  onDidCloseTextDocument: closeEmitter.event,
  get textDocuments(): readonly vscode.TextDocument[] {
    return fakeWorkspace.textDocuments;
  },
};

export const l10n = {
  t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
};
