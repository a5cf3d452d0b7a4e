/**
 * Per-file counts gathered into folders, for the command line's `--format tree` and the
 * extension's Tokens view: each folder's total is the sum of what is below it, and each
 * folder's children are sorted by tokens, most first (names break ties, so the order is stable).
 */

/** A file's place and count; `tokens` undefined when it was skipped or not counted. */
export interface CountedPath {
  /** `/`-separated; a leading `/` (an absolute path) stays on the first folder's name. */
  readonly path: string;
  readonly tokens: number | undefined;
}

export interface CountTreeNode<T extends CountedPath = CountedPath> {
  readonly name: string;
  /** Tokens of the file, or the sum of the counted files below the folder. */
  tokens: number;
  /** Files below a folder (1 for a file), counted or not. */
  files: number;
  /** The file's own entry; undefined for a folder. */
  readonly item?: T;
  readonly children: Array<CountTreeNode<T>>;
}

/** The tree of `items` under one nameless root whose `tokens` is the total. */
export function buildCountTree<T extends CountedPath>(items: readonly T[]): CountTreeNode<T> {
  const root: CountTreeNode<T> = { name: '', tokens: 0, files: 0, children: [] };
  const folders = new Map<string, CountTreeNode<T>>([['', root]]);
  for (const item of items) {
    const parts = splitPath(item.path);
    let node = root;
    let key = '';
    for (const part of parts.slice(0, -1)) {
      key = `${key}/${part}`;
      let folder = folders.get(key);
      if (!folder) {
        folder = { name: part, tokens: 0, files: 0, children: [] };
        folders.set(key, folder);
        node.children.push(folder);
      }
      node = folder;
    }
    node.children.push({ name: parts[parts.length - 1], tokens: item.tokens ?? 0, files: 1, item, children: [] });
  }
  sumAndSort(root);
  return root;
}

function sumAndSort<T extends CountedPath>(node: CountTreeNode<T>): void {
  if (node.item) return;
  node.tokens = 0;
  node.files = 0;
  for (const child of node.children) {
    sumAndSort(child);
    node.tokens += child.tokens;
    node.files += child.files;
  }
  node.children.sort(byTokens);
}

/** Most tokens first; then counted before not counted; then by name. */
export function byTokens(a: { name: string; tokens: number; item?: CountedPath }, b: { name: string; tokens: number; item?: CountedPath }): number {
  const uncounted = (n: { item?: CountedPath }) => (n.item !== undefined && n.item.tokens === undefined ? 1 : 0);
  return b.tokens - a.tokens || uncounted(a) - uncounted(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** `a/b/c.md` → [a, b, c.md]; `/x/y` → [/x, y]; `./a` → [a]. */
function splitPath(path: string): string[] {
  const parts = path.split('/').filter((p, i) => p !== '' && !(p === '.' && i === 0));
  if (path.startsWith('/') && parts.length > 0) parts[0] = `/${parts[0]}`;
  return parts.length > 0 ? parts : [path];
}
