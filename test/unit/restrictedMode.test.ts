import * as assert from 'node:assert/strict';
import { valueWithoutWorkspace } from '../../src/core/catalog/restrictedMode';

describe('Restricted Mode: a setting without the workspace scopes', () => {
  it('ignores workspace and workspace-folder values, plain or per language', () => {
    const inspected = {
      defaultValue: false,
      globalValue: undefined,
      workspaceValue: true,
      workspaceFolderValue: true,
      workspaceLanguageValue: true,
      workspaceFolderLanguageValue: true,
    };
    assert.equal(valueWithoutWorkspace(inspected), false);
  });

  it('keeps the user value over the default, and a language-specific value over a plain one', () => {
    const customModels = { defaultValue: [] as object[], globalValue: [{ id: 'mine' }], workspaceValue: [{ id: 'theirs' }] };
    assert.deepEqual(valueWithoutWorkspace(customModels), [{ id: 'mine' }]);
    assert.equal(valueWithoutWorkspace({ defaultValue: 'a', globalValue: 'b', defaultLanguageValue: 'c' }), 'c');
    assert.equal(valueWithoutWorkspace({ defaultValue: 'a', globalValue: 'b', defaultLanguageValue: 'c', globalLanguageValue: 'd' }), 'd');
  });

  it('keeps false and empty values a user set (only undefined falls through)', () => {
    assert.equal(valueWithoutWorkspace({ defaultValue: true, globalValue: false }), false);
    assert.deepEqual(valueWithoutWorkspace({ defaultValue: { a: '/x' }, globalValue: {} }), {});
  });

  it('is undefined when only the workspace set it, or nothing was inspected', () => {
    // As inspect() answers for a setting without a default that only the workspace sets.
    const onlyWorkspace = { key: 'tokenscope.x', defaultValue: undefined, workspaceValue: '/etc/passwd' };
    assert.equal(valueWithoutWorkspace(onlyWorkspace), undefined);
    assert.equal(valueWithoutWorkspace(undefined), undefined);
  });
});
