import * as assert from 'node:assert/strict';
import { countRequestText, isNotARequest, requestFormatOf } from '../../src/core/requests/requestCount';
import { anthropicImageTokens, dataUrlImageSize, GPT_4O_MINI_IMAGE_RATES, imageSize, openAiImageTokens } from '../../src/core/requests/imageTokens';
import type { RequestBreakdown } from '../../src/core/requests/requestTypes';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const count = (t: string) => o200k.count(t);

function breakdown(text: string, imageProvider: 'openai' | 'anthropic' | 'other' = 'openai'): RequestBreakdown {
  const result = countRequestText(text, { count, imageProvider });
  if (isNotARequest(result)) throw new Error(result.notARequest);
  return result;
}

/** A PNG header of the given size (signature, IHDR), base64, as a data URL. */
function pngDataUrl(width: number, height: number): string {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return `data:image/png;base64,${b.toString('base64')}`;
}

describe('request files: shapes, places and images', () => {
  it('recognises each format by its fields, whatever the file is called', () => {
    assert.equal(requestFormatOf({ messages: [{ role: 'system', content: 'x' }] }), 'openai-chat');
    assert.equal(requestFormatOf({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }), 'openai-chat');
    assert.equal(requestFormatOf({ input: 'Hi', instructions: 'Be brief' }), 'openai-responses');
    assert.equal(requestFormatOf({ system: 'Be brief', messages: [{ role: 'user', content: 'x' }] }), 'anthropic-messages');
    assert.equal(requestFormatOf({ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'a', input_schema: {} }] }), 'anthropic-messages');
    assert.equal(requestFormatOf({ messages: [{ role: 'user', content: 'x' }] }, 'anthropic'), 'anthropic-messages');
    assert.equal(requestFormatOf({ name: 'package', version: '1.0.0' }), undefined);
    assert.equal(requestFormatOf([1, 2]), undefined);
  });

  it('says why a file is not a request: broken JSON, or JSON of another shape', () => {
    const broken = countRequestText('{"messages": [', { count, imageProvider: 'openai' });
    assert.ok(isNotARequest(broken) && /not valid JSON/.test(broken.notARequest));
    const other = countRequestText('{"compilerOptions": {}}', { count, imageProvider: 'openai' });
    assert.ok(isNotARequest(other) && /not a chat request/.test(other.notARequest));
    const shaped = countRequestText('{"messages": 3}', { count, imageProvider: 'openai' });
    assert.ok(isNotARequest(shaped) && /not a chat request/.test(shaped.notARequest));
  });

  it('gives each message the offsets of its JSON in the file, so the editor can reveal it', () => {
    const text = '{\n  // a comment, as in a .jsonc file\n  "messages": [\n    {"role": "system", "content": "Be brief."},\n    {"role": "user", "content": "Hi"},\n  ]\n}';
    const result = breakdown(text);
    const user = result.items.find((i) => i.label === '#2 user')!;
    assert.deepEqual(user.span!.path, ['messages', 1]);
    assert.equal(text.slice(user.span!.offset, user.span!.offset + user.span!.length), '{"role": "user", "content": "Hi"}');
  });

  it("counts images by OpenAI's published tile formula: the guide's 765, 1,105 and 85", () => {
    assert.equal(openAiImageTokens({ width: 1024, height: 1024 }, 'high'), 765);
    assert.equal(openAiImageTokens({ width: 2048, height: 4096 }, 'high'), 1105);
    assert.equal(openAiImageTokens({ width: 4096, height: 8192 }, 'low'), 85);
    assert.equal(openAiImageTokens({ width: 512, height: 512 }, 'auto'), 255);
    assert.equal(openAiImageTokens({ width: 1024, height: 1024 }, 'high', GPT_4O_MINI_IMAGE_RATES), 2833 + 4 * 5667);
  });

  it("counts images by Anthropic's published (width × height) / 750: the guide's ~54, ~1,334 and ~1,590", () => {
    assert.equal(anthropicImageTokens({ width: 200, height: 200 }), 54);
    assert.equal(anthropicImageTokens({ width: 1000, height: 1000 }), 1334);
    assert.equal(anthropicImageTokens({ width: 1092, height: 1092 }), 1590);
    assert.equal(anthropicImageTokens({ width: 3136, height: 1568 }), anthropicImageTokens({ width: 1568, height: 784 }));
  });

  it('reads the size of PNG, GIF, WebP and JPEG images from their headers', () => {
    assert.deepEqual(dataUrlImageSize(pngDataUrl(640, 480)), { width: 640, height: 480 });
    const gif = Buffer.from('GIF89a\x20\x03\x58\x02', 'latin1');
    assert.deepEqual(imageSize(gif), { width: 800, height: 600 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'ascii');
    webp.write('WEBPVP8X', 8, 'ascii');
    webp.writeUIntLE(99, 24, 3);
    webp.writeUIntLE(49, 27, 3);
    assert.deepEqual(imageSize(webp), { width: 100, height: 50 });
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 300, width 400.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0x90, 0x03, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(imageSize(jpeg), { width: 400, height: 300 });
    assert.equal(imageSize(Buffer.from('not an image')), undefined);
  });

  it('counts an inlined image and lists a remote one as not counted, never as 0', () => {
    const request = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024), detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    };
    const result = breakdown(JSON.stringify(request));
    const user = result.items[0];
    assert.equal(user.imageTokens, 765);
    assert.equal(user.imagesNotCounted, 1);
    assert.equal(result.imagesNotCounted, 1);
    assert.match(result.images[1].reason!, /remote/);
    assert.equal(result.total, 3 + count('user') + count('What is in these?') + 765 + 3);
  });

  it('counts an Anthropic request ≈: system, messages, tools and the published tool-use system prompt', () => {
    const request = {
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngDataUrl(1000, 1000).split(',')[1] } },
            { type: 'text', text: 'Describe.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'look', input: { q: 'cat' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'A cat.' }] },
      ],
      tools: [{ name: 'look', description: 'Looks.', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
    };
    const result = breakdown(JSON.stringify(request), 'anthropic');
    assert.equal(result.format, 'anthropic-messages');
    assert.equal(result.framing.kind, 'estimated');
    assert.deepEqual(
      result.items.map((i) => i.label),
      ['system', '#1 user', '#2 assistant', '#3 user', 'tool look', 'tool use system prompt'],
    );
    assert.equal(result.items[1].imageTokens, 1334);
    assert.equal(result.items[5].tokens, 346);
    assert.ok(result.items.every((i) => i.estimated));
  });

  it('counts a Responses request ≈ with its instructions, input items and function tools', () => {
    const request = {
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
        { type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}', call_id: 'c1' },
        { type: 'function_call_output', call_id: 'c1', output: '{"t":21}' },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { type: 'web_search' }],
    };
    const result = breakdown(JSON.stringify(request));
    assert.equal(result.format, 'openai-responses');
    assert.deepEqual(
      result.items.map((i) => i.kind),
      ['system', 'message', 'message', 'message', 'tool', 'framing', 'tool', 'priming'],
    );
    assert.match(result.items[6].note!, /built-in tool/);
  });
});
