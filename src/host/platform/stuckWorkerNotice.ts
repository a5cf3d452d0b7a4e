import * as vscode from 'vscode';
import type { Log } from './log';
import { notifyFailure, openSettingAction } from './notices';
import type { AbandonedRequest, WorkerClient } from './workerClient';

/** What each request does for the user, for the message. */
function purposeOf(method: AbandonedRequest['method']): string {
  switch (method) {
    case 'count':
      return vscode.l10n.t('counting');
    case 'tokensInRange':
      return vscode.l10n.t('token boundaries');
    case 'tokenDetails':
      return vscode.l10n.t('a token hover');
    case 'insight':
      return vscode.l10n.t('the insight panel');
    case 'countFiles':
      return vscode.l10n.t('the Tokens view');
    case 'dataset':
      return vscode.l10n.t('a dataset summary');
    case 'lint':
      return vscode.l10n.t('the tokenization lint');
  }
}

/**
 * Tells the user when the watchdog gave up on a request: which file, what for, and that the
 * other files go on. Once per file and request kind until the window reloads: a file that
 * keeps getting stuck would otherwise raise the same message on every edit.
 */
export function showStuckWorkerNotices(worker: WorkerClient, log: Log): vscode.Disposable {
  const told = new Set<string>();
  return worker.onDidAbandon((abandoned) => {
    const key = `${abandoned.method} ${abandoned.uri}`;
    if (told.has(key)) return;
    told.add(key);
    const file = abandoned.uri ? fileLabel(abandoned.uri) : vscode.l10n.t('a file');
    // The worker client logged the restart with the request's details; this says it in the user's words.
    void notifyFailure(log, 'warning', {
      message: vscode.l10n.t(
        'Tokenscope gave up on {0} for {1} with {2}: the tokenizer worked on it for over {3} s without a pause, so it was restarted. Other files keep counting.',
        purposeOf(abandoned.method),
        file,
        abandoned.tokenizer ?? '?',
        Math.round(abandoned.silentMs / 1000),
      ),
      log: {
        message: 'gave up on a request that kept the tokenizer worker busy',
        detail: { request: abandoned.method, document: abandoned.uri, tokenizer: abandoned.tokenizer, silentMs: abandoned.silentMs },
      },
      // The bound is a setting: a slow machine or a huge tokenizer may need more time.
      actions: [openSettingAction('tokenscope.worker.timeoutSeconds')],
    });
  });
}

function fileLabel(uri: string): string {
  try {
    return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
  } catch {
    return uri;
  }
}
