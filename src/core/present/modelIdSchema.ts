import type { ModelInfo } from '../catalog/models';
import type { Localizer } from '../l10n';
import { formatWindow } from './countFormat';

/**
 * What package.json declares for a setting whose value is a model id (`tokenscope.model`, the
 * entries of `tokenscope.insight.models`): the catalog's ids offered, each with what it is, and
 * any other string accepted, since a `tokenscope.customModels` entry brings an id of its own.
 *
 * A plain `enum` would refuse a custom id (settings.json underlines it, and the Settings editor's
 * drop-down shows the default instead of the value set), so the ids are one branch of an
 * `anyOf` next to a free string: settings.json suggests them with their descriptions, the
 * Settings editor shows a text box whose description links to **Select Model**, and
 * `parseSettings` reports an id neither the catalog nor a custom model knows.
 *
 * The manifest carries these as data (`npm run manifest` writes them from the catalog);
 * test/unit/manifest.test.ts checks that it still equals what this module makes of the catalog.
 */
export interface ModelIdSchema {
  readonly type: 'string';
  readonly anyOf: readonly [{ readonly enum: readonly string[]; readonly markdownEnumDescriptions: readonly string[] }, { readonly type: 'string' }];
}

/** The package.nls.json key of a catalog model's description: `config.modelIds.gpt-4o`. */
export function modelIdNlsKey(id: string): string {
  return `config.modelIds.${id}`;
}

/** The schema of a model id over `models` (the catalog's, in its order), descriptions as `%key%`. */
export function modelIdSchema(models: readonly ModelInfo[]): ModelIdSchema {
  const ids = models.map((m) => m.id);
  return { type: 'string', anyOf: [{ enum: ids, markdownEnumDescriptions: ids.map((id) => `%${modelIdNlsKey(id)}%`) }, { type: 'string' }] };
}

/**
 * `**Claude Sonnet 4.5** · Anthropic · 200k`: the model's name, maker and context window, the
 * facts that do not depend on the machine. Whether it counts exactly (a Llama model does once its
 * tokenizer.json is in the Hugging Face cache) and its prices (which change with the price data)
 * are left to the model picker, which knows them at the time.
 */
export function modelIdDescription(model: ModelInfo, l10n: Localizer): string {
  return l10n.t('**{0}** · {1} · {2} context window', model.displayName, model.provider, formatWindow(model.contextWindow, l10n.locale));
}

/** Every catalog model's description by its package.nls key, for package.nls.json (or a translation of it). */
export function modelIdDescriptions(models: readonly ModelInfo[], l10n: Localizer): Record<string, string> {
  return Object.fromEntries(models.map((m) => [modelIdNlsKey(m.id), modelIdDescription(m, l10n)]));
}
