import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BOUNDARY_COLOR_MODES, SETTING_DEFAULTS } from '../../src/core/settings';
import { Colors, Commands, EditorTitleButtons, EXTENSION_ID, SECTION, Settings } from '../../src/host/ids';

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

  it('offers exactly the colour modes the code knows', () => {
    assert.deepEqual(manifest.contributes.configuration.properties['tokenscope.boundaries.colorBy'].enum, [...BOUNDARY_COLOR_MODES]);
  });

  it('declares every theme colour the code uses, each with dark, light and both high-contrast defaults', () => {
    const colors: Array<{ id: string; defaults: Record<string, string> }> = manifest.contributes.colors;
    const expected = [...Colors.tokenBackgrounds, Colors.whitespaceForeground, Colors.lineCountForeground];
    assert.deepEqual(colors.map((c) => c.id).sort(), [...expected].sort());
    for (const color of colors) {
      assert.deepEqual(Object.keys(color.defaults).sort(), ['dark', 'highContrast', 'highContrastLight', 'light'], color.id);
    }
    assert.ok(Colors.tokenBackgrounds.length >= 4, 'a palette of at least 4 colours');
    // Translucent backgrounds keep syntax colours readable: every palette default has an alpha.
    for (const color of colors.filter((c) => (Colors.tokenBackgrounds as readonly string[]).includes(c.id))) {
      for (const [theme, value] of Object.entries(color.defaults)) assert.match(value, /^#[0-9a-f]{8}$/i, `${color.id} ${theme}`);
    }
  });

  it('puts the show/hide boundaries buttons in the editor title under the code\'s conditions, and keeps them out of the palette', () => {
    const menus = manifest.contributes.menus;
    assert.deepEqual(
      menus['editor/title'].map((m: { command: string; when: string }) => ({ command: m.command, when: m.when })),
      EditorTitleButtons.map((b) => ({ command: b.command, when: b.when })),
    );
    const hidden = menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command).sort();
    assert.deepEqual(hidden, [Commands.hideBoundaries, Commands.showBoundaries].sort());
    const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const list of Object.values(menus) as Array<Array<{ command: string }>>) for (const m of list) assert.ok(declared.has(m.command), m.command);
    for (const b of EditorTitleButtons) {
      assert.ok(manifest.contributes.commands.find((c: { command: string; icon?: string }) => c.command === b.command)?.icon, `${b.command} has an icon`);
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
