import fc from 'fast-check';

/**
 * Fragments of one-line machine text: minified JSON and JavaScript, base64, URLs and query
 * strings, with no line breaks and few blanks. The class-change cut rule (cutRules.ts) is what
 * cuts such lines, so these fragments put letters, digits and every ASCII punctuation mark
 * side by side in all orders, together with what must NOT be cut: contractions (`'s` after a
 * word), a lone mark before a word (`"key`, `:value`), digit runs longer than three, non-ASCII
 * letters and digits, a combining mark, escapes and a blank now and then.
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
const FRAGMENTS: ReadonlyArray<readonly [string, number]> = [
  ['{', 4], ['}', 4], ['[', 3], [']', 3], ['"', 8], [':', 5], [',', 6], ['.', 3], ['=', 3], ['==', 1],
  ['+', 2], ['/', 3], ['_', 2], ['-', 2], ['$', 1], ['(', 2], [')', 2], [';', 2], ['!', 1], ['?', 1],
  ['&', 1], ['%', 1], ['#', 1], ['@', 1], ['*', 1], ['<', 1], ['>', 1], ['|', 1], ['~', 1], ['^', 1], ['`', 1],
  ['\\', 1], ['\\u00e9', 1], ["'", 2], ["'s", 2], ["'ll", 1], ["'T", 1],
  ['key', 5], ['Value', 3], ['aB', 2], ['x', 3], ['Q', 2], ['true', 2], ['null', 1], ['http', 1],
  ['0', 3], ['7', 3], ['123', 3], ['4567', 2], ['3.14', 1], ['1e10', 1],
  ['é', 1], ['ß', 1], ['日本', 1], ['٣', 1], ['²', 1], ['\u0301', 1], ['😀', 1], [' ', 2], ['\t', 1],
];

const denseFragment: fc.Arbitrary<string> = fc.oneof(...FRAGMENTS.map(([text, weight]) => ({ arbitrary: fc.constant(text), weight })));

/** One line of up to `maxFragments` dense fragments. */
export function denseText(maxFragments: number): fc.Arbitrary<string> {
  return fc.array(denseFragment, { maxLength: maxFragments, size: 'max' }).map((parts) => parts.join(''));
}

/** A line of minified JSON, of about `chars` characters: what a `.min.json` or a log line holds. */
export function minifiedJsonLine(chars: number): string {
  const items: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const item = `{"id":${i},"name":"item ${i}","tags":["a${i % 7}","b"],"price":${(i * 3.17).toFixed(2)},"ok":${i % 2 === 0}}`;
    items.push(item);
    length += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

/** A line of minified JavaScript, of about `chars` characters: what a bundler's `.min.js` holds. */
export function minifiedJsLine(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const part = `function f${i}(a,b){var c=a+${i}*b;if(c>${i % 97}){return"k${i}:"+c.toFixed(2)}for(var d=0;d<b.length;d++)c+=b[d]|0;return c&&a!==null?c:void 0}`;
    parts.push(part);
    length += part.length + 1;
  }
  return `!function(){"use strict";${parts.join(';')}}();`;
}

/** About `chars` characters of base64 (of deterministic pseudo-random bytes), on one line. */
export function base64Line(chars: number): string {
  const bytes = Buffer.alloc(Math.ceil((chars * 3) / 4));
  let seed = 12345;
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  return bytes.toString('base64');
}
