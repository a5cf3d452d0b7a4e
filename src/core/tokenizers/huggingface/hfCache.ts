import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds a model's tokenizer.json in the Hugging Face cache, where `huggingface-cli download`,
 * `transformers` and `huggingface_hub` put it: `<hub>/models--<org>--<name>/snapshots/<revision>/
 * tokenizer.json`. This is how Tokenscope counts exactly for models whose tokenizer it does not
 * ship (Gemma 4: no npm package holds it) once the user has them.
 *
 * The hub folder is, in the order huggingface_hub resolves it: `$HF_HUB_CACHE`, `$HF_HOME/hub`,
 * `$XDG_CACHE_HOME/huggingface/hub`, `~/.cache/huggingface/hub`; all of them are searched. In a
 * repository the revision `refs/main` names is preferred (what `from_pretrained` loads), else
 * the most recently written snapshot. Returns the absolute path of the first repository in
 * `repoIds` order that has one, or undefined. Unreadable folders count as empty: this runs
 * while a model list is built and must never throw.
 */
export function findTokenizerInHfCache(repoIds: readonly string[], env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string | undefined {
  const hubs = hubFolders(env, home);
  for (const repoId of repoIds) {
    for (const hub of hubs) {
      const found = tokenizerInRepo(path.join(hub, `models--${repoId.split('/').join('--')}`));
      if (found) return found;
    }
  }
  return undefined;
}

function hubFolders(env: NodeJS.ProcessEnv, home: string): string[] {
  const candidates = [
    env.HF_HUB_CACHE,
    env.HF_HOME && path.join(env.HF_HOME, 'hub'),
    env.XDG_CACHE_HOME && path.join(env.XDG_CACHE_HOME, 'huggingface', 'hub'),
    path.join(home, '.cache', 'huggingface', 'hub'),
  ];
  const folders: string[] = [];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const folder = path.resolve(candidate);
    if (!folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

function tokenizerInRepo(repo: string): string | undefined {
  const snapshots = path.join(repo, 'snapshots');
  const main = readText(path.join(repo, 'refs', 'main'))?.trim();
  if (main && !main.includes('/') && !main.includes('\\')) {
    const file = path.join(snapshots, main, 'tokenizer.json');
    if (isFile(file)) return file;
  }
  let newest: { file: string; time: number } | undefined;
  for (const revision of listFolder(snapshots)) {
    const file = path.join(snapshots, revision, 'tokenizer.json');
    const time = modifiedTime(path.join(snapshots, revision));
    if (time !== undefined && isFile(file) && (!newest || time > newest.time)) newest = { file, time };
  }
  return newest?.file;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** A regular file, following the cache's symlinks into `blobs/` (a dangling link is no file). */
function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function modifiedTime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
