import * as vscode from 'vscode';
import type { ModelInfo, TokenizerFileSource } from '../../core/catalog/models';
import type { TokenizerFallback } from '../../core/tokenizers/tokenizerFallback';
import type { Log } from '../platform/log';
import { notifyFailure, openSettingAction } from '../platform/notices';

/** Where a user fixes a tokenizer file: the setting that names it, or (a file found in the Hugging Face cache) the one that can replace it. */
export function settingOfFile(source: TokenizerFileSource): string {
  return source.setting ?? 'tokenscope.tokenizerFiles';
}

/**
 * Tells the user, once per file and reason, that a model's tokenizer file could not be used
 * and that its count is the `≈` approximation meanwhile: a warning naming the file and the
 * reason, with "Open Settings" (at the setting that names the file) and "Show Log", and a log
 * line. A file that works again is logged too, and a later failure of it is told again.
 */
export class TokenizerFallbackNotice {
  /** `file\0reason` already told, by file. */
  private readonly told = new Map<string, string>();

  constructor(private readonly log: Log) {}

  /** The count of `model` fell back from its file (`fellBack`) to `source.fallback`. */
  fellBack(model: ModelInfo, source: TokenizerFileSource, fellBack: TokenizerFallback): void {
    const file = fellBack.file ?? source.path;
    if (this.told.get(file) === fellBack.reason) return;
    this.told.set(file, fellBack.reason);
    const setting = settingOfFile(source);
    void notifyFailure(this.log, 'warning', {
      message: vscode.l10n.t(
        'Tokenscope: the tokenizer file of {0} cannot be used ({1}: {2}). Counting with the ≈ approximation until it is fixed.',
        model.id,
        file,
        fellBack.reason,
      ),
      log: {
        message: "tokenizer file could not be used; counting with the model's approximation",
        detail: { model: model.id, file, reason: fellBack.reason, setting: source.setting ?? 'none (found in the Hugging Face cache)', countingWith: source.fallback.tokenizer },
      },
      actions: [openSettingAction(setting)],
    });
  }

  /** The count of `model` used its file: if it had failed before, say in the log that it works again. */
  loaded(model: ModelInfo, source: TokenizerFileSource): void {
    if (!this.told.delete(source.path)) return;
    this.log.info('tokenizer file works again; counts are exact', { model: model.id, file: source.path });
  }
}
