/**
 * Localisation for code that must not import `vscode` (core, webview, CLI).
 *
 * Every user-facing sentence is written as `l10n.t('English text with {0}', arg)`: the English
 * text is both the default and the key of the translation bundles (l10n/bundle.l10n*.json),
 * exactly as `vscode.l10n.t` works. In the extension host the Localizer passed in is backed
 * by `vscode.l10n.t` and `vscode.env.language`; in the webview by the bundle entries the host
 * hands over; in the CLI and the tests it is ENGLISH. scripts/l10n.mjs finds the messages by
 * that call shape (`l10n.t('…')` with a literal first argument), so keep it: no aliasing of `t`,
 * no computed messages.
 *
 * Arguments are strings only: a number must be formatted for the locale first (integerText and
 * friends in insightFormat.ts), or a German sentence would show `12345` or `12,345`.
 */
export interface Localizer {
  /** BCP 47 tag numbers are formatted for: `en`, `de`, `pt-br` (VS Code's display language). */
  readonly locale: string;
  /** The message in the display language, `{0}`, `{1}`… replaced by `args`. */
  t(message: string, ...args: string[]): string;
}

/** `{0}` → args[0]; a placeholder without an argument stays as it is (as vscode.l10n.t does). */
export function formatMessage(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => args[Number(index)] ?? match);
}

/**
 * A Localizer over a bundle (message → translation), falling back to the English message for a
 * key the bundle lacks: the webview's, from the entries the host sends.
 */
export function bundleLocalizer(bundle: Readonly<Record<string, string>> | undefined, locale: string): Localizer {
  return {
    locale: supportedLocale(locale),
    // hasOwn: a message must never find Object.prototype's members (`constructor`…).
    t: (message, ...args) => formatMessage(bundle && Object.hasOwn(bundle, message) ? bundle[message] : message, args),
  };
}

/**
 * English, with English number formats: the CLI, the tests, and every default. Not built with
 * bundleLocalizer: its supportedLocale check would set up Intl's locale data (~10-20 ms of a
 * CLI run's start) only to learn that `en`, which every Node build carries, is supported.
 */
export const ENGLISH: Localizer = { locale: 'en', t: (message, ...args) => formatMessage(message, args) };

/**
 * `locale` if Intl can format numbers for it, else `en`. VS Code's language ids are BCP 47 tags
 * (`de`, `zh-cn`), but a pseudo-locale or a typo in argv.json must not make every number format
 * throw a RangeError.
 */
export function supportedLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  } catch {
    return 'en';
  }
}

/**
 * A message written where no Localizer is at hand (a static table of the catalog, say) and
 * translated where it is shown, with {@link translate}. `deferred('…')` marks the literal for
 * scripts/l10n.mjs just as `l10n.t('…')` does; the brand keeps any other string out of
 * `translate`, so nothing unextracted can reach the bundle lookup.
 */
export type DeferredMessage = string & { readonly __deferredMessage: true };

export function deferred(message: string): DeferredMessage {
  return message as DeferredMessage;
}

export function translate(l10n: Localizer, message: DeferredMessage, ...args: string[]): string {
  // The one l10n.t call without a literal: `message` was marked with deferred() where it was written.
  return l10n.t(message, ...args);
}
