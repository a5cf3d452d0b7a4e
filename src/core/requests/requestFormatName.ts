/**
 * How request formats are named to a user: the one place for their names
 * (the status bar's tooltip, the insight panel, the CLI's table).
 */
import { assertNever } from '../assertNever';
import { ENGLISH, type Localizer } from '../l10n';
import type { RequestFormat } from './requestTypes';

/** `an OpenAI Chat Completions request`. */
export function requestFormatName(format: RequestFormat, l10n: Localizer = ENGLISH): string {
  switch (format) {
    case 'openai-chat':
      return l10n.t('an OpenAI Chat Completions request');
    case 'openai-responses':
      return l10n.t('an OpenAI Responses request');
    case 'anthropic-messages':
      return l10n.t('an Anthropic Messages request');
    default:
      return assertNever(format);
  }
}
