import * as vscode from 'vscode';
import { userOnlyValue } from '../../core/catalog/settingsSchema';
import type { ProviderId, ProviderSpec } from '../../core/providers/providerSpec';
import { Commands, SECTION, Settings } from '../platform/ids';

/** Each provider's two settings (user settings only) and its two key commands. */
export const PROVIDER_HOST = {
  anthropic: { exactCounts: 'anthropicExactCounts', baseUrl: 'anthropicBaseUrl', setKey: Commands.setAnthropicApiKey, clearKey: Commands.clearAnthropicApiKey },
  openai: { exactCounts: 'openaiExactCounts', baseUrl: 'openaiBaseUrl', setKey: Commands.setOpenAIApiKey, clearKey: Commands.clearOpenAIApiKey },
  gemini: { exactCounts: 'geminiExactCounts', baseUrl: 'geminiBaseUrl', setKey: Commands.setGeminiApiKey, clearKey: Commands.clearGeminiApiKey },
  xai: { exactCounts: 'xaiExactCounts', baseUrl: 'xaiBaseUrl', setKey: Commands.setXaiApiKey, clearKey: Commands.clearXaiApiKey },
} as const satisfies Record<ProviderId, { exactCounts: keyof typeof Settings; baseUrl: keyof typeof Settings; setKey: string; clearKey: string }>;

export interface ProviderSettings {
  readonly enabled: boolean;
  /** The setting as written; check it with parseProviderBaseUrl. */
  readonly baseUrl: string;
}

/**
 * A provider's two settings from the user's own settings only. A workspace's
 * `.vscode/settings.json` comes with whatever repository was cloned: were it read, a repository
 * could turn uploads on or point the key at its own server. (package.json declares them
 * `application`-scoped, so the Settings editor agrees; reading only the global value holds even
 * if that changes.)
 */
export function readProviderSettings(spec: ProviderSpec): ProviderSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const names = PROVIDER_HOST[spec.id];
  return {
    enabled: userOnlyValue(names.exactCounts, config.inspect(Settings[names.exactCounts])?.globalValue),
    baseUrl: userOnlyValue(names.baseUrl, config.inspect(Settings[names.baseUrl])?.globalValue),
  };
}

/** `tokenscope.gemini.exactCounts`: the switch's full id, as messages name it. */
export function exactCountsSetting(spec: ProviderSpec): string {
  return `${SECTION}.${Settings[PROVIDER_HOST[spec.id].exactCounts]}`;
}

/** `Tokenscope: Set Gemini API Key`: the command as the palette names it, for messages that say what to run. */
export function setKeyCommandTitle(spec: ProviderSpec): string {
  return vscode.l10n.t('Tokenscope: Set {0} API Key', spec.keyName);
}
