/**
 * A folder's files and their token counts as a live tree: the Tokens view's model. Each folder
 * keeps the sum of the counted files below it, and a file's new count changes only its own
 * folders' sums (depth, not tree size: saving one file in a 100k-file workspace updates a few
 * numbers). Children are sorted when asked for, most tokens first, so only what the view shows
 * is sorted. The command line's `--format tree` draws the same tree once, from its report.
 */

export interface TreeFileNode<T> {
  readonly kind: 'file';
  readonly name: string;
  /** `/`-separated path from the tree's root. */
  readonly path: string;
  readonly parent: TreeFolderNode<T>;
  /** Undefined while the file is not (yet) counted, or is not text to count. */
  tokens: number | undefined;
  data: T;
}

export interface TreeFolderNode<T> {
  readonly kind: 'folder';
  readonly name: string;
  /** '' for the root. */
  readonly path: string;
  readonly parent: TreeFolderNode<T> | undefined;
  /** Tokens of the counted files below. */
  tokens: number;
  /** Files below, counted or not. */
  files: number;
  /** Files below without a count (pending, skipped or failed). */
  uncounted: number;
  readonly children: Map<string, TreeNode<T>>;
}

export type TreeNode<T> = TreeFileNode<T> | TreeFolderNode<T>;

export class TokenTree<T> {
  readonly root: TreeFolderNode<T> = folder('', '', undefined);
  private readonly byPath = new Map<string, TreeNode<T>>([['', this.root]]);

  get total(): number {
    return this.root.tokens;
  }

  /** The node at `path` ('' is the root), if any. */
  get(path: string): TreeNode<T> | undefined {
    return this.byPath.get(treePath(path));
  }

  /** Adds the file at `path`, or changes its count and data; its folders are made as needed. */
  set(rawPath: string, tokens: number | undefined, data: T): TreeFileNode<T> {
    const names = treePathNames(rawPath);
    const path = names.join('/');
    const existing = this.byPath.get(path);
    if (existing?.kind === 'file') {
      addUp(existing.parent, (tokens ?? 0) - (existing.tokens ?? 0), 0, uncountedOf(tokens) - uncountedOf(existing.tokens));
      existing.tokens = tokens;
      existing.data = data;
      return existing;
    }
    if (existing) this.detach(existing); // a folder became a file
    let parent = this.root;
    for (let i = 0; i < names.length - 1; i++) {
      const folderPath = names.slice(0, i + 1).join('/');
      let next = this.byPath.get(folderPath);
      if (next?.kind === 'file') {
        this.detach(next); // a file became a folder
        next = undefined;
      }
      if (!next) {
        next = folder(names[i], folderPath, parent);
        parent.children.set(names[i], next);
        this.byPath.set(folderPath, next);
      }
      parent = next;
    }
    const node: TreeFileNode<T> = { kind: 'file', name: names[names.length - 1], path, parent, tokens, data };
    parent.children.set(node.name, node);
    this.byPath.set(path, node);
    addUp(parent, tokens ?? 0, 1, uncountedOf(tokens));
    return node;
  }

  /** Removes the file or folder at `path`, and the folders it leaves empty. */
  delete(path: string): void {
    const node = this.byPath.get(treePath(path));
    if (!node?.parent) return; // absent, or the root
    const { parent } = node;
    this.detach(node);
    let empty: TreeFolderNode<T> | undefined = parent;
    while (empty && empty !== this.root && empty.children.size === 0) {
      const up: TreeFolderNode<T> | undefined = empty.parent;
      up?.children.delete(empty.name);
      this.byPath.delete(empty.path);
      empty = up;
    }
  }

  /** Takes `node` and everything below it out of the tree, its folders' sums with it (empty folders stay). */
  private detach(node: TreeNode<T>): void {
    const { parent } = node;
    if (!parent) return;
    for (const gone of nodesUnder(node)) this.byPath.delete(gone.path);
    parent.children.delete(node.name);
    if (node.kind === 'file') addUp(parent, -(node.tokens ?? 0), -1, -uncountedOf(node.tokens));
    else addUp(parent, -node.tokens, -node.files, -node.uncounted);
  }

  /** Every file below `from` (the root by default), in no particular order. */
  *files(from: TreeNode<T> = this.root): Generator<TreeFileNode<T>> {
    for (const node of nodesUnder(from)) if (node.kind === 'file') yield node;
  }

  /** Recomputes every file's tokens (a new model over the same counts) and the folders' sums. */
  recount(tokensOf: (file: TreeFileNode<T>) => number | undefined): void {
    const visit = (node: TreeFolderNode<T>) => {
      node.tokens = 0;
      node.files = 0;
      node.uncounted = 0;
      for (const child of node.children.values()) {
        if (child.kind === 'file') {
          child.tokens = tokensOf(child);
          node.tokens += child.tokens ?? 0;
          node.files += 1;
          node.uncounted += uncountedOf(child.tokens);
        } else {
          visit(child);
          node.tokens += child.tokens;
          node.files += child.files;
          node.uncounted += child.uncounted;
        }
      }
    };
    visit(this.root);
  }
}

/** A folder's children, most tokens first; uncounted files after counted ones of the same count; then by name. */
export function sortedChildren<T>(node: TreeFolderNode<T>): Array<TreeNode<T>> {
  return [...node.children.values()].sort(byTokens);
}

export function byTokens<T>(a: TreeNode<T>, b: TreeNode<T>): number {
  const tokens = (n: TreeNode<T>) => n.tokens ?? -1;
  return tokens(b) - tokens(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The `n` files below `from` with the most tokens, most first. */
export function biggestFiles<T>(tree: TokenTree<T>, from: TreeNode<T>, n: number): Array<TreeFileNode<T>> {
  return [...tree.files(from)]
    .filter((f) => f.tokens !== undefined)
    .sort(byTokens)
    .slice(0, n) as Array<TreeFileNode<T>>;
}

/**
 * A path's names: `a/b/c.md` → [a, b, c.md]; `/x/y` → [/x, y] (an absolute path, which the
 * command line may be given, keeps its slash on its first folder); `./a` → [a]; empty names
 * (doubled or trailing slashes) dropped; a path of no names (`/`) is its own one name.
 */
export function treePathNames(path: string): string[] {
  const names = path.split('/').filter((name, i) => name !== '' && !(name === '.' && i === 0));
  if (path.startsWith('/') && names.length > 0) names[0] = `/${names[0]}`;
  return names.length > 0 ? names : [path];
}

function treePath(path: string): string {
  return treePathNames(path).join('/');
}

function folder<T>(name: string, path: string, parent: TreeFolderNode<T> | undefined): TreeFolderNode<T> {
  return { kind: 'folder', name, path, parent, tokens: 0, files: 0, uncounted: 0, children: new Map() };
}

function uncountedOf(tokens: number | undefined): number {
  return tokens === undefined ? 1 : 0;
}

function addUp<T>(from: TreeFolderNode<T> | undefined, tokens: number, files: number, uncounted: number): void {
  for (let node = from; node; node = node.parent) {
    node.tokens += tokens;
    node.files += files;
    node.uncounted += uncounted;
  }
}

function* nodesUnder<T>(node: TreeNode<T>): Generator<TreeNode<T>> {
  yield node;
  if (node.kind === 'folder') for (const child of node.children.values()) yield* nodesUnder(child);
}
