import * as assert from 'node:assert/strict';
import { biggestFiles, sortedChildren, TokenTree, type TreeFolderNode } from '../../src/core/workspace/tokenTree';

const folderAt = <T>(tree: TokenTree<T>, path: string) => tree.get(path) as TreeFolderNode<T>;
const names = <T>(tree: TokenTree<T>, path: string) => sortedChildren(folderAt(tree, path)).map((n) => `${n.name}:${n.tokens ?? '-'}`);

describe('token tree (the Tokens view’s model)', () => {
  it('sums each folder’s counted files and counts its files, counted or not', () => {
    const tree = new TokenTree<string>();
    tree.set('a.md', 100, 'a');
    tree.set('src/x.ts', 30, 'x');
    tree.set('src/deep/y.ts', 20, 'y');
    tree.set('src/deep/bin.dat', undefined, 'binary');
    assert.equal(tree.total, 150);
    assert.deepEqual([folderAt(tree, 'src').tokens, folderAt(tree, 'src').files, folderAt(tree, 'src').uncounted], [50, 3, 1]);
    assert.deepEqual([folderAt(tree, 'src/deep').tokens, folderAt(tree, 'src/deep').files], [20, 2]);
    assert.deepEqual([tree.root.files, tree.root.uncounted], [4, 1]);
  });

  it('lists children most tokens first, files without a count last, names breaking ties', () => {
    const tree = new TokenTree<null>();
    tree.set('b.md', 5, null);
    tree.set('a.md', 5, null);
    tree.set('big/one.md', 50, null);
    tree.set('none.bin', undefined, null);
    tree.set('zero.md', 0, null);
    assert.deepEqual(names(tree, ''), ['big:50', 'a.md:5', 'b.md:5', 'zero.md:0', 'none.bin:-']);
  });

  it('updates only a file’s own folders when its count changes', () => {
    const tree = new TokenTree<null>();
    tree.set('src/a.ts', 10, null);
    tree.set('docs/b.md', 7, null);
    tree.set('src/a.ts', 25, null);
    assert.deepEqual([tree.total, folderAt(tree, 'src').tokens, folderAt(tree, 'docs').tokens, tree.root.files], [32, 25, 7, 2]);
    tree.set('src/a.ts', undefined, null);
    assert.deepEqual([tree.total, folderAt(tree, 'src').uncounted, tree.root.files], [7, 1, 2]);
  });

  it('removes a file or a whole folder, and the folders left empty', () => {
    const tree = new TokenTree<null>();
    tree.set('a/b/c/d.md', 4, null);
    tree.set('a/e.md', 6, null);
    tree.set('f/g.md', 1, null);
    tree.delete('a/b/c/d.md');
    assert.equal(tree.get('a/b'), undefined, 'empty folders go too');
    assert.deepEqual([tree.total, folderAt(tree, 'a').files], [7, 1]);
    tree.delete('a');
    assert.deepEqual([tree.total, tree.root.files, tree.get('a/e.md')], [1, 1, undefined]);
    tree.delete('missing/path.md');
    tree.delete('');
    assert.equal(tree.total, 1, 'deleting nothing, or the root, changes nothing');
  });

  it('turns a file into a folder of the same name and back, keeping the sums right', () => {
    const tree = new TokenTree<null>();
    tree.set('x', 10, null);
    tree.set('x/inner.md', 3, null);
    assert.deepEqual([tree.total, tree.root.files, tree.get('x')?.kind], [3, 1, 'folder']);
    tree.set('x', 8, null);
    assert.deepEqual([tree.total, tree.root.files, tree.get('x')?.kind, tree.get('x/inner.md')], [8, 1, 'file', undefined]);
  });

  it('recomputes every file for a new model and the sums with them', () => {
    const tree = new TokenTree<number>();
    tree.set('a/x.md', 10, 10);
    tree.set('a/y.md', 20, 20);
    tree.set('b.md', 5, 5);
    tree.recount((file) => (file.data === 20 ? undefined : file.data * 2));
    assert.deepEqual([tree.total, folderAt(tree, 'a').tokens, folderAt(tree, 'a').uncounted, tree.root.files], [30, 20, 1, 3]);
  });

  it('finds the biggest counted files below a folder', () => {
    const tree = new TokenTree<null>();
    tree.set('a/1.md', 1, null);
    tree.set('a/2.md', 200, null);
    tree.set('a/sub/3.md', 30, null);
    tree.set('a/skip.bin', undefined, null);
    tree.set('b/4.md', 4000, null);
    assert.deepEqual(
      biggestFiles(tree, tree.get('a')!, 2).map((f) => f.path),
      ['a/2.md', 'a/sub/3.md'],
    );
  });

  it('takes the command line’s paths: an absolute path keeps its slash on its first folder, a leading ./ and doubled slashes go', () => {
    const tree = new TokenTree<string>();
    tree.set('/tmp/a.md', 1, 'abs');
    tree.set('./b.md', 2, 'dot');
    tree.set('c//d.md', 3, 'double');
    assert.deepEqual(names(tree, ''), ['c:3', 'b.md:2', '/tmp:1']);
    assert.equal(tree.get('/tmp/a.md')?.path, '/tmp/a.md');
    assert.equal(tree.get('./b.md')?.path, 'b.md', 'found by the path it was given');
    assert.deepEqual(names(tree, 'c'), ['d.md:3']);
    tree.delete('./b.md');
    assert.equal(tree.total, 4);
  });
});
