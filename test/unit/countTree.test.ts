import * as assert from 'node:assert/strict';
import { buildCountTree } from '../../src/core/workspace/countTree';

describe('count tree (core/workspace/countTree)', () => {
  it('sums each folder from the files below it and sorts every level by tokens, most first', () => {
    const tree = buildCountTree([
      { path: 'a/x.md', tokens: 5 },
      { path: 'b.md', tokens: 7 },
      { path: 'a/y/z.md', tokens: 4 },
      { path: 'a/w.png', tokens: undefined },
    ]);
    assert.equal(tree.tokens, 16);
    assert.equal(tree.files, 4);
    assert.deepEqual(
      tree.children.map((c) => [c.name, c.tokens, c.files]),
      [
        ['a', 9, 3],
        ['b.md', 7, 1],
      ],
    );
    assert.deepEqual(
      tree.children[0].children.map((c) => [c.name, c.tokens]),
      [
        ['x.md', 5],
        ['y', 4],
        ['w.png', 0],
      ],
    );
  });

  it('keeps an absolute path’s leading slash on its first folder, and drops a leading ./', () => {
    assert.deepEqual(
      buildCountTree([{ path: '/tmp/a.md', tokens: 1 }]).children.map((c) => c.name),
      ['/tmp'],
    );
    assert.deepEqual(
      buildCountTree([{ path: './a.md', tokens: 1 }]).children.map((c) => c.name),
      ['a.md'],
    );
  });
});
