import { describeRefusal, FileRefusedError, readRegularFile } from '../../files/regularFile';
import { TokenizerFileError } from '../tokenizerFileError';

/**
 * The parts of a Hugging Face `tokenizer.json` that Tokenscope reads, and how it reads the
 * file: plain or gzipped, with errors a user can act on (a wrong path in a setting, a
 * tokenizer_config.json picked instead of the tokenizer.json, a file of another library).
 */
export interface AddedTokenJson {
  readonly id: number;
  readonly content: string;
  readonly special?: boolean;
  readonly single_word?: boolean;
  readonly lstrip?: boolean;
  readonly rstrip?: boolean;
  readonly normalized?: boolean;
}

/** A normalizer, pre-tokenizer, post-processor or decoder: a `type` and its own fields. */
export interface ComponentJson {
  readonly type?: string;
  readonly [field: string]: unknown;
}

export interface ModelJson {
  readonly type?: string;
  readonly vocab?: unknown;
  readonly merges?: unknown;
  readonly ignore_merges?: boolean;
  readonly byte_fallback?: boolean;
  readonly dropout?: number | null;
  readonly unk_token?: string | null;
  readonly continuing_subword_prefix?: string | null;
  readonly end_of_word_suffix?: string | null;
}

export interface TokenizerJson {
  readonly model: ModelJson;
  readonly normalizer?: ComponentJson | null;
  readonly pre_tokenizer?: ComponentJson | null;
  readonly post_processor?: ComponentJson | null;
  readonly decoder?: ComponentJson | null;
  readonly added_tokens?: readonly AddedTokenJson[];
}

/** Model types Tokenscope can count with (through its own BPE or @huggingface/tokenizers). */
export const SUPPORTED_MODEL_TYPES = ['BPE', 'WordPiece', 'Unigram'] as const;

/** gzip's magic number: a gzipped file is recognised by its content, whatever its name. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The largest tokenizer file read, before and after gunzip. Real ones are far smaller (Gemma 3's
 * tokenizer.json, among the largest, is 33 MB; Qwen3's 11 MB); the cap keeps a wrong path
 * (`/dev/zero` grew the worker past 3 GB in 7 s) or a gzip bomb from eating the machine.
 */
export const MAX_TOKENIZER_FILE_BYTES = 128 * 1024 * 1024;

/**
 * Reads and checks a tokenizer.json (or a gzipped one) at an absolute path. Only a regular file
 * under MAX_TOKENIZER_FILE_BYTES is read: a FIFO would block the worker forever and a device
 * never ends. Errors never quote the file's content (a path to /etc/passwd or
 * /proc/self/environ must not put its first bytes in a message), only its path and size.
 */
export function readTokenizerJson(file: string): TokenizerJson {
  let bytes: Buffer = readTokenizerFile(file);
  if (isGzip(bytes)) {
    try {
      // Required when a file is gzipped: node:zlib (and the streams it loads) cost a process's start otherwise.
      const { gunzipSync } = require('node:zlib') as typeof import('node:zlib');
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_TOKENIZER_FILE_BYTES });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      const why = tooBig ? `it unpacks to over ${mb(MAX_TOKENIZER_FILE_BYTES)}` : 'it is a damaged gzip file';
      throw new TokenizerFileError(file, why, `cannot read tokenizer file ${file}: ${why}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    // V8's message quotes the start of the text: not shown, the file may be anything.
    throw new TokenizerFileError(file, 'it is not JSON (a Hugging Face tokenizer.json is expected)', `${file} is not JSON: a Hugging Face tokenizer.json is expected`);
  }
  return checkTokenizerJson(json, file);
}

/** The file's bytes, or an error in the words of a tokenizer setting (see readRegularFile). */
function readTokenizerFile(file: string): Buffer {
  try {
    return readRegularFile(file, MAX_TOKENIZER_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof FileRefusedError)) throw err;
    const { refusal } = err;
    if (refusal.kind === 'missing') throw new TokenizerFileError(file, 'the file does not exist', `tokenizer file not found: ${file}`);
    const why = refusal.kind === 'tooLarge' ? `it is ${mb(refusal.bytes)}, over the ${mb(refusal.maxBytes)} a tokenizer file may have` : describeRefusal(refusal);
    throw new TokenizerFileError(file, why, `cannot read tokenizer file ${file}: ${why}`);
  }
}

/** Not countFormat's formatMegabytes: that module brings the price tables, which the worker has no use for. */
function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function checkTokenizerJson(json: unknown, file: string): TokenizerJson {
  const fail = (reason: string, message: string) => new TokenizerFileError(file, reason, `${file} ${message}`);
  const model = typeof json === 'object' && json !== null ? (json as { model?: unknown }).model : undefined;
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    const why = 'it has no "model": it is not a Hugging Face tokenizer.json (use the tokenizer.json, not tokenizer_config.json or vocab files)';
    throw fail(why, why.replace(/^it /, ''));
  }
  const type = modelType(model as ModelJson);
  if (!(SUPPORTED_MODEL_TYPES as readonly string[]).includes(type ?? '')) {
    const why = `it has a ${type === undefined || !/^\w{1,40}$/.test(type) ? 'model of no known type' : `"${type}" model`}, which Tokenscope cannot count with (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`;
    throw fail(why, why.replace(/^it /, ''));
  }
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (added !== undefined && !Array.isArray(added)) throw fail('its "added_tokens" are not a list', 'has "added_tokens" that are not a list');
  return { ...(json as TokenizerJson), model: { ...(model as ModelJson), type } };
}

/**
 * The model's type. Files written by old versions of the library may leave it out; the type
 * is then what the library itself would take the fields for.
 */
function modelType(model: ModelJson): string | undefined {
  if (typeof model.type === 'string') return model.type;
  if (Array.isArray(model.vocab)) return 'Unigram';
  if (Array.isArray(model.merges)) return 'BPE';
  return undefined;
}

/** A tokenizer's tokens both ways, read once from its file. */
export interface Vocabulary {
  /** Token string → id, for the model's vocabulary (not the added tokens). */
  readonly byToken: ReadonlyMap<string, number>;
  /** Id → token string, for the vocabulary and every added token, special ones included. */
  readonly byId: readonly (string | undefined)[];
  readonly addedIds: ReadonlySet<number>;
}

/**
 * The vocabulary of a file: an object of token → id (BPE, WordPiece) or a list of
 * [token, score] whose index is the id (Unigram). A `for…in` over the parsed object takes
 * half the time of `Object.entries` on Mistral NeMo's 131k tokens (56 against 122 ms here).
 */
export function vocabularyOf(json: TokenizerJson): Vocabulary {
  const byToken = new Map<string, number>();
  const byId: (string | undefined)[] = [];
  const { vocab } = json.model;
  if (Array.isArray(vocab)) {
    vocab.forEach((entry, id) => (byId[id] = Array.isArray(entry) ? String(entry[0]) : undefined));
  } else if (typeof vocab === 'object' && vocab !== null) {
    const entries = vocab as Record<string, number>;
    for (const token in entries) {
      byToken.set(token, entries[token]);
      byId[entries[token]] = token;
    }
  }
  const addedIds = new Set<number>();
  for (const token of json.added_tokens ?? []) {
    byId[token.id] = token.content;
    addedIds.add(token.id);
  }
  return { byToken, byId, addedIds };
}

/**
 * The tokenizer as Tokenscope counts with it. Special-token literals in a prompt are ordinary
 * text, so special added tokens are dropped: `<|im_start|>` is then split and merged like any
 * text (ordinary added tokens, such as Qwen3's `<think>`, stay: the model sees them as one
 * token). Nothing is added around the text either: no post-processor, so no BOS/EOS.
 */
export function withoutSpecialTokens(json: TokenizerJson): TokenizerJson {
  return {
    ...json,
    added_tokens: (json.added_tokens ?? []).filter((token) => !token.special),
    post_processor: null,
  };
}
