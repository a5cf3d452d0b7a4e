import type * as vscode from 'vscode';

/**
 * A trailing debounce with a maximum wait: `schedule()` runs the action `delayMs` after the
 * last call, but never later than `maxWaitMs` after the first call of a burst, so a long burst
 * (continuous scrolling, key auto-repeat) still gets regular updates. `now()` runs it at once.
 */
export class Debouncer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private burstStartedAt: number | undefined;

  constructor(
    private readonly action: () => void,
    private readonly delayMs: number,
    private readonly maxWaitMs: number,
  ) {}

  schedule(): void {
    const now = Date.now();
    this.burstStartedAt ??= now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.burstStartedAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.now(), wait);
  }

  now(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.burstStartedAt = undefined;
    this.action();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/**
 * One pending timer per key (a document's uri): scheduling a key again replaces its timer, so
 * the action runs once, `delayMs` after the last call for that key. The per-document debounce
 * of the dataset summaries, the JSON Lines problems and the tokenization lint.
 */
export class KeyedTimers implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(key: string, delayMs: number, action: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        action();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
