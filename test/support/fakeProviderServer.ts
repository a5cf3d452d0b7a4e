// A stand-in for the OpenAI, Gemini and xAI token-counting endpoints on 127.0.0.1, for the unit
// tests and the integration tests in a real VS Code (point `tokenscope.<provider>.baseUrl` at
// `baseUrl`). It checks requests as the real APIs document them (method, path, key header,
// body shape), answers with their JSON shapes, and can be told to fail the ways they do.
// (Anthropic has its own, fakeAnthropicServer.ts.)
//
// Its counts follow documented fake rules, so tests can predict them: fakeProviderCount().
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeProvider = 'openai' | 'gemini' | 'xai';

/** Tokens the fake adds per request where the real API counts a request's framing (OpenAI, Gemini). */
export const FAKE_PROVIDER_FRAMING = 5;

/** xAI's fake tokens: the text's UTF-8 bytes in runs of 3, so an emoji or a CJK character is cut across tokens. */
export function fakeXaiTokens(text: string): number[][] {
  const bytes = [...Buffer.from(text, 'utf8')];
  const tokens: number[][] = [];
  for (let i = 0; i < bytes.length; i += 3) tokens.push(bytes.slice(i, i + 3));
  return tokens;
}

/** The fake rule: ⌈UTF-8 bytes / 3⌉ tokens, plus the framing where the provider counts one. */
export function fakeProviderCount(provider: FakeProvider, text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) + (provider === 'xai' ? 0 : FAKE_PROVIDER_FRAMING);
}

export type FakeProviderAnswer =
  | { readonly kind: 'count' }
  /** An error with this status, in the provider's own error shape; `code` is OpenAI's code, Gemini's status or reason. */
  | { readonly kind: 'error'; readonly status: number; readonly message?: string; readonly code?: string; readonly retryAfter?: string }
  /** 200 with a body that is not the API's. */
  | { readonly kind: 'malformed'; readonly body: string }
  /** Waits this long, then answers a correct count (or never, if the client gives up first). */
  | { readonly kind: 'slow'; readonly delayMs: number };

export interface RecordedProviderRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

export interface FakeProviderServer {
  readonly baseUrl: string;
  readonly requests: RecordedProviderRequest[];
  enqueue(...answers: FakeProviderAnswer[]): void;
  close(): Promise<void>;
}

/** The models each fake knows; any other is a 404, as the real APIs answer an unknown model. */
const MODEL_PREFIX: Record<FakeProvider, string> = { openai: 'gpt-', gemini: 'gemini-', xai: 'grok-' };

export async function startFakeProviderServer(provider: FakeProvider, options: { apiKey: string }): Promise<FakeProviderServer> {
  const requests: RecordedProviderRequest[] = [];
  const queue: FakeProviderAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body });
      answer(req, res, path, body);
    });
  });

  function answer(req: IncomingMessage, res: ServerResponse, path: string, body: unknown): void {
    const request = parseRequest(provider, path, body);
    if (request === 'notFound') return sendError(res, provider, 404, `Not found: ${path}`, 'NOT_FOUND');
    if (req.method !== 'POST') return sendError(res, provider, 405, `Method ${req.method} not allowed`);
    if (!keyOk(provider, req, options.apiKey)) {
      // Each API's own answer to a wrong key: OpenAI 401 invalid_api_key, Gemini 400 API_KEY_INVALID, xAI 400 "Incorrect API key".
      if (provider === 'openai') return sendError(res, provider, 401, 'Incorrect API key provided.', 'invalid_api_key');
      if (provider === 'gemini') return sendError(res, provider, 400, 'API key not valid. Please pass a valid API key.', 'API_KEY_INVALID');
      return sendError(res, provider, 400, 'Incorrect API key provided: xa***. You can obtain an API key from https://console.x.ai.');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendError(res, provider, 400, 'content-type must be application/json');
    if (typeof request === 'string') return sendError(res, provider, 400, request, 'INVALID_ARGUMENT');
    if (!request.model.startsWith(MODEL_PREFIX[provider])) return sendError(res, provider, 404, `The model \`${request.model}\` does not exist.`, 'model_not_found');

    const scripted = queue.shift() ?? { kind: 'count' };
    switch (scripted.kind) {
      case 'count':
        return sendJson(res, 200, countBody(provider, request.text));
      case 'error':
        return sendError(
          res,
          provider,
          scripted.status,
          scripted.message ?? 'error',
          scripted.code,
          scripted.retryAfter !== undefined ? { 'retry-after': scripted.retryAfter } : {},
        );
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(scripted.body);
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) sendJson(res, 200, countBody(provider, request.text));
        }, scripted.delayMs);
        timers.add(timer);
        res.on('close', () => clearTimeout(timer));
        return;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function keyOk(provider: FakeProvider, req: IncomingMessage, apiKey: string): boolean {
  if (provider === 'gemini') return req.headers['x-goog-api-key'] === apiKey && req.headers.authorization === undefined;
  return req.headers.authorization === `Bearer ${apiKey}`;
}

/** The model and text of a well-formed request, what is wrong with it, or `notFound` for another path. */
function parseRequest(provider: FakeProvider, path: string, body: unknown): { model: string; text: string } | string | 'notFound' {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  switch (provider) {
    case 'openai':
      if (path !== '/v1/responses/input_tokens') return 'notFound';
      if (typeof b.model !== 'string' || typeof b.input !== 'string') return 'model and input are required';
      return { model: b.model, text: b.input };
    case 'gemini': {
      const match = /^\/v1beta\/models\/([^/:]+):countTokens$/.exec(path);
      if (!match) return 'notFound';
      const contents = b.contents as Array<{ parts?: Array<{ text?: unknown }> }> | undefined;
      const text = Array.isArray(contents) && contents.length === 1 && contents[0].parts?.length === 1 ? contents[0].parts[0].text : undefined;
      if (typeof text !== 'string') return 'contents: one content with one text part expected';
      return { model: decodeURIComponent(match[1]), text };
    }
    case 'xai':
      if (path !== '/v1/tokenize-text') return 'notFound';
      if (typeof b.model !== 'string' || typeof b.text !== 'string') return 'text and model are required';
      return { model: b.model, text: b.text };
  }
}

function countBody(provider: FakeProvider, text: string): unknown {
  switch (provider) {
    case 'openai':
      return { object: 'response.input_tokens', input_tokens: fakeProviderCount(provider, text) };
    case 'gemini':
      return { totalTokens: fakeProviderCount(provider, text), promptTokensDetails: [{ modality: 'TEXT', tokenCount: fakeProviderCount(provider, text) }] };
    case 'xai':
      return {
        token_ids: fakeXaiTokens(text).map((bytes, i) => ({ token_id: 1000 + i, string_token: Buffer.from(bytes).toString('latin1'), token_bytes: bytes })),
      };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The provider's own error shape. */
function sendError(res: ServerResponse, provider: FakeProvider, status: number, message: string, code?: string, headers: Record<string, string> = {}): void {
  switch (provider) {
    case 'openai':
      return sendJson(res, status, { error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code: code ?? null } }, headers);
    case 'gemini': {
      const reason = code === 'API_KEY_INVALID' ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'googleapis.com' }] : [];
      const statusName = code && code !== 'API_KEY_INVALID' ? code : status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'UNAVAILABLE' : 'INVALID_ARGUMENT';
      return sendJson(res, status, { error: { code: status, message, status: statusName, details: reason } }, headers);
    }
    case 'xai':
      return sendJson(res, status, { code: code ?? 'Client specified an invalid argument', error: message }, headers);
  }
}
