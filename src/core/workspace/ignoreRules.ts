import ignore, { type Ignore } from 'ignore';

/**
 * Which paths a folder walk leaves out, with git's rules and precedence (gitignore(5)), matched
 * by the `ignore` package (the matcher ESLint and many tools use) rather than by a matcher of
 * our own:
 *  - `.git/info/exclude` of the repository, lowest;
 *  - each `.gitignore` from the repository's top down to the folder of the path, a deeper file
 *    overriding a higher one (so `!keep.log` in `logs/.gitignore` re-includes what the top
 *    `*.log` excluded), each pattern relative to the folder its file is in;
 *  - the exclude list (`tokenscope.workspace.exclude`, `--exclude`), highest: written like
 *    `.gitignore` lines relative to the walked folder, and never re-included by a `!` elsewhere.
 * A folder that is left out is not entered, so (as in git) nothing below it can be re-included.
 */
export class IgnoreRules {
  private constructor(
    /** From lowest to highest precedence; `base` is the folder of the rules, relative to the rule root, '' at the top. */
    private readonly levels: ReadonlyArray<{ readonly base: string; readonly rules: Ignore }>,
    private readonly exclude: Ignore | undefined,
    private readonly ignoreCase: boolean,
  ) {}

  /** No rules yet: `exclude` (gitignore-style lines) applies to paths relative to the walked folder. */
  static create(exclude: readonly string[] = [], ignoreCase = false): IgnoreRules {
    const lines = exclude.map((line) => line.trim()).filter((line) => line !== '');
    return new IgnoreRules([], lines.length > 0 ? ignore({ ignorecase: ignoreCase }).add(lines) : undefined, ignoreCase);
  }

  /** These rules with the lines of one more ignore file in `base` (relative to the rule root); same rules when it has none. */
  withFile(base: string, text: string): IgnoreRules {
    const rules = ignore({ ignorecase: this.ignoreCase }).add(text);
    return new IgnoreRules([...this.levels, { base, rules }], this.exclude, this.ignoreCase);
  }

  /**
   * Whether to leave out `path`: relative to the rule root for the ignore files (`ruleRelative`)
   * and to the walked folder for the exclude list (`walkRelative`), `/`-separated, without a
   * trailing slash; `isFolder` lets `build/`-style patterns match folders only.
   */
  ignores(ruleRelative: string, walkRelative: string, isFolder: boolean): boolean {
    const slash = isFolder ? '/' : '';
    if (walkRelative !== '' && this.exclude?.ignores(`${walkRelative}${slash}`)) return true;
    let ignored = false;
    for (const { base, rules } of this.levels) {
      if (base !== '' && !ruleRelative.startsWith(`${base}/`)) continue;
      const result = rules.test(`${base === '' ? ruleRelative : ruleRelative.slice(base.length + 1)}${slash}`);
      // The last file with a matching pattern decides, a `!` pattern included.
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * A matcher for a glob given on the command line (`'prompts/**\/*.md'`), relative to its base
 * folder: the same `ignore` patterns, anchored there (`*.md` is the base folder's own files, as a
 * shell reads it; `**` crosses folders).
 */
export function globMatcher(pattern: string, ignoreCase = false): (relative: string) => boolean {
  const rules = ignore({ ignorecase: ignoreCase }).add(pattern.startsWith('/') ? pattern : `/${pattern}`);
  return (relative) => rules.ignores(relative);
}
