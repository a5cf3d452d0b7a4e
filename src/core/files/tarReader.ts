import { createGunzip } from 'node:zlib';

/**
 * Why an archive was refused, as data: the caller words it for the user, the log keeps `detail`
 * (English, never the archive's content beyond an entry's name).
 */
export type TarRefusal =
  | 'truncated'
  | 'corrupt'
  | 'traversal'
  | 'notRegular'
  | 'tooLarge'
  | 'missing'
  /** The wanted entry appears twice: which copy a tool would take differs, so neither is used. */
  | 'duplicate';

export class TarError extends Error {
  constructor(
    readonly refusal: TarRefusal,
    readonly detail: string,
  ) {
    super(`archive refused (${refusal}): ${detail}`);
  }
}

/** The limits an archive is read within. */
export interface TarLimits {
  /** The largest wanted entry accepted, in bytes. */
  readonly maxEntryBytes: number;
  /** The most bytes the whole archive may hold once unpacked (a gzip bomb stops here). */
  readonly maxTotalBytes: number;
}

const BLOCK = 512;

/** Type flags of POSIX ustar, GNU and pax headers (only what this reader needs to tell apart). */
const REGULAR = new Set(['0', '\0', '7']); // '7': contiguous file, a regular file to every reader
const DIRECTORY = '5';
const PAX_NEXT = 'x';
const PAX_GLOBAL = 'g';
const GNU_LONG_NAME = 'L';

/**
 * Finds one regular file in a tar stream fed chunk by chunk, keeping only that file's bytes: an
 * npm tarball unpacks to ~250 MB of which Tokenscope wants one 33 MB entry, so nothing else is
 * kept in memory. Every entry is checked (a header's checksum, names that are absolute or climb
 * with `..`, links, devices, sizes), and a problem anywhere refuses the whole archive: a package
 * tarball has none of these, so one that does is not what was pinned. The entry's name is only
 * compared with `wanted`, never used as a place to write.
 */
export class TarEntryFinder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current entry's data (and padding) still to come. */
  private dataLeft = 0;
  private padLeft = 0;
  /** Where the current entry's data goes: the wanted file, a pax/GNU name record, or nowhere. */
  private sink: 'skip' | 'wanted' | 'pax' | 'longName' = 'skip';
  private record: Buffer[] = [];
  private found: Buffer[] | undefined;
  private foundBytes = 0;
  private nextName: string | undefined;
  private nextSize: number | undefined;
  private total = 0;
  private ended = false;

  constructor(
    private readonly wanted: string,
    private readonly limits: TarLimits,
  ) {}

  /** Takes the next bytes of the (unpacked) archive; throws a TarError at the first problem. */
  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    if (this.total > this.limits.maxTotalBytes) throw new TarError('tooLarge', `the archive unpacks to more than ${this.limits.maxTotalBytes} bytes`);
    if (this.ended) return; // after the end-of-archive blocks: padding
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.pendingBytes += chunk.length;
    this.drain();
  }

  /** The wanted entry's bytes, once the whole archive was pushed. */
  finish(): Buffer {
    // No end-of-archive block: the stream stopped early, maybe inside an entry or a header.
    if (!this.ended) throw new TarError('truncated', 'the archive ends before its end-of-archive block');
    if (!this.found) throw new TarError('missing', `no entry ${JSON.stringify(this.wanted)}`);
    return Buffer.concat(this.found, this.foundBytes);
  }

  private drain(): void {
    for (;;) {
      if (this.ended) return;
      if (this.dataLeft > 0) {
        if (this.pendingBytes === 0) return;
        const part = this.take(Math.min(this.dataLeft, this.pendingBytes));
        this.dataLeft -= part.length;
        this.keep(part);
        if (this.dataLeft === 0) this.endOfData();
        continue;
      }
      if (this.padLeft > 0) {
        if (this.pendingBytes === 0) return;
        this.padLeft -= this.take(Math.min(this.padLeft, this.pendingBytes)).length;
        continue;
      }
      if (this.pendingBytes < BLOCK) return;
      this.header(this.take(BLOCK));
    }
  }

  private header(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      // End of archive: two zero blocks by the standard; one is enough to know, and what follows is padding.
      this.ended = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    if (!checksumMatches(block)) throw new TarError('corrupt', 'a header checksum does not match');
    const type = String.fromCharCode(block[156]);
    const size = this.nextSize ?? octal(block.subarray(124, 136));
    const name = this.nextName ?? headerName(block);
    if (type !== PAX_NEXT && type !== PAX_GLOBAL && type !== GNU_LONG_NAME) {
      this.nextName = undefined;
      this.nextSize = undefined;
      checkName(name);
    }
    this.dataLeft = size;
    this.padLeft = (BLOCK - (size % BLOCK)) % BLOCK;
    this.sink = 'skip';
    if (type === PAX_NEXT || type === GNU_LONG_NAME) {
      // 1 MB is far beyond any real pax record (a path, a size, times); more is not a tar we read.
      if (size > 1 << 20) throw new TarError('tooLarge', 'an extended header is over 1 MB');
      this.sink = type === PAX_NEXT ? 'pax' : 'longName';
      this.record = [];
    } else if (type === PAX_GLOBAL) {
      this.sink = 'skip';
    } else if (REGULAR.has(type)) {
      if (name === this.wanted) {
        if (this.found) throw new TarError('duplicate', `${JSON.stringify(name)} appears twice`);
        if (size > this.limits.maxEntryBytes) throw new TarError('tooLarge', `${JSON.stringify(name)} is ${size} bytes, over the limit of ${this.limits.maxEntryBytes}`);
        this.found = [];
        this.sink = 'wanted';
      }
    } else if (type === DIRECTORY) {
      if (name === this.wanted || name === `${this.wanted}/`) throw new TarError('notRegular', `${JSON.stringify(name)} is a folder`);
    } else {
      // Links, devices, FIFOs, sparse or vendor entries: an npm package tarball has none.
      throw new TarError('notRegular', `${JSON.stringify(name)} is not a regular file (type ${JSON.stringify(type)})`);
    }
    if (size === 0) this.endOfData();
  }

  private keep(part: Buffer): void {
    switch (this.sink) {
      case 'wanted':
        this.found!.push(part);
        this.foundBytes += part.length;
        return;
      case 'pax':
      case 'longName':
        this.record.push(part);
        return;
      case 'skip':
        return;
    }
  }

  private endOfData(): void {
    if (this.sink === 'pax') {
      const fields = paxFields(Buffer.concat(this.record));
      if (fields.path !== undefined) this.nextName = fields.path;
      if (fields.size !== undefined) {
        if (!/^\d{1,15}$/.test(fields.size)) throw new TarError('corrupt', 'a pax size is not a number');
        this.nextSize = Number(fields.size);
      }
    } else if (this.sink === 'longName') {
      this.nextName = cString(Buffer.concat(this.record));
    }
    this.record = [];
    this.sink = 'skip';
  }

  /** Removes and returns the first `n` pending bytes (n ≤ pendingBytes). */
  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const head = this.pending[0];
      const used = Math.min(head.length, n - at);
      head.copy(out, at, 0, used);
      at += used;
      if (used === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(used);
    }
    this.pendingBytes -= n;
    return out;
  }
}

/**
 * The bytes of `wanted` in a gzipped tar archive (an npm package tarball), unpacked as a stream
 * so that only that entry is kept. Rejects with a TarError for a truncated, corrupt or unsafe
 * archive, or one without the entry.
 */
export function readTarGzEntry(gzipped: Uint8Array, wanted: string, limits: TarLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const finder = new TarEntryFinder(wanted, limits);
    const gunzip = createGunzip();
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      gunzip.destroy();
      if (err instanceof TarError) reject(err);
      else {
        const code = (err as NodeJS.ErrnoException).code;
        // zlib says Z_BUF_ERROR ("unexpected end of file") for a gzip stream that stops early.
        reject(new TarError(code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt', `gzip: ${(err as Error).message}`));
      }
    };
    gunzip.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        finder.push(chunk);
      } catch (err) {
        fail(err);
      }
    });
    gunzip.on('error', fail);
    gunzip.on('end', () => {
      if (failed) return;
      try {
        resolve(finder.finish());
      } catch (err) {
        fail(err);
      }
    });
    gunzip.end(gzipped);
  });
}

/** ustar: the header's bytes summed with its checksum field read as spaces. */
function checksumMatches(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  const stored = octal(block.subarray(148, 156));
  return stored === sum;
}

/** A numeric field: octal text, or GNU's base-256 form (high bit set) for sizes past 8 GB. */
function octal(field: Buffer): number {
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    if (!Number.isSafeInteger(value)) throw new TarError('tooLarge', 'a size does not fit');
    return value;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError('corrupt', 'a numeric field is not octal');
  return parseInt(text, 8);
}

function headerName(block: Buffer): string {
  const name = cString(block.subarray(0, 100));
  // ustar's prefix field (magic "ustar\0"; GNU's "ustar " uses those bytes otherwise).
  const ustar = block.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = ustar ? cString(block.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** An entry's name may not be absolute, climb out with `..`, or carry a drive or NUL. */
function checkName(name: string): void {
  const parts = name.split(/[\\/]/);
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || parts.includes('..') || name.includes('\0')) {
    throw new TarError('traversal', `entry ${JSON.stringify(name)} points outside the archive`);
  }
}

/** pax records: `<length> <key>=<value>\n`, each length counting the whole record. */
function paxFields(data: Buffer): { path?: string; size?: string } {
  const fields: { path?: string; size?: string } = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) throw new TarError('corrupt', 'a pax record has no length');
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= space - at + 1 || at + length > data.length) throw new TarError('corrupt', 'a pax record has a bad length');
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) {
      const key = record.slice(0, eq);
      if (key === 'path' || key === 'size') fields[key] = record.slice(eq + 1);
    }
    at += length;
  }
  return fields;
}
