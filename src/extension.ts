import * as vscode from 'vscode';
import { Configuration } from './host/configuration';
import { CountController } from './host/countController';
import { DocumentSync } from './host/documentSync';
import { Commands } from './host/ids';
import { registerModelPicker } from './host/modelPicker';
import { StatusBarController } from './host/statusBarController';
import { WorkerClient } from './host/workerClient';

/** What `activate` returns: a small handle for tests (the real tests read the workbench page). */
export interface TokenscopeApi {
  testing: {
    /** The status bar item's text, undefined while it is hidden. */
    statusBarText(): string | undefined;
    /** Kills the tokenizer worker as a crash would. */
    crashWorker(): Promise<void>;
    workerGeneration(): number;
  };
}

/** Composition root: builds each service once; all lifetimes end with the extension's. */
export function activate(context: vscode.ExtensionContext): TokenscopeApi {
  const log = vscode.window.createOutputChannel('Tokenscope', { log: true });
  const configuration = new Configuration();
  const worker = new WorkerClient(context.asAbsolutePath('dist/worker.js'), log);
  const sync = new DocumentSync(worker);
  const counter = new CountController(worker, sync, configuration);
  const statusBar = new StatusBarController(counter, configuration);
  context.subscriptions.push(
    log,
    configuration,
    worker,
    sync,
    counter,
    statusBar,
    registerModelPicker(configuration),
    vscode.commands.registerCommand(Commands.restartWorker, () => worker.restart()),
  );
  return {
    testing: {
      statusBarText: () => statusBar.text,
      crashWorker: async () => void (await worker.simulateCrash()),
      workerGeneration: () => worker.generation,
    },
  };
}

export function deactivate(): void {}
