import type * as vscode from 'vscode';

export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  for (const d of disposables) {
    try {
      d.dispose();
    } catch (err) {
      // One failing disposal must not stop the rest, and there is no channel left to report to at
      // shutdown: the extension host's log is the place.
      // eslint-disable-next-line no-console
      console.error('[tokenscope] dispose failed', err);
    }
  }
}

/** Base for services: `_register()` ties a disposable's lifetime to this object's. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this.disposables.splice(0).reverse());
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this._isDisposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }
}
