import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTING_DEFAULTS } from '../../src/core/settings';
import { Commands, EXTENSION_ID, SECTION, Settings } from '../../src/host/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json contributions agree with the code', () => {
  it('declares every command the code registers, and no other', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('declares every setting the code reads, with the same defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    const declared = Object.keys(properties).sort();
    assert.deepEqual(declared, Object.values(Settings).map((k) => `${SECTION}.${k}`).sort());
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(properties[`${SECTION}.${key}`].default, value, key);
    }
  });

  it('lets the model be set per language', () => {
    assert.equal(manifest.contributes.configuration.properties['tokenscope.model'].scope, 'language-overridable');
  });

  it('has the extension id the code expects', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  it('targets a VS Code no newer than the test host (1.139) and types no newer than engines', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = manifest.devDependencies['@types/vscode'];
    assert.ok(compareVersions(engine, '1.139.1') <= 0, engine);
    assert.ok(compareVersions(types, engine) <= 0, `${types} > ${engine}`);
  });
});

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
