import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTokenizerInHfCache } from '../../src/core/tokenizers/huggingface/hfCache';

describe('Hugging Face cache', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-hfcache-'))));
  afterEach(() => {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  /**
   * Lays out a repository as huggingface_hub does: the file in `blobs/`, linked from each
   * snapshot; `refs/main` naming `main` when given. Returns the snapshot files' paths.
   */
  function repo(hub: string, repoId: string, revisions: string[], main?: string): string[] {
    const folder = path.join(hub, `models--${repoId.replace('/', '--')}`);
    mkdirSync(path.join(folder, 'blobs'), { recursive: true });
    writeFileSync(path.join(folder, 'blobs', 'abc123'), '{"model": {}}');
    if (main !== undefined) {
      mkdirSync(path.join(folder, 'refs'), { recursive: true });
      writeFileSync(path.join(folder, 'refs', 'main'), `${main}\n`);
    }
    return revisions.map((revision, i) => {
      const snapshot = path.join(folder, 'snapshots', revision);
      mkdirSync(snapshot, { recursive: true });
      const file = path.join(snapshot, 'tokenizer.json');
      symlinkSync(path.join('..', '..', 'blobs', 'abc123'), file);
      // Older revisions first: the last one listed is the newest.
      const time = new Date(Date.UTC(2024, 0, 1 + i));
      utimesSync(snapshot, time, time);
      return file;
    });
  }

  const home = (): string => path.join(root, 'home');
  const defaultHub = (): string => path.join(home(), '.cache', 'huggingface', 'hub');

  it('finds a tokenizer in ~/.cache/huggingface/hub, at the revision refs/main names', () => {
    const [, atMain] = repo(defaultHub(), 'meta-llama/Llama-3.1-8B-Instruct', ['0a1b', '2c3d', '4e5f'], '2c3d');
    assert.equal(findTokenizerInHfCache(['meta-llama/Llama-3.1-8B-Instruct'], {}, home()), atMain);
  });

  it('takes the newest snapshot when refs/main is missing or names no snapshot', () => {
    const files = repo(defaultHub(), 'google/gemma-3-4b-it', ['old', 'newer', 'newest']);
    assert.equal(findTokenizerInHfCache(['google/gemma-3-4b-it'], {}, home()), files[2]);
    rmSync(root, { recursive: true });
    const again = repo(defaultHub(), 'google/gemma-3-4b-it', ['old', 'newest'], 'gone');
    assert.equal(findTokenizerInHfCache(['google/gemma-3-4b-it'], {}, home()), again[1]);
  });

  it('skips snapshots without a tokenizer.json and dangling links', () => {
    const [only] = repo(defaultHub(), 'org/model', ['has-it']);
    mkdirSync(path.join(defaultHub(), 'models--org--model', 'snapshots', 'newer-without'), { recursive: true });
    const dangling = path.join(defaultHub(), 'models--org--model', 'snapshots', 'newest-dangling');
    mkdirSync(dangling);
    symlinkSync(path.join(root, 'nowhere.json'), path.join(dangling, 'tokenizer.json'));
    assert.equal(findTokenizerInHfCache(['org/model'], {}, home()), only);
  });

  it('looks in $HF_HUB_CACHE, $HF_HOME/hub and $XDG_CACHE_HOME/huggingface/hub as well', () => {
    const hubCache = path.join(root, 'hub-cache');
    const hfHome = path.join(root, 'hf-home');
    const xdg = path.join(root, 'xdg');
    const [inHubCache] = repo(hubCache, 'a/one', ['r1']);
    const [inHfHome] = repo(path.join(hfHome, 'hub'), 'b/two', ['r1']);
    const [inXdg] = repo(path.join(xdg, 'huggingface', 'hub'), 'c/three', ['r1']);
    const env = { HF_HUB_CACHE: hubCache, HF_HOME: hfHome, XDG_CACHE_HOME: xdg };
    assert.equal(findTokenizerInHfCache(['a/one'], env, home()), inHubCache);
    assert.equal(findTokenizerInHfCache(['b/two'], env, home()), inHfHome);
    assert.equal(findTokenizerInHfCache(['c/three'], env, home()), inXdg);
    assert.equal(findTokenizerInHfCache(['c/three'], {}, home()), undefined);
  });

  it('returns the first repository in the order given that is present, whatever hub holds it', () => {
    const hubCache = path.join(root, 'hub-cache');
    repo(defaultHub(), 'x/second', ['r']);
    const [first] = repo(hubCache, 'x/first', ['r']);
    const [secondInDefault] = repo(defaultHub(), 'x/first-missing-elsewhere', ['r']);
    assert.equal(findTokenizerInHfCache(['x/absent', 'x/first', 'x/second'], { HF_HUB_CACHE: hubCache }, home()), first);
    assert.equal(findTokenizerInHfCache(['x/first-missing-elsewhere', 'x/first'], { HF_HUB_CACHE: hubCache }, home()), secondInDefault);
    assert.ok(path.isAbsolute(first));
  });

  it('returns undefined, never throws, when nothing is there or a folder cannot be read', () => {
    assert.equal(findTokenizerInHfCache(['org/model'], {}, home()), undefined);
    assert.equal(findTokenizerInHfCache([], {}, home()), undefined);
    repo(defaultHub(), 'org/model', ['r']);
    writeFileSync(path.join(defaultHub(), 'models--org--other'), 'a file where a folder should be');
    assert.equal(findTokenizerInHfCache(['org/other'], { HF_HUB_CACHE: path.join(root, 'no', 'such', 'dir') }, home()), undefined);
    if (process.getuid?.() !== 0) {
      // Unreadable only for a user other than root, who reads everything.
      chmodSync(root, 0o000);
      assert.equal(findTokenizerInHfCache(['org/model'], {}, home()), undefined);
    }
  });
});
