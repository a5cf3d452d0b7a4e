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

const trustEmitter = new EventEmitter<void>();
const foldersEmitter = new EventEmitter<unknown>();

/** Test controls of workspace trust and folders (the MCP server provider's). */
export const fakeTrust = {
  isTrusted: true,
  folders: undefined as Array<{ uri: { scheme: string; fsPath: string } }> | undefined,
  grant(): void {
    this.isTrusted = true;
    trustEmitter.fire();
  },
};

export const workspace = {
  onDidChangeTextDocument: changeEmitter.event,
  onDidCloseTextDocument: closeEmitter.event,
  get textDocuments(): readonly vscode.TextDocument[] {
    return fakeWorkspace.textDocuments;
  },
  get isTrusted(): boolean {
    return fakeTrust.isTrusted;
  },
  get workspaceFolders() {
    return fakeTrust.folders;
  },
  onDidGrantWorkspaceTrust: trustEmitter.event,
  onDidChangeWorkspaceFolders: foldersEmitter.event,
};

/** What `vscode.lm.registerMcpServerDefinitionProvider` was given, by id (VS Code 1.101+'s API). */
export const fakeLm = { mcpProviders: new Map<string, unknown>() };

export const lm = {
  registerMcpServerDefinitionProvider: (id: string, provider: unknown) => {
    fakeLm.mcpProviders.set(id, provider);
    return { dispose: () => void fakeLm.mcpProviders.delete(id) };
  },
};

/** VS Code's McpStdioServerDefinition: the fields as given. */
export class McpStdioServerDefinition {
  constructor(
    readonly label: string,
    public command: string,
    public args: string[] = [],
    public env: Record<string, string | number | null> = {},
    public version?: string,
  ) {}
}

export const l10n = {
  t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
};

/** A message the host showed (information, warning, error), with its options and buttons. */
export interface ShownMessage {
  readonly kind: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly options?: vscode.MessageOptions;
  readonly items: readonly string[];
}

/** Test controls of `window`: what was shown, and how the user answers each message. */
export const fakeWindow = {
  shown: [] as ShownMessage[],
  /** Called for every message; returns the button the "user" chooses (undefined: dismissed). */
  answer: (_shown: ShownMessage): string | undefined => undefined,
  /** Progress notifications opened, by title. */
  progress: [] as string[],
  reset(): void {
    this.shown = [];
    this.progress = [];
    this.answer = () => undefined;
  },
};

function show(kind: ShownMessage['kind']) {
  return (message: string, ...rest: unknown[]): Promise<string | undefined> => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as vscode.MessageOptions) : undefined;
    const shown: ShownMessage = { kind, message, options, items: rest as string[] };
    fakeWindow.shown.push(shown);
    return Promise.resolve(fakeWindow.answer(shown));
  };
}

export const window = {
  showInformationMessage: show('info'),
  showWarningMessage: show('warning'),
  showErrorMessage: show('error'),
  /** Runs the task at once with a progress that records nothing and a token never cancelled. */
  withProgress: <R>(options: vscode.ProgressOptions, task: (progress: { report(value: unknown): void }, token: vscode.CancellationToken) => Thenable<R>): Thenable<R> => {
    fakeWindow.progress.push(options.title ?? '');
    return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) });
  },
};

export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };

/** Test controls of `env`: the links the host opened. */
export const fakeEnv = { opened: [] as string[] };

export const env = {
  language: 'en',
  openExternal: (uri: { toString(): string }) => {
    fakeEnv.opened.push(uri.toString());
    return Promise.resolve(true);
  },
};

export const Uri = {
  parse: (value: string) => ({ toString: () => value }),
};

/** Test controls of `commands`: the commands the host ran, by id. */
export const fakeCommands = { executed: [] as string[] };

export const commands = {
  executeCommand: (id: string) => {
    fakeCommands.executed.push(id);
    return Promise.resolve(undefined);
  },
};
