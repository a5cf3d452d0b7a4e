import * as vscode from 'vscode';
import type { Log } from './log';
import { notifyFailure } from './notices';
import type { WorkerClient } from './workerClient';

/**
 * `Tokenscope: Restart Tokenizer Worker`, with feedback: a progress notification while the new
 * worker starts, then "Tokenizer worker restarted" once it is ready (the counts come back right
 * after: every open document is sent to it again), or the error, logged, with Show Log and a
 * way to try again. Resolves when the user has been told.
 */
export async function restartWorkerWithFeedback(worker: Pick<WorkerClient, 'restart'>, log: Log): Promise<void> {
  log.info('restarting the tokenizer worker (Tokenscope: Restart Tokenizer Worker)');
  const started = performance.now();
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tokenscope: restarting the tokenizer worker…') }, () =>
      worker.restart(),
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    await notifyFailure(log, 'error', {
      message: vscode.l10n.t('Tokenscope: the tokenizer worker did not restart: {0}', why),
      log: { message: 'the tokenizer worker did not restart', detail: { why, afterMs: Math.round(performance.now() - started) } },
      actions: [{ title: vscode.l10n.t('Try Again'), run: () => restartWorkerWithFeedback(worker, log) }],
    });
    return;
  }
  log.info('tokenizer worker restarted', { readyInMs: Math.round(performance.now() - started) });
  void vscode.window.showInformationMessage(vscode.l10n.t('Tokenscope: tokenizer worker restarted.'));
}
