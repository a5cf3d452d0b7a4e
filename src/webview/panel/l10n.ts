/**
 * The panel's Localizer, from the language data the host wrote into the page (panelHtml.ts):
 * the panel's messages in VS Code's display language, numbers in its format. A page without the
 * data (or with data this version cannot read) shows English rather than nothing.
 */
import { bundleLocalizer, type Localizer } from '../../core/l10n';
import type { PanelL10n } from '../messages';

function isPanelL10n(value: unknown): value is PanelL10n {
  if (typeof value !== 'object' || value === null) return false;
  const { locale, strings } = value as Record<string, unknown>;
  return typeof locale === 'string' && typeof strings === 'object' && strings !== null && Object.values(strings).every((s) => typeof s === 'string');
}

export function panelLocalizer(): Localizer {
  try {
    const data: unknown = JSON.parse(document.body.dataset.l10n ?? 'null');
    if (isPanelL10n(data)) return bundleLocalizer(data.strings, data.locale);
  } catch {
    // Not JSON: English below.
  }
  return bundleLocalizer(undefined, 'en');
}
