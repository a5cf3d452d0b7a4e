import * as assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import type { TokenizerFileLoader } from '../../src/core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../../src/core/tokenizers/tokenizerRegistry';
import type { HostNotification, RequestMap, RequestMethod, WorkerToHost } from '../../src/worker/protocol';
import { TokenizerServer, type RequestHandlers } from '../../src/worker/tokenizerServer';
import { sourceFiles } from './support/tokenizers';

type Response = Extract<WorkerToHost, { kind: 'response' }>;

/** The server run in this process: its messages are kept, requests resolve with their response. */
class InProcessServer {
  readonly messages: WorkerToHost[] = [];
  readonly server: TokenizerServer;
  private nextId = 1;
  private readonly waiters = new Map<number, (m: Response) => void>();

  constructor(tokenizers: TokenizerRegistry, sliceMs?: number) {
    this.server = new TokenizerServer({
      tokenizers,
      sliceMs,
      post: (m) => {
        this.messages.push(m);
        if (m.kind === 'response') this.waiters.get(m.id)?.(m);
      },
    });
  }

  send(message: HostNotification): void {
    this.server.handle(message);
  }

  call<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): { id: number; response: Promise<Response> } {
    const id = this.nextId++;
    const response = new Promise<Response>((resolve) => this.waiters.set(id, resolve));
    this.server.handle({ kind: 'request', id, method, params } as Parameters<TokenizerServer['handle']>[0]);
    return { id, response };
  }
}

/** The sources' files, with a note of every rank file and tokenizer.json the registry asks for. */
function recordingFiles(reads: string[]): TokenizerFileLoader {
  return {
    rankData: (encoding) => (reads.push(encoding), sourceFiles.rankData(encoding)),
    tokenizerJson: (id) => (reads.push(id), sourceFiles.tokenizerJson(id)),
  };
}

describe('tokenizer server in-process, with an injected registry', function () {
  this.timeout(60_000);
  const o200k = get_encoding('o200k_base');

  it('counts a document exactly as tiktoken does, reading the rank file through its registry’s loader once', async () => {
    const reads: string[] = [];
    const s = new InProcessServer(new TokenizerRegistry(recordingFiles(reads)));
    const text = 'You are a helpful assistant.\nAnswer in French. <|endoftext|> 12345 🦙\n'.repeat(300);
    s.send({ kind: 'open', uri: 'a', version: 1, text });
    const first = await s.call('count', { uri: 'a', version: 1, tokenizer: 'o200k_base', selections: [[0, 29]] }).response;
    assert.ok('result' in first, JSON.stringify(first));
    const result = first.result as RequestMap['count']['result'];
    assert.equal(result.tokens, o200k.encode_ordinary(text).length);
    assert.equal(result.selectionTokens, o200k.encode_ordinary(text.slice(0, 29)).length);
    s.send({ kind: 'change', uri: 'a', version: 2, changes: [{ offset: 0, deleteCount: 3, insert: 'We' }], length: text.length - 1 });
    const second = await s.call('count', { uri: 'a', version: 2, tokenizer: 'o200k_base', selections: [] }).response;
    assert.equal('result' in second && (second.result as RequestMap['count']['result']).tokens, o200k.encode_ordinary(`We${text.slice(3)}`).length);
    assert.deepEqual(reads, ['o200k_base']);
  });

  it('says why a tokenizer its loader cannot give fails, and answers pings', async () => {
    const refusing: TokenizerFileLoader = {
      rankData: () => {
        throw new Error('no rank files here');
      },
      tokenizerJson: () => {
        throw new Error('no tokenizer files here');
      },
    };
    const s = new InProcessServer(new TokenizerRegistry(refusing));
    s.send({ kind: 'open', uri: 'a', version: 1, text: 'hello' });
    const m = await s.call('count', { uri: 'a', version: 1, tokenizer: 'cl100k_base', selections: [] }).response;
    assert.deepEqual('error' in m && m.error, { code: 'failed', message: 'could not load cl100k_base: no rank files here' });
    s.send({ kind: 'ping', seq: 4 });
    assert.deepEqual(s.messages.at(-1), { kind: 'pong', seq: 4 });
  });

  it('ends an insight the host cancels with a cancelled error, and nothing of it follows', async () => {
    const s = new InProcessServer(new TokenizerRegistry(sourceFiles), 1);
    s.send({ kind: 'open', uri: 'big', version: 1, text: 'The quick brown fox jumps over the lazy dog. 12345\n'.repeat(20_000) });
    const { id, response } = s.call('insight', { uri: 'big', version: 1, tokenizer: 'o200k_base', countWith: ['cl100k_base'], topTokens: 10 });
    assert.equal(
      s.messages.some((m) => m.kind === 'response'),
      false,
      'a 1 MB text takes more than a 1 ms slice',
    );
    s.send({ kind: 'cancel', id });
    const answer = await response;
    assert.deepEqual('error' in answer && answer.error, { code: 'cancelled', message: 'cancelled' });
    const after = s.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(s.messages.slice(after), [], 'no progress, partial or answer after the cancel');
  });

  it('has a handler for every request method: a table missing one does not compile', () => {
    const handlers: RequestHandlers = {
      count: () => {},
      tokensInRange: () => {},
      tokenDetails: () => {},
      insight: () => {},
      countFiles: () => {},
      dataset: () => {},
      lint: () => {},
    };
    // @ts-expect-error `insight` has no handler
    const missing: RequestHandlers = { count: () => {}, tokensInRange: () => {}, tokenDetails: () => {}, countFiles: () => {}, dataset: () => {}, lint: () => {} };
    assert.deepEqual(Object.keys(handlers).sort(), Object.keys({ ...missing, insight: 0 }).sort());
  });
});
