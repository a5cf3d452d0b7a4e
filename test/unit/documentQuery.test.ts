import * as assert from 'node:assert/strict';
import { DocumentQuery, type QueryChannel, type QueryFailure, type QueryInput } from '../../src/host/documents/documentQuery';
import { DocumentVersion } from '../../src/host/documents/documentVersion';

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Question extends QueryInput {
  readonly tokenizer: string;
}

class Failure extends Error {
  constructor(readonly kind: QueryFailure) {
    super(kind);
  }
}

/** A request the test answers or fails by hand. */
interface Sent {
  input: Question;
  /** What the asker passed besides the input (the worker client's request options, here a label). */
  options: string | undefined;
  answer(result: string): void;
  fail(kind: QueryFailure): void;
}

/** A worker seen through its mirrors: records what is sent and re-sent; the test settles each request. */
class FakeChannel implements QueryChannel<Question, string, string> {
  readonly sent: Sent[] = [];
  readonly resent: Question[] = [];
  generation = 1;
  private restartListeners: Array<() => void> = [];

  send(input: Question, options?: string): Promise<string> {
    return new Promise((resolve, reject) => this.sent.push({ input, options, answer: resolve, fail: (kind) => reject(new Failure(kind)) }));
  }

  resend(input: Question): void {
    this.resent.push(input);
  }

  failure(error: unknown): QueryFailure {
    return error instanceof Failure ? error.kind : 'other';
  }

  onDidRestart(listener: () => void) {
    this.restartListeners.push(listener);
    return { dispose: () => void (this.restartListeners = this.restartListeners.filter((l) => l !== listener)) };
  }

  /** A new worker is up. */
  restart(): void {
    this.generation++;
    for (const listener of this.restartListeners) listener();
  }

  last(): Sent {
    const request = this.sent[this.sent.length - 1];
    assert.ok(request, 'a request was sent');
    return request;
  }
}

const question = (version: number, tokenizer = 'o200k_base', uri = 'file:///a.md'): Question => ({ at: new DocumentVersion(uri, version), tokenizer });

/** A consumer's view: what it wants now, and what it was shown. */
function consumer(query: DocumentQuery<Question, string, string>, initial: Question | undefined) {
  const seen = { wanted: initial, answers: [] as string[], errors: [] as unknown[] };
  const watch = query.watch({
    current: () => seen.wanted,
    onAnswer: (_input, result) => void seen.answers.push(result),
    onError: (_input, error) => void seen.errors.push(error),
  });
  return { seen, watch };
}

describe('DocumentQuery', () => {
  let channel: FakeChannel;
  let query: DocumentQuery<Question, string, string>;
  beforeEach(() => {
    channel = new FakeChannel();
    query = new DocumentQuery(channel, (q) => q.tokenizer);
  });

  it('sends one request when two consumers ask the same thing about the same version, and both get its answer', async () => {
    const statusBar = consumer(query, question(1));
    statusBar.watch.refresh();
    const codeLens = query.ask(question(1));
    assert.equal(channel.sent.length, 1);
    channel.last().answer('42 tokens');
    assert.equal(await codeLens, '42 tokens');
    await settle();
    assert.deepEqual(statusBar.seen.answers, ['42 tokens']);
    // Asked again later (VS Code re-asks for lenses): still the same answer, no new request.
    assert.equal(await query.ask(question(1)), '42 tokens');
    assert.equal(channel.sent.length, 1);
  });

  it('sends separate requests for another tokenizer or another version, and forgets answers of older versions', async () => {
    void query.ask(question(1, 'o200k_base'));
    void query.ask(question(1, 'cl100k_base'));
    assert.equal(channel.sent.length, 2);
    channel.sent.forEach((s) => s.answer('old'));
    await settle();
    void query.ask(question(2));
    assert.equal(channel.sent.length, 3);
    // Version 2 was asked: version 1's answers are gone, so asking for it again sends again.
    void query.ask(question(1));
    assert.equal(channel.sent.length, 4);
  });

  it('keeps one request in flight per consumer and asks again once it settles when the input changed meanwhile', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    seen.wanted = question(2);
    watch.refresh();
    seen.wanted = question(3);
    watch.refresh();
    assert.equal(channel.sent.length, 1, 'no second request while one is in flight');
    channel.last().answer('for version 1');
    await settle();
    assert.equal(channel.sent.length, 2);
    assert.equal(channel.last().input.at.version, 3, 'the rerun asks for what is current now');
    channel.last().answer('for version 3');
    await settle();
    assert.deepEqual(seen.answers, ['for version 3']);
  });

  it('drops an answer for an input that is no longer wanted, without asking again', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    seen.wanted = undefined; // the editor closed
    channel.last().answer('stale');
    await settle();
    assert.deepEqual(seen.answers, []);
    assert.equal(channel.sent.length, 1);
  });

  it('re-sends the mirror and asks exactly once more after a desync', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    channel.last().fail('desync');
    await settle();
    assert.equal(channel.resent.length, 1);
    assert.equal(channel.sent.length, 2);
    channel.last().answer('after resend');
    await settle();
    assert.deepEqual(seen.answers, ['after resend']);
    assert.deepEqual(seen.errors, []);
  });

  it('reports the error when the retry after a desync fails with a desync again', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    channel.last().fail('desync');
    await settle();
    channel.last().fail('desync');
    await settle();
    assert.equal(channel.sent.length, 2);
    assert.equal(channel.resent.length, 1);
    assert.equal(seen.errors.length, 1);
  });

  it('waits for a new worker after the worker went away, then asks it', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    channel.last().fail('workerGone');
    await settle();
    assert.equal(channel.sent.length, 1, 'nothing is asked while no worker is up');
    assert.deepEqual(seen.errors, []);
    channel.restart();
    assert.equal(channel.sent.length, 2);
    channel.last().answer('from the new worker');
    await settle();
    assert.deepEqual(seen.answers, ['from the new worker']);
  });

  it('asks at once when a new worker was already up by the time the request failed', async () => {
    const { watch } = consumer(query, question(1));
    watch.refresh();
    channel.generation++; // a crash restarts the worker before the pending request is rejected
    channel.last().fail('workerGone');
    await settle();
    assert.equal(channel.sent.length, 2);
  });

  it('does not keep a failure: the next question sends again', async () => {
    const first = query.ask(question(1));
    channel.last().fail('other');
    await assert.rejects(first);
    void query.ask(question(1));
    assert.equal(channel.sent.length, 2);
  });

  it('shows other failures to the consumer', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    channel.last().fail('other');
    await settle();
    assert.equal(seen.errors.length, 1);
    assert.equal(channel.sent.length, 1);
  });

  it('stops listening and delivering once disposed', async () => {
    const { seen, watch } = consumer(query, question(1));
    watch.refresh();
    watch.dispose();
    channel.last().answer('late');
    await settle();
    channel.restart();
    assert.deepEqual(seen.answers, []);
    assert.equal(channel.sent.length, 1);
  });

  it("passes a new request's options to the worker, on its retry after a desync too, and counts what it sent", async () => {
    const panel = query.ask(question(1), 'progress to the panel');
    // A second asker joins the request in flight: its answer, not a request of its own.
    const joined = query.ask(question(1), 'progress elsewhere');
    assert.equal(channel.sent.length, 1);
    assert.equal(channel.last().options, 'progress to the panel');
    channel.last().fail('desync');
    await settle();
    assert.equal(channel.sent.length, 2);
    assert.equal(channel.last().options, 'progress to the panel');
    assert.equal(query.requestsSent, 2);
    channel.last().answer('answer');
    assert.deepEqual(await Promise.all([panel, joined]), ['answer', 'answer']);
    // Asked again on unchanged text (a reopened panel): the kept answer, nothing sent.
    assert.equal(await query.ask(question(1), 'progress to the panel'), 'answer');
    assert.equal(query.requestsSent, 2);
  });

  it('tells versions of a document apart, and documents apart', () => {
    assert.ok(new DocumentVersion('file:///a', 3).equals(new DocumentVersion('file:///a', 3)));
    assert.ok(!new DocumentVersion('file:///a', 3).equals(new DocumentVersion('file:///a', 4)));
    assert.ok(!new DocumentVersion('file:///a', 3).equals(new DocumentVersion('file:///b', 3)));
    assert.ok(!new DocumentVersion('file:///a', 3).equals(undefined));
  });
});
