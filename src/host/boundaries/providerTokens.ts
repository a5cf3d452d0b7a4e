import * as vscode from 'vscode';
import type { ModelInfo } from '../../core/catalog/models';
import type { ExactCountKey } from '../../core/providers/exactCountScheduler';
import { ProviderTokenLayout } from '../../core/providers/providerSpans';
import type { ProviderSpec, ProviderTokens } from '../../core/providers/providerSpec';
import { Disposable } from '../platform/dispose';
import type { ProviderCounters } from '../providers/providerCounter';

/** A provider's tokens of one document as it is now, for the active model. */
export interface ProviderTokensNow {
  readonly layout: ProviderTokenLayout;
  readonly spec: ProviderSpec;
}

interface Kept {
  readonly key: ExactCountKey;
  readonly tokens: ProviderTokens;
  /** Laid out on first use; null when the tokens turned out not to be the text's. */
  layout?: ProviderTokenLayout | null;
}

/**
 * The tokens a provider returned with its exact count (xAI's tokenize-text, opt-in), for the
 * boundary decorations and hovers: the latest answer of each document, usable while it is for
 * the document's current version and the active model, and while that provider's counts are on
 * with a key (`sends`). Nothing is asked here: the count controller asks for the active
 * editor's text, and its answers are kept. Otherwise (off, no key, typing, a stale or failed
 * answer, a document too big to send) there are none, and the boundaries are the local ones.
 */
export class ProviderTokenSource extends Disposable {
  private readonly kept = new Map<string, Kept>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<string | undefined>());
  /** Fires with a document's uri when its provider tokens changed, or undefined when any may have (a provider turned on or off). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly providers: ProviderCounters) {
    super();
    for (const counter of providers.all) {
      this._register(
        counter.onDidCount((answer) => {
          const uri = answer.key.uri;
          if ('tokens' in answer && answer.tokenList) {
            this.kept.set(uri, { key: answer.key, tokens: answer.tokenList });
            this.changeEmitter.fire(uri);
          } else if (this.kept.delete(uri)) this.changeEmitter.fire(uri);
        }),
      );
      this._register(counter.onDidChangeSends(() => this.changeEmitter.fire(undefined)));
    }
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.kept.delete(d.uri.toString())));
  }

  /** The provider's tokens of `document` as it is now for `model`, if there are any. */
  for(document: vscode.TextDocument, model: ModelInfo): ProviderTokensNow | undefined {
    const counter = this.providers.for(model);
    if (!counter?.sends) return undefined;
    const kept = this.kept.get(document.uri.toString());
    if (!kept || kept.key.version !== document.version || kept.key.model !== counter.spec.apiModel(model)) return undefined;
    // The answer is for this version, so for the text the document holds now.
    if (kept.layout === undefined) kept.layout = ProviderTokenLayout.of(document.getText(), kept.tokens) ?? null;
    return kept.layout ? { layout: kept.layout, spec: counter.spec } : undefined;
  }
}
