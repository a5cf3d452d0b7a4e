/**
 * The project's documents that the user interface cites (tooltips, the model picker, the CLI),
 * and the links to them. A VSIX and the CLI's npm package are installed without the repository,
 * so a citation is a link to the document's page in the repository, which a user can follow
 * from a tooltip (VS Code renders the URL as a link) or a terminal; the VSIX also ships each
 * cited document (.vscodeignore), so it is at hand offline in the installed extension's folder.
 * test/unit/docsCited.test.ts finds every citation in the messages and checks both.
 */

/** Where the project lives: package.json's `repository` (the manifest test checks they agree). */
export const PROJECT_URL = 'https://github.com/tokenscope/tokenscope';

/** The repository page of a file of the project (`docs/ACCURACY.md`), at its newest version. */
export function repositoryFileUrl(path: string): string {
  return `${PROJECT_URL}/blob/HEAD/${path}`;
}

/** How the approximate counts are measured, and what error to expect of each. */
export const ACCURACY_DOC = 'docs/ACCURACY.md';
export const ACCURACY_DOC_URL = repositoryFileUrl(ACCURACY_DOC);

/** The tokenization lint's rules: what each finds, its source, its fix (a diagnostic's code links to its section). */
export const LINT_DOC = 'docs/LINT.md';
export const LINT_DOC_URL = repositoryFileUrl(LINT_DOC);

/** Every document the user interface cites, by its path in the repository. */
export const CITED_DOCS: readonly string[] = [ACCURACY_DOC, LINT_DOC];
