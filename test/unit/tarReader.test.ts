import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readTarGzEntry, TarEntryFinder, TarError, type TarRefusal } from '../../src/core/files/tarReader';
import { paxRecords, tarArchive, type TarEntrySpec } from '../support/tarball';

const WANTED = 'package/models/tokenizer.json';
const LIMITS = { maxEntryBytes: 1 << 20, maxTotalBytes: 8 << 20 };

function read(entries: readonly TarEntrySpec[], limits = LIMITS): Promise<Buffer> {
  return readTarGzEntry(gzipSync(tarArchive(entries)), WANTED, limits);
}

async function refused(promise: Promise<unknown>, refusal: TarRefusal): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TarError, String(err));
    assert.equal(err.refusal, refusal, err.message);
    return true;
  });
}

/** 1,300 bytes of varied text: more than two blocks, not a multiple of 512. */
const content = Array.from({ length: 100 }, (_, i) => `{"t":${i}}`).join('\n') + '\n'.repeat(300);

describe('Tar reader', () => {
  it('finds the wanted entry of an npm-like package among others, byte for byte', async () => {
    const got = await read([
      { name: 'package/LICENSE', data: 'MIT' },
      { name: 'package/dist/main.js', data: 'x'.repeat(5000) },
      { name: WANTED, data: content },
      { name: 'package/models/tokenizer_config.json', data: '{}' },
    ]);
    assert.equal(got.toString('utf8'), content);
  });

  it('reads an entry of zero bytes, and one whose name sits in the ustar prefix field', async () => {
    assert.equal((await read([{ name: WANTED, data: '' }])).length, 0);
    assert.equal((await read([{ name: WANTED, data: content, usePrefix: true }])).toString(), content);
  });

  it('gives the same bytes however the stream is cut into chunks', () => {
    const tar = tarArchive([
      { name: 'package/a', data: 'a'.repeat(700) },
      { name: WANTED, data: content },
    ]);
    for (const size of [1, 7, 511, 512, 513, 4096]) {
      const finder = new TarEntryFinder(WANTED, LIMITS);
      for (let at = 0; at < tar.length; at += size) finder.push(tar.subarray(at, at + size));
      assert.equal(finder.finish().toString(), content, `chunks of ${size}`);
    }
  });

  it('takes the name of a pax extended header for the entry after it', async () => {
    const got = await read([
      { name: 'PaxHeader/x', type: 'x', data: paxRecords({ path: WANTED, mtime: '1' }) },
      { name: 'package/short-name', data: content },
    ]);
    assert.equal(got.toString(), content);
  });

  it('refuses an archive with an entry that climbs out of it, or an absolute one, even if it is not the wanted entry', async () => {
    await refused(
      read([
        { name: 'package/../../.bashrc', data: 'x' },
        { name: WANTED, data: content },
      ]),
      'traversal',
    );
    await refused(
      read([
        { name: '/etc/passwd', data: 'x' },
        { name: WANTED, data: content },
      ]),
      'traversal',
    );
    await refused(
      read([
        { name: 'C:\\Windows\\x', data: 'x' },
        { name: WANTED, data: content },
      ]),
      'traversal',
    );
    // A pax path is checked like a header's name.
    await refused(
      read([
        { name: 'PaxHeader/x', type: 'x', data: paxRecords({ path: '../escape' }) },
        { name: 'package/ok', data: 'x' },
      ]),
      'traversal',
    );
  });

  it('refuses links and devices, and the wanted name as a folder', async () => {
    await refused(read([{ name: WANTED, type: '2', linkName: '/etc/passwd' }]), 'notRegular');
    await refused(
      read([
        { name: 'package/hard', type: '1', linkName: 'package/x' },
        { name: WANTED, data: content },
      ]),
      'notRegular',
    );
    await refused(
      read([
        { name: 'package/fifo', type: '6' },
        { name: WANTED, data: content },
      ]),
      'notRegular',
    );
    await refused(read([{ name: WANTED, type: '5' }]), 'notRegular');
  });

  it('refuses a wanted entry over the size limit before keeping its bytes, and an archive that unpacks past the total limit', async () => {
    await refused(read([{ name: WANTED, data: content }], { maxEntryBytes: 1000, maxTotalBytes: 1 << 20 }), 'tooLarge');
    await refused(
      read(
        [
          { name: 'package/big', data: Buffer.alloc(300_000) },
          { name: WANTED, data: content },
        ],
        { maxEntryBytes: 1 << 20, maxTotalBytes: 200_000 },
      ),
      'tooLarge',
    );
  });

  it('refuses a truncated archive: cut inside an entry, inside a header, or a gzip stream cut short', async () => {
    const tar = tarArchive([{ name: WANTED, data: content }]);
    await refused(readTarGzEntry(gzipSync(tar.subarray(0, 900)), WANTED, LIMITS), 'truncated');
    await refused(readTarGzEntry(gzipSync(tar.subarray(0, 300)), WANTED, LIMITS), 'truncated');
    const gz = gzipSync(tar);
    await refused(readTarGzEntry(gz.subarray(0, gz.length - 30), WANTED, LIMITS), 'truncated');
    // Everything but the end-of-archive blocks: the stream may have stopped at an entry boundary.
    await refused(readTarGzEntry(gzipSync(tar.subarray(0, tar.length - 1024)), WANTED, LIMITS), 'truncated');
  });

  it('refuses a header whose checksum does not match, and bytes that are not gzip', async () => {
    await refused(
      read([
        { name: 'package/a', data: 'x', badChecksum: true },
        { name: WANTED, data: content },
      ]),
      'corrupt',
    );
    await refused(readTarGzEntry(Buffer.from('not a gzip stream at all'), WANTED, LIMITS), 'corrupt');
  });

  it('refuses an archive without the entry, and one with it twice', async () => {
    await refused(read([{ name: 'package/other.json', data: content }]), 'missing');
    await refused(
      read([
        { name: WANTED, data: content },
        { name: WANTED, data: 'evil' },
      ]),
      'duplicate',
    );
  });
});
