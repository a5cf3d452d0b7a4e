import { BlockStore, type TextEdit } from '../core/incremental/blockStore';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';

/**
 * Block stores kept per document. One per tokenizer in use, at most two: switching back and
 * forth between two models stays instant, while a 50 MB document never holds more than two
 * copies of its text (each store holds the text it counts).
 */
const MAX_STORES_PER_DOCUMENT = 2;

export class OutOfSyncError extends Error {}

/**
 * The worker's mirror of one open document. The text lives in its block stores; until the
 * first count asks for one (and so loads a tokenizer, which may fail), it is kept as is.
 */
export class DocumentMirror {
  private readonly stores = new Map<TokenizerId, BlockStore>();
  private plainText: string | undefined;

  constructor(
    private _version: number,
    text: string,
    private readonly tokenizers: TokenizerRegistry,
  ) {
    this.plainText = text;
  }

  get version(): number {
    return this._version;
  }

  get length(): number {
    return this.plainText?.length ?? this.anyStore().totalsSnapshot.length;
  }

  /** The whole text, as one string (a copy: later edits do not change it). */
  get text(): string {
    return this.plainText ?? this.anyStore().getText();
  }

  /** The store for `tokenizerId`, made from the current text when first asked for. */
  storeFor(tokenizerId: TokenizerId): BlockStore {
    let store = this.stores.get(tokenizerId);
    if (store) {
      // Map order is recency order: re-insert to mark it most recently used.
      this.stores.delete(tokenizerId);
    } else {
      const text = this.plainText ?? this.anyStore().getText();
      const { tokenizer, cutRule } = this.tokenizers.load(tokenizerId);
      store = new BlockStore(tokenizer, cutRule, text);
      this.plainText = undefined;
      if (this.stores.size >= MAX_STORES_PER_DOCUMENT) {
        this.stores.delete(this.stores.keys().next().value!);
      }
    }
    this.stores.set(tokenizerId, store);
    return store;
  }

  /**
   * Applies VS Code's contentChanges, in order, each against the text the previous one left.
   * Throws OutOfSyncError when the result cannot be the host's document.
   */
  applyChanges(version: number, changes: readonly TextEdit[], expectedLength: number): void {
    if (version <= this._version) throw new OutOfSyncError(`change for version ${version}, mirror is at ${this._version}`);
    for (const change of changes) {
      const { offset, deleteCount, insert } = change;
      if (this.plainText !== undefined) {
        if (offset < 0 || deleteCount < 0 || offset + deleteCount > this.plainText.length) {
          throw new OutOfSyncError(`edit [${offset}, ${offset + deleteCount}) outside document of length ${this.plainText.length}`);
        }
        this.plainText = this.plainText.slice(0, offset) + insert + this.plainText.slice(offset + deleteCount);
      }
      try {
        for (const store of this.stores.values()) store.applyEdit(change);
      } catch (err) {
        throw err instanceof RangeError ? new OutOfSyncError(err.message) : err;
      }
    }
    this._version = version;
    if (this.length !== expectedLength) {
      throw new OutOfSyncError(`mirror has ${this.length} characters after version ${version}, the editor has ${expectedLength}`);
    }
  }

  private anyStore(): BlockStore {
    return this.stores.values().next().value!;
  }
}
