/**
 * A real source tree for the folder-count benchmarks: the first text files of the repository's
 * node_modules in name order (no download, the same files on every machine with the same lock file).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const TEXT_FILE = /\.(js|mjs|cjs|ts|mts|cts|md|json|txt|css|html|yml|yaml)$/;

/** Up to `max` text files under `dir`, as `/`-separated paths relative to it. */
export async function sourceTreeFiles(dir: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (out.length >= max) return;
      const rel = relative ? `${relative}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile() && TEXT_FILE.test(e.name)) out.push(rel);
    }
  };
  await walk('');
  return out;
}
