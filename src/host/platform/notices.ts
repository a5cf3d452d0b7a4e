import * as vscode from 'vscode';
import type { Log, LogDetail } from './log';

/** A button of a notice and what it does. */
export interface NoticeAction {
  readonly title: string;
  run(): unknown;
}

/** What a failure notice says and offers. */
export interface FailureNotice {
  /** The sentence the user reads (localised). */
  readonly message: string;
  /** The log line (English) and its facts; the message itself when absent. */
  readonly log?: { readonly message: string; readonly detail?: LogDetail };
  /** The next steps, most useful first; "Show Log" is added after them. */
  readonly actions?: readonly NoticeAction[];
}

/**
 * Tells the user about a failure the way every Tokenscope failure is told: logged first (the
 * time, what, why, which file or setting), then a warning or error notification whose buttons
 * are the next steps and, always last, "Show Log". Resolves once the user chose (or dismissed).
 */
export async function notifyFailure(log: Log, severity: 'warning' | 'error', notice: FailureNotice): Promise<void> {
  const logged = notice.log ?? { message: notice.message };
  if (severity === 'error') log.error(logged.message, logged.detail);
  else log.warn(logged.message, logged.detail);
  const showLog: NoticeAction = { title: vscode.l10n.t('Show Log'), run: () => log.show() };
  const actions = [...(notice.actions ?? []), showLog];
  const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(notice.message, ...actions.map((a) => a.title));
  await actions.find((a) => a.title === choice)?.run();
}

/** The action that opens the Settings editor at one setting (`tokenscope.tokenizerFiles`). */
export function openSettingAction(setting: string): NoticeAction {
  return { title: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', setting) };
}
