import * as assert from 'node:assert/strict';
import { countWithProvider, ProviderCountError as AnthropicCountError, type ProviderCountErrorKind as AnthropicCountErrorKind } from '../../src/core/providers/providerCount';
import { ExactCountScheduler, type ExactCountFunction, type ExactCountKey, type ExactCountOutcome, type SchedulerClock } from '../../src/core/providers/exactCountScheduler';
import { ANTHROPIC } from '../../src/core/providers/providerTable';
import { fakeTokenCount, startFakeAnthropicServer } from '../support/fakeAnthropicServer';

/** Lets pending promise callbacks and microtasks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time that moves only when the test says so. */
class FakeClock implements SchedulerClock {
  time = 1_000_000;
  private timers: Array<{ at: number; order: number; run: () => void }> = [];
  private order = 0;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, order: this.order++, run };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** Moves time forward by `ms`, running each timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = end;
    await settle();
  }
}

interface Call {
  readonly model: string;
  readonly text: string;
  readonly signal: AbortSignal;
  answer(tokens: number): void;
  fail(kind: AnthropicCountErrorKind, retryAfterMs?: number): void;
}

/** A count function whose every call waits for the test to answer it. */
function scriptedCount(): { count: ExactCountFunction; calls: Call[] } {
  const calls: Call[] = [];
  const count: ExactCountFunction = ({ model, text, signal }) =>
    new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      calls.push({
        model,
        text,
        signal,
        answer: (tokens) => resolve({ inputTokens: tokens }),
        fail: (kind, retryAfterMs) => reject(new AnthropicCountError(kind, `failed: ${kind}`, undefined, retryAfterMs)),
      });
    });
  return { count, calls };
}

const key = (uri: string, version: number, model = 'claude-sonnet-4-5'): ExactCountKey => ({ uri, version, model });

describe('exact count scheduler', () => {
  let clock: FakeClock;
  let calls: Call[];
  let outcomes: ExactCountOutcome[];
  let scheduler: ExactCountScheduler;

  beforeEach(() => {
    clock = new FakeClock();
    const scripted = scriptedCount();
    calls = scripted.calls;
    outcomes = [];
    scheduler = new ExactCountScheduler({ count: scripted.count, onOutcome: (o) => outcomes.push(o), delayMs: 1000, clock });
  });
  afterEach(() => scheduler.dispose());

  /** Requests `text`, lets the quiet second pass, and answers the send with `tokens`. */
  async function countOnce(k: ExactCountKey, text: string, tokens: number): Promise<void> {
    scheduler.request(k, text);
    await clock.advance(1000);
    calls.at(-1)!.answer(tokens);
    await settle();
  }

  it('sends once, a second after the last of a burst of edits, never per keystroke', async () => {
    for (let v = 1; v <= 5; v++) {
      scheduler.request(key('a', v), 'x'.repeat(v));
      await clock.advance(300);
    }
    assert.equal(calls.length, 0, 'nothing sent while typing');
    await clock.advance(699);
    assert.equal(calls.length, 0);
    await clock.advance(1);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].text, 'xxxxx');
    calls[0].answer(12);
    await settle();
    assert.deepEqual(outcomes, [{ key: key('a', 5), tokens: 12, cached: false }]);
  });

  it('answers unchanged text from memory at once, without sending it again', async () => {
    await countOnce(key('a', 1), 'hello', 9);
    scheduler.request(key('a', 2), 'hello');
    await settle();
    assert.deepEqual(outcomes.at(-1), { key: key('a', 2), tokens: 9, cached: true });
    assert.equal(calls.length, 1);
  });

  it('caches by model and text: going back to earlier text, or to it in another document, is not sent again', async () => {
    await countOnce(key('a', 1), 'first', 3);
    await countOnce(key('a', 2), 'second', 4);
    scheduler.request(key('a', 3), 'first');
    scheduler.request(key('b', 1), 'second');
    await clock.advance(1000);
    assert.equal(calls.length, 2, 'nothing new sent');
    assert.deepEqual(outcomes.slice(2), [
      { key: key('a', 3), tokens: 3, cached: true },
      { key: key('b', 1), tokens: 4, cached: true },
    ]);
    // Another model is another count.
    scheduler.request(key('a', 4, 'claude-haiku-4-5'), 'first');
    await clock.advance(1000);
    assert.equal(calls.length, 3);
    assert.equal(calls[2].model, 'claude-haiku-4-5');
  });

  it('aborts the request in flight when the text changes, and shows only the newer answer', async () => {
    scheduler.request(key('a', 1), 'old');
    await clock.advance(1000);
    assert.equal(calls.length, 1);
    scheduler.request(key('a', 2), 'new');
    assert.equal(calls[0].signal.aborted, true);
    await clock.advance(1000);
    calls[1].answer(5);
    await settle();
    assert.deepEqual(outcomes, [{ key: key('a', 2), tokens: 5, cached: false }]);
  });

  it('keeps a count under way when the same text is asked for again (a cursor move), answering under the newest key', async () => {
    scheduler.request(key('a', 1), 'same');
    await clock.advance(900);
    scheduler.request({ ...key('a', 1), selection: false } as ExactCountKey, 'same');
    await clock.advance(100);
    assert.equal(calls.length, 1, 'the quiet second was not restarted');
    scheduler.request(key('a', 2), 'same');
    assert.equal(calls[0].signal.aborted, false);
    calls[0].answer(6);
    await settle();
    assert.deepEqual(outcomes, [{ key: key('a', 2), tokens: 6, cached: false }]);
  });

  it('after a rate limit, waits for retry-after, then sends the latest text by itself', async () => {
    scheduler.request(key('a', 1), 'text');
    await clock.advance(1000);
    const failedAt = clock.now();
    calls[0].fail('rateLimited', 5000);
    await settle();
    assert.equal(outcomes.length, 1);
    const first = outcomes[0];
    assert.ok('error' in first);
    assert.equal(first.error.kind, 'rateLimited');
    assert.equal(first.error.retryAt, failedAt + 5000);
    // Another document asked meanwhile waits for the same pause.
    scheduler.request(key('b', 1), 'other');
    await clock.advance(4999);
    assert.equal(calls.length, 1, 'nothing sent during the pause');
    await clock.advance(1);
    assert.deepEqual(
      calls
        .slice(1)
        .map((c) => c.text)
        .sort(),
      ['other', 'text'],
    );
    for (const call of calls.slice(1)) call.answer(call.text.length);
    await settle();
    assert.deepEqual(
      outcomes
        .slice(1)
        .map((o) => ('tokens' in o ? o.tokens : o.error.kind))
        .sort(),
      [4, 5],
    );
  });

  it('without retry-after, backs off 1 s, then 2 s, and resets after a success', async () => {
    scheduler.request(key('a', 1), 'text');
    await clock.advance(1000);
    calls[0].fail('overloaded');
    await clock.advance(999);
    assert.equal(calls.length, 1);
    await clock.advance(1);
    assert.equal(calls.length, 2);
    calls[1].fail('network');
    await clock.advance(1999);
    assert.equal(calls.length, 2);
    await clock.advance(1);
    assert.equal(calls.length, 3);
    calls[2].answer(7);
    await settle();
    scheduler.request(key('a', 2), 'changed');
    await clock.advance(1000);
    calls[3].fail('timeout');
    await settle();
    const last = outcomes.at(-1)!;
    assert.ok('error' in last && last.error.retryAt === clock.now() + 1000, 'back to 1 s');
  });

  it('after the key is refused, sends nothing more and answers from memory until restarted', async () => {
    scheduler.request(key('b', 1), 'waiting');
    scheduler.request(key('a', 1), 'text');
    await clock.advance(1000);
    assert.equal(calls.length, 2);
    calls[0].answer(2);
    await settle();
    scheduler.request(key('b', 2), 'waiting longer');
    calls[1].fail('auth');
    await settle();
    const kinds = outcomes.map((o) => ('error' in o ? `${o.key.uri}:${o.error.kind}` : `${o.key.uri}:${o.tokens}`));
    assert.deepEqual(kinds, ['b:2', 'a:auth', 'b:auth'], 'the document waiting for a count hears of the refusal too');

    scheduler.request(key('a', 2), 'edited');
    await clock.advance(10_000);
    assert.equal(calls.length, 2, 'nothing sent after the refusal');
    const answer = outcomes.at(-1)!;
    assert.ok('error' in answer && answer.error.kind === 'auth');

    scheduler.restart();
    await clock.advance(1000);
    assert.deepEqual(
      calls
        .slice(2)
        .map((c) => c.text)
        .sort(),
      ['edited', 'waiting longer'],
    );
  });

  it('remembers a refused request, so the same text is not sent again', async () => {
    scheduler.request(key('a', 1), 'bad');
    await clock.advance(1000);
    calls[0].fail('badRequest');
    await settle();
    await countOnce(key('a', 2), 'good', 1);
    scheduler.request(key('a', 3), 'bad');
    await clock.advance(1000);
    assert.equal(calls.length, 2);
    const last = outcomes.at(-1)!;
    assert.ok('error' in last && last.error.kind === 'badRequest');
  });

  it('restart(true) forgets every count: unchanged text is sent again when next asked for, and only then', async () => {
    await countOnce(key('a', 1), 'text', 3);
    scheduler.restart(true);
    await clock.advance(5000);
    assert.equal(calls.length, 1, 'a document nobody asks about is not sent');
    scheduler.request(key('a', 2), 'text');
    await clock.advance(1000);
    assert.equal(calls.length, 2);
    assert.equal(calls[1].text, 'text');
  });

  it('sends nothing for a forgotten document, or after clear()', async () => {
    scheduler.request(key('a', 1), 'text');
    scheduler.request(key('b', 1), 'text too');
    scheduler.forget('a');
    await clock.advance(500);
    scheduler.clear();
    await clock.advance(5000);
    assert.equal(calls.length, 0);
    assert.deepEqual(outcomes, []);
  });

  it('keeps at most cacheSize counts, dropping the least recently used', async () => {
    const small = scriptedCount();
    const seen: ExactCountOutcome[] = [];
    const lru = new ExactCountScheduler({ count: small.count, onOutcome: (o) => seen.push(o), delayMs: 10, cacheSize: 2, clock });
    const ask = async (uri: string, text: string) => {
      lru.request(key(uri, 1), text);
      await clock.advance(10);
      small.calls.at(-1)?.answer(text.length);
      await settle();
    };
    await ask('1', 'one');
    await ask('2', 'two');
    await ask('3', 'one'); // hit: "one" is now the most recent
    await ask('4', 'three'); // evicts "two"
    const sentBefore = small.calls.length;
    await ask('5', 'one');
    assert.equal(small.calls.length, sentBefore, '"one" stayed');
    await ask('6', 'two');
    assert.equal(small.calls.length, sentBefore + 1, '"two" was dropped and sent again');
    lru.dispose();
  });
});

describe('exact count scheduler with the client and the fake server', () => {
  it('counts through the real HTTP client, retrying by itself after a 429 with retry-after', async () => {
    const apiKey = 'sk-ant-scheduler-test';
    const server = await startFakeAnthropicServer({ apiKey });
    try {
      server.enqueue({ kind: 'error', status: 429, type: 'rate_limit_error', message: 'slow down', retryAfter: '0.05' });
      const outcomes: ExactCountOutcome[] = [];
      const done = new Promise<void>((resolve) => {
        const scheduler = new ExactCountScheduler({
          delayMs: 10,
          count: ({ model, text, signal }) => countWithProvider(ANTHROPIC, { baseUrl: server.baseUrl, apiKey, model, text, signal }),
          onOutcome: (outcome) => {
            outcomes.push(outcome);
            if ('tokens' in outcome) {
              scheduler.dispose();
              resolve();
            }
          },
        });
        scheduler.request(key('file:///prompt.md', 3), 'Explain the plan in two sentences.');
      });
      await done;
      assert.equal(server.requests.length, 2);
      assert.equal(outcomes.length, 2);
      const [limited, counted] = outcomes;
      assert.ok('error' in limited && limited.error.kind === 'rateLimited' && limited.error.retryAt !== undefined);
      assert.deepEqual(counted, { key: key('file:///prompt.md', 3), tokens: fakeTokenCount('Explain the plan in two sentences.'), cached: false });
    } finally {
      await server.close();
    }
  });
});
