import * as vscode from 'vscode';

/** Facts about a failure, each logged as `name: value` (the file, the setting, the model…). */
export type LogDetail = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * How many recent lines the log keeps in memory, for the tests' handle (the output channel
 * itself keeps everything): a session's failures, not a transcript of every count.
 */
const RECENT_LINES = 500;

/**
 * The one log of the extension: the `Tokenscope` output channel (a LogOutputChannel, so each
 * line carries its time and level and the user can pick the level shown). Every failure goes
 * here with what failed, why, and which file or setting it was about; every notice about a
 * failure offers "Show Log" (notices.ts). Log lines stay English, as CONTRIBUTING says.
 */
export class Log implements vscode.Disposable {
  private readonly recent: string[] = [];

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  info(message: string, detail?: LogDetail): void {
    this.channel.info(this.remember('info', message, detail));
  }

  warn(message: string, detail?: LogDetail): void {
    this.channel.warn(this.remember('warning', message, detail));
  }

  /** An error; `err` (an Error's message and stack, or any value) goes after the detail. */
  error(message: string, detail?: LogDetail, err?: unknown): void {
    const line = this.remember('error', message, { ...detail, ...(err === undefined ? {} : { error: errorText(err) }) });
    if (err instanceof Error && err.stack) this.channel.error(line, err);
    else this.channel.error(line);
  }

  /** Opens the Tokenscope output channel, without taking the focus from the editor. */
  show(): void {
    this.channel.show(true);
  }

  /** The last lines logged in this session (`[level] message · detail`), oldest first. */
  recentLines(): readonly string[] {
    return this.recent;
  }

  dispose(): void {
    this.channel.dispose();
  }

  private remember(level: string, message: string, detail: LogDetail | undefined): string {
    const line = `${message}${detailText(detail)}`;
    this.recent.push(`${new Date().toISOString()} [${level}] ${line}`);
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
    return line;
  }
}

/** ` · file: /x/tokenizer.json · reason: not found`; nothing without details. */
function detailText(detail: LogDetail | undefined): string {
  if (!detail) return '';
  const parts = Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([name, value]) => `${name}: ${String(value)}`);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
