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
