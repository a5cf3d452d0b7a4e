import type { UserScopeValues } from './restrictedMode';
import type { ManifestSchema } from './settingsSchema';

/**
 * Where a setting is saved, decided in one place for every writer (the model picker, the
 * boundary commands, the insight panel, the Anthropic commands). Pure, so the rules are
 * unit-tested; the host applies them (src/host/platform/settingsWriter.ts).
 */

/** VS Code's configuration targets, without `vscode`. */
export type SaveTarget = 'global' | 'workspace' | 'workspaceFolder';

/**
 * What a writer asks for: `inEffect` changes the value the user sees, where it comes from;
 * `user` writes the user's own settings (choices that follow the user, such as the insight
 * panel's models); `language` writes a user value for the document's language only.
 */
export type SaveWhere = 'inEffect' | 'user' | 'language';

/** The scopes of `WorkspaceConfiguration.inspect()` that decide where a value comes from. */
export interface InspectedScopes<T> extends UserScopeValues<T> {
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
  readonly workspaceLanguageValue?: T;
  readonly workspaceFolderLanguageValue?: T;
}

/** What the setting is, as the settings table says. */
export interface SaveSpec {
  readonly manifest: ManifestSchema;
  readonly restricted: boolean;
  readonly userOnly?: boolean;
}

export interface SaveContext {
  /** Whether the workspace is trusted: in Restricted Mode a workspace's value of a restricted setting is not in effect. */
  readonly trusted: boolean;
  /** Whether a folder or workspace is open: without one there are only the user's settings. */
  readonly hasWorkspace: boolean;
}

export interface SavePlace {
  readonly target: SaveTarget;
  /** Written as a language override (`"[markdown]": { … }`) of the document's language. */
  readonly inLanguage: boolean;
}

/**
 * Where to save `spec`'s value. Settings only the user may set (application- and
 * machine-scoped ones, the user-only ones) always go to the user's settings. For `inEffect`
 * the most specific scope that holds a value wins, in VS Code's precedence: a language value
 * (folder, workspace, user) over a plain one (folder, workspace), else the user's settings;
 * workspace scopes count only where their value is in effect (not for a restricted setting in
 * Restricted Mode, whose workspace value VS Code ignores), so the change is one the user sees.
 */
export function saveTarget<T>(spec: SaveSpec, inspected: InspectedScopes<T> | undefined, where: SaveWhere, context: SaveContext): SavePlace {
  const userOnly = spec.userOnly === true || spec.manifest.scope === 'application' || spec.manifest.scope === 'machine';
  const languageOverridable = spec.manifest.scope === 'language-overridable';
  if (userOnly || where === 'user') return { target: 'global', inLanguage: false };
  if (where === 'language') return { target: 'global', inLanguage: languageOverridable };
  const workspaceInEffect = context.hasWorkspace && (context.trusted || !spec.restricted);
  const scopes: Array<[value: T | undefined, place: SavePlace, applies: boolean]> = [
    [inspected?.workspaceFolderLanguageValue, { target: 'workspaceFolder', inLanguage: true }, languageOverridable && workspaceInEffect],
    [inspected?.workspaceLanguageValue, { target: 'workspace', inLanguage: true }, languageOverridable && workspaceInEffect],
    [inspected?.globalLanguageValue, { target: 'global', inLanguage: true }, languageOverridable],
    [inspected?.workspaceFolderValue, { target: 'workspaceFolder', inLanguage: false }, workspaceInEffect],
    [inspected?.workspaceValue, { target: 'workspace', inLanguage: false }, workspaceInEffect],
  ];
  for (const [value, place, applies] of scopes) if (applies && value !== undefined) return place;
  return { target: 'global', inLanguage: false };
}
