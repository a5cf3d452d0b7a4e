import * as assert from 'node:assert/strict';
import { BINARY_SNIFF_BYTES, isBinaryBytes, isBinaryText } from '../../src/core/files/binaryContent';
import { decodeText, NotCountedError } from '../../src/cli/countFiles';

const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
const utf8 = (text: string) => new TextEncoder().encode(text);

/** What VS Code's editor holds for `bytes` opened as UTF-8: invalid bytes as U+FFFD, NUL as U+0000. */
const asEditorText = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

describe('binary content: one rule for the CLI and the status bar', () => {
  it('calls a file with a NUL byte in its first 8 KB binary', () => {
    const png = Uint8Array.from([...PNG_HEADER, ...utf8('x'.repeat(20_000))]);
    assert.equal(isBinaryBytes(png), true);
    assert.equal(isBinaryText(asEditorText(png)), true);
    assert.throws(
      () => decodeText(png),
      (e: unknown) => e instanceof NotCountedError && e.message === 'binary (NUL byte found)',
    );
  });

  it('calls text with a NUL only past the first 8 KB text, in bytes and in the editor alike', () => {
    for (const at of [BINARY_SNIFF_BYTES - 1, BINARY_SNIFF_BYTES]) {
      const bytes = Uint8Array.from([...utf8('a'.repeat(at)), 0, ...utf8('b')]);
      const binary = at < BINARY_SNIFF_BYTES;
      assert.equal(isBinaryBytes(bytes), binary, `NUL at byte ${at}`);
      assert.equal(isBinaryText(asEditorText(bytes)), binary, `NUL at byte ${at}, as editor text`);
    }
  });

  it('measures the 8 KB in UTF-8 bytes, not characters, whatever the text before the NUL', () => {
    // 2,731 × 'é' (2 bytes) + 2,730 × '€' (3 bytes) … each case puts the NUL right at or before the edge.
    for (const [char, bytesEach] of [
      ['é', 2],
      ['€', 3],
      ['😀', 4],
    ] as const) {
      const before = Math.floor(BINARY_SNIFF_BYTES / bytesEach);
      for (const n of [before, before + 1]) {
        const bytes = Uint8Array.from([...utf8(char.repeat(n)), 0]);
        assert.equal(isBinaryText(asEditorText(bytes)), isBinaryBytes(bytes), `${n} × ${char}`);
      }
    }
    // A lone surrogate becomes U+FFFD, 3 bytes, as the file would hold it once saved.
    assert.equal(isBinaryText(`${'\uD800'.repeat(2730)}\0`), true);
    assert.equal(isBinaryText(`${'\uD800'.repeat(2731)}\0`), false);
  });

  it('exempts UTF-16, whose text has a NUL byte in every other byte', () => {
    const le = Uint8Array.from([0xff, 0xfe, ...[...'hello'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const be = Uint8Array.from([0xfe, 0xff, ...[...'hello'].flatMap((c) => [0, c.charCodeAt(0)])]);
    assert.equal(isBinaryBytes(le), false);
    assert.equal(isBinaryBytes(be), false);
    assert.equal(decodeText(le).text, 'hello');
    assert.equal(isBinaryText('hello'), false);
  });

  it('calls ordinary text, empty text and text with other control characters text', () => {
    for (const text of ['', 'plain', '\u0001\u0002\u001b[0m', '\uFFFD\uFFFD']) {
      assert.equal(isBinaryText(text), false, JSON.stringify(text));
      assert.equal(isBinaryBytes(utf8(text)), false, JSON.stringify(text));
    }
  });
});
