import * as assert from 'node:assert/strict';
import { freePort } from './support/freePort';
import * as keyCheck from '../../src/core/providers/providerKeyCheck';
import { ANTHROPIC } from '../../src/core/providers/providerTable';

// The Anthropic entry of the provider table, through the shared key checks.
const ANTHROPIC_DEFAULT_BASE_URL = ANTHROPIC.defaultBaseUrl;
const checkKeyFormat = (key: string, baseUrl: string) => keyCheck.checkKeyFormat(ANTHROPIC, key, baseUrl);
const checkKeyWithServer = (options: keyCheck.KeyCheckOptions) => keyCheck.checkKeyWithServer(ANTHROPIC, options);
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../support/fakeAnthropicServer';

/** The shape of a real key (`sk-ant-api03-` and 95 more characters), made up. */
const REAL_SHAPE = `sk-ant-api03-${'Ab3_x-'.repeat(15)}Q9z1w`;
const MODEL = 'claude-sonnet-4-5';

describe('Anthropic API key: the check before it is stored', () => {
  describe('its form (offline)', () => {
    it('accepts a key of the form Anthropic issues', () => {
      assert.deepEqual(checkKeyFormat(REAL_SHAPE, ANTHROPIC_DEFAULT_BASE_URL), { ok: true });
    });

    const refused: ReadonlyArray<readonly [string, string, RegExp]> = [
      ['nothing', '', /Enter a key/],
      ['a key with a space', `${REAL_SHAPE.slice(0, 30)} ${REAL_SHAPE.slice(30)}`, /no spaces or line breaks/],
      ['a key with a line break', `${REAL_SHAPE}\nsecond line`, /no spaces or line breaks/],
      ['a key with a non-ASCII character', `${REAL_SHAPE}é`, /ASCII/],
      ['another service’s key', `sk-proj-${'a'.repeat(60)}`, /start with "sk-ant-"/],
      ['a key cut short', 'sk-ant-api03-abc', /too short .* pasted whole/],
      ['a key with a character Anthropic keys do not have', `${REAL_SHAPE.slice(0, 40)}+${REAL_SHAPE.slice(40)}`, /too short or has characters/],
    ];
    for (const [what, key, message] of refused) {
      it(`refuses ${what} for Anthropic's API, saying why`, () => {
        const check = checkKeyFormat(key, ANTHROPIC_DEFAULT_BASE_URL);
        assert.equal(check.ok, false);
        assert.match(check.ok ? '' : check.message, message);
      });
    }

    it('only warns of a key of another form for another base URL (a gateway may issue its own), but still refuses spaces', () => {
      const check = checkKeyFormat('gateway-key-123', 'https://llm.example.com/anthropic');
      assert.equal(check.ok, true);
      assert.match(check.ok ? (check.warning ?? '') : '', /start with "sk-ant-"; kept, as https:\/\/llm\.example\.com\/anthropic may issue its own/);
      assert.equal(checkKeyFormat('gateway key', 'https://llm.example.com').ok, false);
    });
  });

  describe('with the server (only when exact counts are on)', () => {
    let server: FakeAnthropicServer;
    beforeEach(async () => (server = await startFakeAnthropicServer({ apiKey: REAL_SHAPE })));
    afterEach(() => server.close());

    it('accepts a key the server counts with, sending two letters and nothing else', async () => {
      assert.deepEqual(await checkKeyWithServer({ baseUrl: server.baseUrl, apiKey: REAL_SHAPE, model: MODEL }), { verdict: 'accepted' });
      assert.equal(server.requests.length, 1);
      assert.deepEqual(server.requests[0].body, { model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
    });

    it('refuses a key the server does not accept (401), with its reason and without the key in it', async () => {
      const wrong = `${REAL_SHAPE.slice(0, -3)}XXX`;
      const verdict = await checkKeyWithServer({ baseUrl: server.baseUrl, apiKey: wrong, model: MODEL });
      assert.equal(verdict.verdict, 'refused');
      assert.match(verdict.verdict === 'refused' ? verdict.message : '', /did not accept the API key \(401\)/);
      assert.ok(!JSON.stringify(verdict).includes(wrong));
    });

    it('refuses a key without the permission (403)', async () => {
      server.enqueue({ kind: 'error', status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' });
      assert.equal((await checkKeyWithServer({ baseUrl: server.baseUrl, apiKey: REAL_SHAPE, model: MODEL })).verdict, 'refused');
    });

    const unknown: ReadonlyArray<readonly [string, () => void]> = [
      ['a rate limit', () => server.enqueue({ kind: 'error', status: 429, type: 'rate_limit_error' })],
      ['an overloaded API', () => server.enqueue({ kind: 'error', status: 529, type: 'overloaded_error' })],
      ['a model the server does not know', () => server.enqueue({ kind: 'error', status: 404, type: 'not_found_error', message: 'model: claude-x' })],
    ];
    for (const [what, arrange] of unknown) {
      it(`cannot say after ${what}: unchecked, with the reason`, async () => {
        arrange();
        const verdict = await checkKeyWithServer({ baseUrl: server.baseUrl, apiKey: REAL_SHAPE, model: MODEL });
        assert.equal(verdict.verdict, 'unchecked');
        assert.ok(verdict.verdict === 'unchecked' && verdict.message.length > 10);
      });
    }

    it('cannot say when the server is unreachable: unchecked, saying it could not reach it', async () => {
      const port = await freePort();
      const verdict = await checkKeyWithServer({ baseUrl: `http://127.0.0.1:${port}`, apiKey: REAL_SHAPE, model: MODEL });
      assert.equal(verdict.verdict, 'unchecked');
      assert.match(verdict.verdict === 'unchecked' ? verdict.message : '', /Could not reach http:\/\/127\.0\.0\.1/);
    });
  });
});
