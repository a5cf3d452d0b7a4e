import { createHash } from 'node:crypto';
import { ProviderCountError, type ProviderCountErrorKind } from './providerCount';
import type { ProviderCount, ProviderTokens } from './providerSpec';
import { ENGLISH, type Localizer } from '../l10n';

/**
 * Decides when text is sent for an exact (network) count, so that sending stays rare:
 * - debounced per document: a count is sent `delayMs` after the last request for that
 *   document, never per keystroke;
 * - cached by (model, SHA-256 of the text): unchanged text is never sent twice;
 * - a newer request for a document aborts the one in flight (its answer would be stale);
 * - after a rate limit or overload (and network failures and timeouts) all sending pauses,
 *   for the server's `retry-after` or else an exponential backoff, then the latest request of
 *   each document is retried;
 * - after the key is refused, nothing more is sent until {@link ExactCountScheduler.restart}
 *   (the key changed): the refusal is reported once from the network, and later requests get
 *   the same answer from memory.
 * One scheduler per provider. Pure (no vscode): the host wraps it (src/host/providers/providerCounter.ts),
 * tests drive it with a fake clock.
 */

/** Identifies what a count is for; handed back unchanged with the outcome (extra fields too). */
export interface ExactCountKey {
  /** The document; requests for the same uri replace each other. */
  readonly uri: string;
  readonly version: number;
  readonly model: string;
}

export interface ExactCountProblem {
  readonly kind: ProviderCountErrorKind;
  /** For the user; never contains the key. */
  readonly message: string;
  /** When the scheduler sends again by itself (after a rate limit, overload or network failure). */
  readonly retryAt?: number;
}

export type ExactCountOutcome<K extends ExactCountKey = ExactCountKey> =
  | { readonly key: K; readonly tokens: number; readonly cached: boolean; /** The tokens, from a provider that returns them. */ readonly tokenList?: ProviderTokens }
  | { readonly key: K; readonly error: ExactCountProblem };

/** Sends one count; rejects with ProviderCountError, or with the signal's reason when aborted. */
export type ExactCountFunction = (request: { readonly model: string; readonly text: string; readonly signal: AbortSignal }) => Promise<ProviderCount>;

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ExactCountSchedulerOptions<K extends ExactCountKey> {
  readonly count: ExactCountFunction;
  readonly onOutcome: (outcome: ExactCountOutcome<K>) => void;
  /** Quiet time after the last request before sending; 1 s. */
  readonly delayMs?: number;
  /** Counts remembered; 256. */
  readonly cacheSize?: number;
  /** Backoff without a `retry-after`: 1 s, doubling per failure in a row, at most this; 60 s. */
  readonly maxBackoffMs?: number;
  readonly clock?: SchedulerClock;
  /** The language of the scheduler's own messages; English by default. */
  readonly l10n?: Localizer;
}

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Failures that go away by themselves: wait, then send again. */
const TRANSIENT: ReadonlySet<ProviderCountErrorKind> = new Set(['rateLimited', 'overloaded', 'network', 'timeout']);
/** Failures that the same text and model would get again: remembered like counts. */
const PERMANENT: ReadonlySet<ProviderCountErrorKind> = new Set(['badRequest', 'tooLarge']);

interface Request<K> {
  readonly key: K;
  readonly text: string;
}

/** One document's state. */
interface Slot<K> {
  /** The most recent request; what is sent, and what a restart sends again. */
  latest: Request<K>;
  /** Bumped by every request: an answer for an older one is dropped. */
  generation: number;
  timer?: unknown;
  inFlight?: AbortController;
  /** The last successful count, for answering unchanged text at once without hashing it. */
  counted?: { readonly model: string; readonly text: string; readonly tokens: number; readonly tokenList?: ProviderTokens };
  /** The latest request ended with this kind of failure (a restart sends it again). */
  failed?: ProviderCountErrorKind;
}

type Remembered = { readonly tokens: number; readonly tokenList?: ProviderTokens } | { readonly error: ExactCountProblem };

export class ExactCountScheduler<K extends ExactCountKey = ExactCountKey> {
  private readonly slots = new Map<string, Slot<K>>();
  /** (model, text hash) → outcome, oldest first (a Map keeps insertion order). */
  private readonly cache = new Map<string, Remembered>();
  private readonly clock: SchedulerClock;
  private readonly delayMs: number;
  private readonly cacheSize: number;
  private readonly maxBackoffMs: number;
  /** Nothing is sent before this time. */
  private pausedUntil = 0;
  private failuresInARow = 0;
  /** Set when the key was refused; holds what to tell every later request. */
  private refused: ExactCountProblem | undefined;
  private disposed = false;

  constructor(private readonly options: ExactCountSchedulerOptions<K>) {
    this.clock = options.clock ?? systemClock;
    this.delayMs = options.delayMs ?? 1000;
    this.cacheSize = options.cacheSize ?? 256;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
  }

  /** Asks for the count of `text` (the document's, or its selection's) for `key.model`. */
  request(key: K, text: string): void {
    if (this.disposed) return;
    let slot = this.slots.get(key.uri);
    if (!slot) {
      slot = { latest: { key, text }, generation: 0 };
      this.slots.set(key.uri, slot);
    }
    const sameText = slot.latest.key.model === key.model && slot.latest.text === text;
    slot.latest = { key, text };
    // A cursor move or an undo back to the same text: the count already under way (or
    // waiting) answers this request too, under its newer key; restarting it would only delay.
    if (sameText && (slot.timer !== undefined || slot.inFlight !== undefined)) return;
    const generation = ++slot.generation;
    slot.failed = undefined;
    const counted = slot.counted;
    if (counted && counted.model === key.model && counted.text === text) {
      this.cancel(slot);
      this.emitSoon(slot, generation, withTokens({ key, tokens: counted.tokens, cached: true }, counted.tokenList));
      return;
    }
    if (this.refused) {
      this.cancel(slot);
      slot.failed = 'auth';
      this.emitSoon(slot, generation, { key, error: this.refused });
      return;
    }
    // Whatever is in flight is for older text: its answer could only be dropped.
    this.cancel(slot);
    this.arm(slot, this.delayMs);
  }

  /** Forgets a document (closed): cancels its timer and request. */
  forget(uri: string): void {
    const slot = this.slots.get(uri);
    if (!slot) return;
    this.cancel(slot);
    this.slots.delete(uri);
  }

  /** Forgets every document and cancels everything under way (exact counts were turned off). */
  clear(): void {
    for (const slot of this.slots.values()) this.cancel(slot);
    this.slots.clear();
  }

  /**
   * Starts over after the key or the server changed: lifts the refusal and the backoff, and
   * sends again (after the usual delay) every document whose latest request failed or was
   * still waiting. `clearCache` (another server): also forgets every count, so the next request
   * of unchanged text is sent; documents nobody asks about again are not sent anywhere.
   */
  restart(clearCache = false): void {
    if (this.disposed) return;
    this.refused = undefined;
    this.pausedUntil = 0;
    this.failuresInARow = 0;
    if (clearCache) this.cache.clear();
    for (const slot of this.slots.values()) {
      if (clearCache) slot.counted = undefined;
      const waiting = slot.timer !== undefined || slot.inFlight !== undefined;
      if (slot.failed !== undefined || waiting) {
        this.cancel(slot);
        slot.failed = undefined;
        slot.generation++;
        this.arm(slot, this.delayMs);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private cancel(slot: Slot<K>): void {
    if (slot.timer !== undefined) this.clock.clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.inFlight?.abort();
    slot.inFlight = undefined;
  }

  private arm(slot: Slot<K>, ms: number): void {
    if (slot.timer !== undefined) this.clock.clearTimeout(slot.timer);
    slot.timer = this.clock.setTimeout(
      () => {
        slot.timer = undefined;
        this.due(slot);
      },
      Math.max(0, ms),
    );
  }

  /** The quiet time is over: answer from the cache, wait out a pause, or send. */
  private due(slot: Slot<K>): void {
    if (this.disposed || this.slots.get(slot.latest.key.uri) !== slot) return;
    const { key, text } = slot.latest;
    const cacheKey = `${key.model}\u0000${createHash('sha256').update(text).digest('hex')}`;
    const remembered = this.cache.get(cacheKey);
    if (remembered) {
      this.touch(cacheKey, remembered);
      this.settle(slot, slot.generation, text, remembered, true);
      return;
    }
    if (this.refused) {
      this.settle(slot, slot.generation, text, { error: this.refused }, false);
      return;
    }
    const wait = this.pausedUntil - this.clock.now();
    if (wait > 0) {
      this.arm(slot, wait);
      return;
    }
    void this.send(slot, cacheKey);
  }

  private async send(slot: Slot<K>, cacheKey: string): Promise<void> {
    const { key, text } = slot.latest;
    const generation = slot.generation;
    const controller = new AbortController();
    slot.inFlight = controller;
    let outcome: Remembered;
    let retryAfterMs: number | undefined;
    try {
      const { inputTokens, tokenList } = await this.options.count({ model: key.model, text, signal: controller.signal });
      outcome = tokenList ? { tokens: inputTokens, tokenList } : { tokens: inputTokens };
    } catch (err) {
      if (controller.signal.aborted) return;
      outcome = { error: problemFrom(err, this.options.l10n ?? ENGLISH) };
      if (err instanceof ProviderCountError) retryAfterMs = err.retryAfterMs;
    } finally {
      if (slot.inFlight === controller) slot.inFlight = undefined;
    }
    if (this.disposed || controller.signal.aborted) return;

    if ('tokens' in outcome) {
      this.failuresInARow = 0;
      this.remember(cacheKey, outcome);
    } else if (PERMANENT.has(outcome.error.kind)) {
      this.remember(cacheKey, outcome);
    } else if (outcome.error.kind === 'auth') {
      this.refused = outcome.error;
    } else if (TRANSIENT.has(outcome.error.kind)) {
      outcome = { error: { ...outcome.error, retryAt: this.pause(retryAfterMs) } };
    }
    this.settle(slot, generation, text, outcome, false);
    if ('error' in outcome && outcome.error.retryAt !== undefined && slot.generation === generation) {
      this.arm(slot, outcome.error.retryAt - this.clock.now());
    }
    if ('error' in outcome && outcome.error.kind === 'auth') this.stopAll(outcome.error);
  }

  /**
   * The key was refused: every further request would be refused the same way, so nothing more
   * is sent, and documents waiting for a count get the refusal now rather than never hearing back.
   */
  private stopAll(refused: ExactCountProblem): void {
    for (const other of this.slots.values()) {
      if (other.timer === undefined && other.inFlight === undefined) continue;
      this.cancel(other);
      this.settle(other, other.generation, other.latest.text, { error: refused }, false);
    }
  }

  /** Pauses all sending after a transient failure; returns when sending resumes. */
  private pause(retryAfterMs: number | undefined): number {
    this.failuresInARow++;
    const backoff = retryAfterMs ?? Math.min(this.maxBackoffMs, 1000 * 2 ** (this.failuresInARow - 1));
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + backoff);
    return this.pausedUntil;
  }

  private settle(slot: Slot<K>, generation: number, text: string, outcome: Remembered, cached: boolean): void {
    if (slot.generation !== generation) return;
    const key = slot.latest.key;
    if ('tokens' in outcome) {
      slot.counted = { model: key.model, text, tokens: outcome.tokens, tokenList: outcome.tokenList };
      slot.failed = undefined;
      this.options.onOutcome(withTokens({ key, tokens: outcome.tokens, cached }, outcome.tokenList));
    } else {
      slot.failed = outcome.error.kind;
      const { kind, message, retryAt } = outcome.error;
      this.options.onOutcome({ key, error: retryAt === undefined ? { kind, message } : { kind, message, retryAt } });
    }
  }

  /** Answers after the caller's `request()` returned, as network answers do; dropped if superseded. */
  private emitSoon(slot: Slot<K>, generation: number, outcome: ExactCountOutcome<K>): void {
    queueMicrotask(() => {
      if (!this.disposed && slot.generation === generation && this.slots.get(slot.latest.key.uri) === slot) this.options.onOutcome(outcome);
    });
  }

  private remember(cacheKey: string, outcome: Remembered): void {
    this.touch(cacheKey, outcome);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Moves an entry to the newest end, so the least recently used goes first. */
  private touch(cacheKey: string, outcome: Remembered): void {
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, outcome);
  }
}

function problemFrom(err: unknown, l10n: Localizer): ExactCountProblem {
  if (err instanceof ProviderCountError) return { kind: err.kind, message: err.message };
  // A bug, not an answer: say so rather than pretending the server failed.
  return { kind: 'badResponse', message: l10n.t('The exact count failed: {0}', err instanceof Error ? err.message : String(err)) };
}

/** An outcome with the tokens when there are some (tests compare outcomes without them as they were). */
function withTokens<K extends ExactCountKey>(outcome: { key: K; tokens: number; cached: boolean }, tokenList: ProviderTokens | undefined): ExactCountOutcome<K> {
  return tokenList ? { ...outcome, tokenList } : outcome;
}
