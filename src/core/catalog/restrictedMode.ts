/**
 * What a setting is worth when the workspace's own settings must not count (Restricted Mode).
 * Pure, so it is unit-tested; the host applies it (src/host/platform/configuration.ts).
 */

/** The scopes of `WorkspaceConfiguration.inspect()` that come from the user or the extension, not from the workspace. */
export interface UserScopeValues<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly defaultLanguageValue?: T;
  readonly globalLanguageValue?: T;
}

/**
 * The value in effect if the workspace and workspace-folder scopes did not exist, with VS Code's
 * precedence among the rest: a language-specific value beats a plain one, a user value beats
 * the default. Undefined when nothing but the workspace set it and there is no default.
 */
export function valueWithoutWorkspace<T>(inspected: UserScopeValues<T> | undefined): T | undefined {
  if (!inspected) return undefined;
  return inspected.globalLanguageValue ?? inspected.defaultLanguageValue ?? inspected.globalValue ?? inspected.defaultValue;
}
