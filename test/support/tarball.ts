// Writes small tar archives (POSIX ustar) for the tests of the tar reader and of the tokenizer
// download: good ones, like npm's package tarballs, and bad ones (a name that climbs out, a link,
// a wrong checksum). A test-only writer, so that no tarball is checked in.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface TarEntrySpec {
  readonly name: string;
  readonly data?: Uint8Array | string;
  /** The type flag: '0' regular (default), '2' symlink, '1' hard link, '5' folder, 'x' pax header, … */
  readonly type?: string;
  readonly linkName?: string;
  /** Spoils the header's checksum. */
  readonly badChecksum?: boolean;
  /** Writes the name into the ustar prefix field (name split at its last '/'). */
  readonly usePrefix?: boolean;
}

const BLOCK = 512;

function field(block: Buffer, offset: number, length: number, text: string): void {
  block.write(text, offset, length, 'utf8');
}

function octalField(block: Buffer, offset: number, length: number, value: number): void {
  field(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function header(entry: TarEntrySpec, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = entry.name;
  if (entry.usePrefix) {
    const cut = name.lastIndexOf('/');
    field(block, 345, 155, name.slice(0, cut));
    name = name.slice(cut + 1);
  }
  field(block, 0, 100, name);
  octalField(block, 100, 8, 0o644);
  octalField(block, 108, 8, 0);
  octalField(block, 116, 8, 0);
  octalField(block, 124, 12, size);
  octalField(block, 136, 12, 499162500); // npm's fixed mtime (1985-10-26)
  block.write(entry.type ?? '0', 156, 1, 'latin1');
  if (entry.linkName) field(block, 157, 100, entry.linkName);
  block.write('ustar\0', 257, 6, 'latin1');
  block.write('00', 263, 2, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  if (entry.badChecksum) sum += 1;
  octalField(block, 148, 7, sum);
  block[155] = 0x20;
  return block;
}

/** A tar archive of `entries`, ended by two zero blocks. */
export function tarArchive(entries: readonly TarEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array());
    parts.push(header(entry, data.length), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** A pax extended header record set (`<len> key=value\n` each) as the data of an 'x' entry. */
export function paxRecords(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const body = ` ${key}=${value}\n`;
      let length = body.length + 1;
      while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
      return `${length}${body}`;
    })
    .join('');
}

/** A package tarball as npm's registry serves it: `package/…` entries, gzipped. */
export function npmTarball(files: Record<string, Uint8Array | string>): Buffer {
  return gzipSync(tarArchive(Object.entries(files).map(([name, data]) => ({ name: `package/${name}`, data }))), { level: 1 });
}

/** The npm `integrity` of some bytes (`sha512-<base64>`). */
export function sha512Integrity(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export interface FakeRegistry {
  /** `http://127.0.0.1:<port>`: the registry base URL. */
  readonly url: string;
  /** The paths requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * An npm registry on 127.0.0.1 that serves `tarballs` by path (`/@scope/name/-/name-1.0.0.tgz`)
 * and 404 for anything else. `delayMs` slows each chunk, so a test can cancel mid-download.
 */
export async function startFakeRegistry(tarballs: Record<string, Buffer>, options: { chunkBytes?: number; delayMs?: number } = {}): Promise<FakeRegistry> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const body = tarballs[url];
    if (!body || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    const chunk = options.chunkBytes ?? 1 << 20;
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      if (at >= body.length) return void res.end();
      const part = body.subarray(at, at + chunk);
      at += part.length;
      res.write(part);
      if (options.delayMs) setTimeout(next, options.delayMs);
      else setImmediate(next);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
