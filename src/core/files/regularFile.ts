import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/**
 * Why a file was not read, as data: each caller words it for its own context (a tokenizer
 * setting, a command-line argument), and none has to parse a message.
 */
export type FileRefusal =
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'notRegular'; readonly is: 'a folder' | 'a FIFO' | 'a device' | 'a socket' | 'not a regular file' }
  /** `bytes`: the file's size when it was opened. */
  | { readonly kind: 'tooLarge'; readonly bytes: number; readonly maxBytes: number }
  | { readonly kind: 'grew' }
  /** Any other error of the system, by its code (ELOOP, EIO, …). */
  | { readonly kind: 'failed'; readonly code: string };

export class FileRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly refusal: FileRefusal,
  ) {
    super(`${file}: ${describeRefusal(refusal)}`);
  }
}

/** The refusal in words, without the file's name (callers put it where their message needs it). */
export function describeRefusal(refusal: FileRefusal): string {
  switch (refusal.kind) {
    case 'missing':
      return 'no such file';
    case 'denied':
      return 'permission denied';
    case 'notRegular':
      return `it is ${refusal.is}, not a regular file`;
    case 'tooLarge':
      return `it is ${refusal.bytes} bytes, over the limit of ${refusal.maxBytes}`;
    case 'grew':
      return 'it grew while being read';
    case 'failed':
      return refusal.code;
  }
}

/**
 * The whole content of a regular file of at most `maxBytes`; anything else is refused with a
 * FileRefusedError. Opened without blocking (a FIFO's open would wait for a writer forever),
 * then checked on the open descriptor (no race with a swap of the path), then read up to the
 * size it had plus one byte: a device such as /dev/zero never ends, and a file that grows is
 * refused rather than read without bound.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > maxBytes) throw new FileRefusedError(file, { kind: 'tooLarge', bytes: size, maxBytes });
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (let n: number; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;) length += n;
    if (length > size) throw new FileRefusedError(file, { kind: 'grew' });
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * An open descriptor of a regular file, and its size then, for a reader that reads it in
 * chunks (a dataset of hundreds of MB); the caller closes it. Opened and checked as for
 * readRegularFile: without blocking, the checks on the open descriptor.
 */
export function openRegularFile(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new FileRefusedError(file, refusalOfOpenError(file, err as NodeJS.ErrnoException));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefusedError(file, { kind: 'notRegular', is: kindOf(stat) });
    return { fd, size: stat.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function refusalOfOpenError(file: string, err: NodeJS.ErrnoException): FileRefusal {
  switch (err.code) {
    case 'ENOENT':
      return { kind: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'denied' };
    case 'ENXIO':
      // Linux refuses to open a Unix socket (ENXIO): say what the path is rather than the code.
      try {
        return { kind: 'notRegular', is: kindOf(statSync(file)) };
      } catch {
        return { kind: 'failed', code: 'ENXIO' };
      }
    case undefined: // no code: the message says what failed
    default:
      return { kind: 'failed', code: err.code ?? err.message };
  }
}

function kindOf(stat: Stats): Extract<FileRefusal, { kind: 'notRegular' }>['is'] {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}
