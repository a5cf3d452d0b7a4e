// A stand-in for Anthropic's token-counting endpoint on 127.0.0.1, for the unit tests and for
// the integration tests in a real VS Code (point `tokenscope.anthropic.baseUrl` at `baseUrl`).
// It checks requests as the real API does (method, path, headers, body shape), answers with
// the same JSON shapes, and can be told to fail the ways the real one does.
//
// Its count is a documented fake rule, so tests can predict it: see fakeTokenCount().
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Tokens the fake adds per request, standing in for the real API's message framing. */
export const FAKE_FRAMING_TOKENS = 7;

/** The fake rule: ⌈UTF-8 bytes / 4⌉ per text (system and every message), plus the framing. */
export function fakeTokenCount(...texts: string[]): number {
  return texts.reduce((sum, text) => sum + Math.ceil(Buffer.byteLength(text, 'utf8') / 4), FAKE_FRAMING_TOKENS);
}

/** What the server answers next; by default a correct count. */
export type FakeAnswer =
  | { readonly kind: 'count' }
  /** An API error: `{ type: 'error', error: { type, message } }` with this status. */
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message?: string; readonly retryAfter?: string }
  /** 200 with a body that is not the API's: not JSON, or JSON without `input_tokens`. */
  | { readonly kind: 'malformed'; readonly body: string }
  /** Waits this long, then answers a correct count (or never, if the client gives up first). */
  | { readonly kind: 'slow'; readonly delayMs: number };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  readonly body: unknown;
  readonly bodyBytes: number;
}

export interface FakeAnthropicServer {
  /** `http://127.0.0.1:<port>`: what the base URL setting gets. */
  readonly baseUrl: string;
  /** Every request that reached the server, in order. */
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, in order; after them, `setDefault`'s answer. */
  enqueue(...answers: FakeAnswer[]): void;
  /** The answer once the queue is empty (a correct count unless changed). */
  setDefault(answer: FakeAnswer): void;
  /** Answers that were not consumed yet. */
  pending(): number;
  close(): Promise<void>;
}

/** The real API's limit on the token-counting request body (32 MB). */
const MAX_BODY_BYTES = 32_000_000;

export async function startFakeAnthropicServer(options: { apiKey: string }): Promise<FakeAnthropicServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeAnswer[] = [];
  let fallback: FakeAnswer = { kind: 'count' };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: url.pathname, headers: { ...req.headers }, body, bodyBytes: raw.byteLength });
      answer(req, res, url.pathname, raw.byteLength, body);
    });
  });

  function answer(req: IncomingMessage, res: ServerResponse, path: string, bytes: number, body: unknown): void {
    // The checks the real API makes first, whatever was scripted.
    if (path !== '/v1/messages/count_tokens') return sendError(res, 404, 'not_found_error', `Not found: ${path}`);
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_request_error', `Method ${req.method} not allowed`);
    if (req.headers['x-api-key'] !== options.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
    if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendError(res, 400, 'invalid_request_error', 'content-type must be application/json');
    if (bytes > MAX_BODY_BYTES) return sendError(res, 413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.');
    const texts = textsOf(body);
    if (typeof texts === 'string') return sendError(res, 400, 'invalid_request_error', texts);
    const model = (body as { model: string }).model;
    if (!model.startsWith('claude-')) return sendError(res, 404, 'not_found_error', `model: ${model}`);

    const scripted = queue.shift() ?? fallback;
    switch (scripted.kind) {
      case 'count':
        return sendJson(res, 200, { input_tokens: fakeTokenCount(...texts) });
      case 'error': {
        const headers: Record<string, string> = scripted.retryAfter !== undefined ? { 'retry-after': scripted.retryAfter } : {};
        return sendError(res, scripted.status, scripted.type, scripted.message ?? scripted.type, headers);
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(scripted.body);
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) sendJson(res, 200, { input_tokens: fakeTokenCount(...texts) });
        }, scripted.delayMs);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
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
    setDefault: (answer) => void (fallback = answer),
    pending: () => queue.length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // A client that gives up mid-body: what arrived is still recorded.
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** The texts to count, or what is wrong with the body (the real API's 400 cases we rely on). */
function textsOf(body: unknown): string[] | string {
  if (typeof body !== 'object' || body === null) return 'The request body is not valid JSON.';
  const { model, messages, system } = body as Record<string, unknown>;
  if (typeof model !== 'string' || !model) return 'model: Field required';
  if (!Array.isArray(messages) || messages.length === 0) return 'messages: Field required';
  const texts: string[] = [];
  if (system !== undefined) {
    if (typeof system !== 'string') return 'system: Input should be a valid string';
    texts.push(system);
  }
  for (const [i, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if (role !== 'user' && role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (typeof content !== 'string') return `messages.${i}.content: Input should be a valid string`;
    if (!content) return `messages.${i}: all messages must have non-empty content`;
    texts.push(content);
  }
  return texts;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, headers);
}
