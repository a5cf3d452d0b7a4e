import * as assert from 'node:assert/strict';
import { countWithProvider, ProviderCountError, type ProviderCountErrorKind } from '../../src/core/providers/providerCount';
import { parseProviderBaseUrl } from '../../src/core/providers/providerBaseUrl';
import { checkKeyFormat, checkKeyWithServer } from '../../src/core/providers/providerKeyCheck';
import { GEMINI, OPENAI, PROVIDERS, providerFor, XAI } from '../../src/core/providers/providerTable';
import type { ProviderSpec } from '../../src/core/providers/providerSpec';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { fakeProviderCount, fakeXaiTokens, startFakeProviderServer, type FakeProvider, type FakeProviderServer } from '../support/fakeProviderServer';

/** Made-up keys of each provider's form. */
const KEYS: Record<FakeProvider, string> = {
  openai: `sk-proj-${'Ab3_x-'.repeat(10)}`,
  gemini: `AIza${'Sy0_x'.repeat(7)}`,
  xai: `xai-${'Q9z1w'.repeat(16)}`,
};
const MODELS: Record<FakeProvider, string> = { openai: 'gpt-4o', gemini: 'gemini-2.5-pro', xai: 'grok-4-0709' };
const SPECS: Record<FakeProvider, ProviderSpec> = { openai: OPENAI, gemini: GEMINI, xai: XAI };
const TEXT = 'Summarise: "quoted", a tab\t, 日本語 and 🙂.';

/** Runs `promise`, which must fail with a ProviderCountError of `kind` that does not repeat the key. */
async function failsWith(promise: Promise<unknown>, kind: ProviderCountErrorKind, key: string): Promise<ProviderCountError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ProviderCountError, `expected a ProviderCountError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.ok(!err.message.includes(key), `the key leaked into: ${err.message}`);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

for (const provider of ['openai', 'gemini', 'xai'] as const) {
  const spec = SPECS[provider];
  const key = KEYS[provider];
  const model = MODELS[provider];

  describe(`${spec.maker} token counting through the shared client`, () => {
    let server: FakeProviderServer;
    beforeEach(async () => (server = await startFakeProviderServer(provider, { apiKey: key })));
    afterEach(() => server.close());
    const count = (text: string, extra: Partial<Parameters<typeof countWithProvider>[1]> = {}) =>
      countWithProvider(spec, { baseUrl: server.baseUrl, apiKey: key, model, text, ...extra });

    it('posts the documented request with the key in its header, and reads the documented answer', async () => {
      const answer = await count(TEXT);
      assert.equal(answer.inputTokens, fakeProviderCount(provider, TEXT));
      assert.equal(server.requests.length, 1);
      const request = server.requests[0];
      assert.equal(request.method, 'POST');
      assert.equal(request.headers['content-type'], 'application/json');
      switch (provider) {
        case 'openai':
          assert.equal(request.path, '/v1/responses/input_tokens');
          assert.equal(request.headers.authorization, `Bearer ${key}`);
          assert.deepEqual(request.body, { model, input: TEXT });
          break;
        case 'gemini':
          assert.equal(request.path, `/v1beta/models/${model}:countTokens`);
          assert.equal(request.headers['x-goog-api-key'], key);
          assert.equal(request.headers.authorization, undefined, 'the key goes in x-goog-api-key only');
          assert.deepEqual(request.body, { contents: [{ parts: [{ text: TEXT }] }] });
          break;
        case 'xai':
          assert.equal(request.path, '/v1/tokenize-text');
          assert.equal(request.headers.authorization, `Bearer ${key}`);
          assert.deepEqual(request.body, { text: TEXT, model });
          break;
      }
    });

    it('sends nothing without a key, or for empty text', async () => {
      await failsWith(count(TEXT, { apiKey: '' }), 'auth', key);
      assert.deepEqual(await count(''), { inputTokens: 0 });
      assert.equal(server.requests.length, 0);
    });

    it('reports a refused key as auth, in whatever shape the provider refuses it', async () => {
      const err = await failsWith(count('hi', { apiKey: `${key}-wrong` }), 'auth', `${key}-wrong`);
      assert.match(err.message, new RegExp(`${spec.maker} did not accept the API key`));
    });

    it("reports an unknown model as badRequest, with the provider's message", async () => {
      const err = await failsWith(count('hi', { model: 'no-such-model' }), 'badRequest', key);
      assert.equal(err.status, 404);
      assert.match(err.message, /no-such-model/);
    });

    it('reports a 429 as a rate limit, with the Retry-After delay', async () => {
      server.enqueue({
        kind: 'error',
        status: 429,
        message: 'Rate limit reached for requests',
        code: provider === 'gemini' ? 'RESOURCE_EXHAUSTED' : 'rate_limit_exceeded',
        retryAfter: '7',
      });
      const err = await failsWith(count('hi'), 'rateLimited', key);
      assert.equal(err.retryAfterMs, 7000);
      assert.match(err.message, /rate limit was reached \(429\)/);
    });

    it('reports 500 and 503 as the API being unavailable', async () => {
      server.enqueue({ kind: 'error', status: 500, message: 'Internal error' }, { kind: 'error', status: 503, message: 'The model is overloaded', retryAfter: '2' });
      assert.equal((await failsWith(count('hi'), 'overloaded', key)).status, 500);
      const overloaded = await failsWith(count('hi'), 'overloaded', key);
      assert.equal(overloaded.retryAfterMs, 2000);
      assert.match(overloaded.message, /overloaded/);
    });

    for (const [what, body] of [
      ['not JSON', '<html>proxy error</html>'],
      ['no count', '{"tokens": 5}'],
      ['a negative count', JSON.stringify({ input_tokens: -1, totalTokens: -1, token_ids: [{ token_id: -1 }] })],
    ] as const) {
      it(`reports a 200 answer with ${what} as badResponse`, async () => {
        server.enqueue({ kind: 'malformed', body });
        const err = await failsWith(count('hi'), 'badResponse', key);
        assert.match(err.message, new RegExp(`without a valid "${spec.countField}" count`));
      });
    }

    it('times out a slow server', async () => {
      server.enqueue({ kind: 'slow', delayMs: 5_000 });
      const err = await failsWith(count('hi', { timeoutMs: 100 }), 'timeout', key);
      assert.match(err.message, /No answer from http:\/\/127\.0\.0\.1:\d+ within/);
    });

    it('checks a key with the server: accepted, refused, or unchecked when the server says nothing about it', async () => {
      assert.deepEqual(await checkKeyWithServer(spec, { baseUrl: server.baseUrl, apiKey: key, model }), { verdict: 'accepted' });
      assert.equal((await checkKeyWithServer(spec, { baseUrl: server.baseUrl, apiKey: `${key}x`, model })).verdict, 'refused');
      server.enqueue({ kind: 'error', status: 503, message: 'busy' });
      assert.equal((await checkKeyWithServer(spec, { baseUrl: server.baseUrl, apiKey: key, model })).verdict, 'unchecked');
    });
  });
}

describe('xAI tokens mapped onto the text', () => {
  it('returns where each token ends, cutting characters only between them', async () => {
    const server = await startFakeProviderServer('xai', { apiKey: KEYS.xai });
    try {
      const text = 'ab 日本 🙂x';
      const answer = await countWithProvider(XAI, { baseUrl: server.baseUrl, apiKey: KEYS.xai, model: MODELS.xai, text });
      assert.equal(answer.inputTokens, fakeXaiTokens(text).length);
      // Runs of 3 bytes: "ab␠" | 日 | 本 | ␠ and 2 of 🙂's 4 bytes | 🙂's last 2 and x: the token ending inside 🙂 ends after it.
      assert.deepEqual([...answer.tokenList!.ends], [3, 4, 5, 8, 9]);
      // The answer's ids, and each token's length in bytes (what lays a token cut inside 🙂 over the text).
      assert.deepEqual([...answer.tokenList!.ids], [1000, 1001, 1002, 1003, 1004]);
      assert.deepEqual([...answer.tokenList!.byteLengths], [3, 3, 3, 3, 3]);
    } finally {
      await server.close();
    }
  });
});

describe('The provider table', () => {
  const catalog = buildCatalog({}, { findInHfCache: () => undefined });
  const served = (id: string) => catalog.models.filter((m) => PROVIDERS[id as keyof typeof PROVIDERS].serves(m)).map((m) => m.id);

  it("serves each maker's chat models, and Gemma and embeddings from no API", () => {
    assert.ok(served('gemini').length > 0 && served('gemini').every((id) => id.startsWith('gemini-')), served('gemini').join());
    assert.ok(served('xai').length > 0 && served('xai').every((id) => id.startsWith('grok-')), served('xai').join());
    assert.ok(served('anthropic').every((id) => id.startsWith('claude-')));
    assert.ok(served('openai').includes('gpt-4o'));
    assert.equal(providerFor(catalog.find('gemma-3-27b-it')!), undefined);
    assert.equal(providerFor(catalog.find('text-embedding-3-small')!), undefined);
    for (const model of catalog.models) assert.ok(Object.values(PROVIDERS).filter((p) => p.serves(model)).length <= 1, `${model.id} has one provider at most`);
  });

  it("refuses a key of another form for the provider's own URL, and only warns for another server", () => {
    assert.deepEqual(checkKeyFormat(GEMINI, KEYS.gemini, GEMINI.defaultBaseUrl), { ok: true });
    assert.deepEqual(checkKeyFormat(XAI, KEYS.xai, XAI.defaultBaseUrl), { ok: true });
    assert.deepEqual(checkKeyFormat(OPENAI, KEYS.openai, OPENAI.defaultBaseUrl), { ok: true });
    const wrong = checkKeyFormat(GEMINI, KEYS.xai, GEMINI.defaultBaseUrl);
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.message, /Google keys start with "AIza"/);
    const gateway = checkKeyFormat(GEMINI, 'gw-123', 'https://gateway.example');
    assert.ok(gateway.ok && /may issue its own/.test(gateway.warning ?? ''));
  });

  it('takes https base URLs and plain http only on this machine, for every provider', () => {
    for (const spec of Object.values(PROVIDERS)) {
      assert.deepEqual(parseProviderBaseUrl(spec, undefined), { ok: true, url: spec.defaultBaseUrl });
      assert.deepEqual(parseProviderBaseUrl(spec, 'http://127.0.0.1:9/'), { ok: true, url: 'http://127.0.0.1:9' });
      const plain = parseProviderBaseUrl(spec, 'http://api.example.com');
      assert.ok(!plain.ok && plain.message.includes(`The ${spec.maker} base URL must start with https://`));
    }
  });
});
