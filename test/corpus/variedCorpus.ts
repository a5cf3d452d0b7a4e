/**
 * A small corpus of texts that exercise every part of the tiktoken pre-tokenizer regexes and
 * the places where Tokenscope cuts documents: scripts, code, whitespace of every kind, CR/LF
 * mixtures, surrogates, special-token literals. Each entry is short enough that testing every
 * cut position of it against a reference tokenizer stays fast.
 */
export interface CorpusEntry {
  readonly name: string;
  readonly text: string;
}

const englishProse = `The quick brown fox jumps over the lazy dog. It wasn't the first time, and it won't be the last;
foxes are like that. "Really?" she asked -- and he said: "Yes, really!"

A second paragraph follows a blank line. Numbers like 3.14159, 1,000,000 and 2024-05-17 appear
in prose too, as do abbreviations (e.g., i.e., etc.) and URLs: https://example.com/a/b?c=d&e=f.
`;

const typeScriptCode = `import { readFile } from 'node:fs/promises';

/** Counts lines. */
export async function countLines(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  let lines = 0;
  for (const ch of text) {
    if (ch === '\\n') lines++;
  }
  return lines; // trailing comment
}
// a comment that starts a line
/* block */
const re = /\\s+$/u;
`;

const pythonCode = `def fib(n: int) -> int:
    """Return the n-th Fibonacci number."""
    if n < 2:
        return n
    a, b = 0, 1
    for _ in range(n - 1):
        a, b = b, a + b
    return b


class Point:
\tdef __init__(self, x, y):
\t\tself.x = x
\t\tself.y = y
`;

const json = `{
  "name": "tokenscope",
  "version": "0.1.0",
  "nested": { "list": [1, 2, 3, -4.5e10, true, false, null], "empty": {} },
  "unicode": "caf\\u00e9 \u00e9t\u00e9",
  "path": "C:\\\\Users\\\\x"
}
`;

const markdown = `# Title

Some *emphasis*, **strong**, \`inline code\` and a [link](https://example.com).

- item one
- item two
  - nested item

1. first
2. second

> A quote.

\`\`\`ts
const x = 1;
\`\`\`

| a | b |
|---|---|
| 1 | 2 |
`;

const cjk = '日本語のテキストです。東京は大きい都市です。\n中文文本：你好，世界！我们今天学习分词。\n한국어 문장입니다. 안녕하세요!\n';
const cyrillic = 'Съешь же ещё этих мягких французских булок, да выпей чаю.\nПРИВЕТ мир! Привет, Мир.\n';
const arabic = 'مرحبا بالعالم. هذه جملة عربية، مع أرقام ١٢٣ و 456.\n';
const devanagari = 'नमस्ते दुनिया। यह हिन्दी का वाक्य है।\nक्षत्रिय ज्ञान\n';
const emoji = 'Smile 😀 thumbs 👍🏽 family 👨‍👩‍👧‍👦 rainbow flag 🏳️‍🌈 flags 🇫🇷🇯🇵🇺🇸 keycap 1️⃣ heart ❤️\n😀😀😀😀\n';
const digits = '0 12 345 6789 01234 567890 1234567890123456789\n3.14159265358979 -42 +7 1e-9 0xFF 0b1010 1_000_000\n';

/** Characters whose handling differs between regex engines or sits at the edge of the rules. */
const whitespaceZoo =
  'a\u0085b \u0085 c\u2028d\u2029e\u00a0f \u00a0 g\u3000h\u3000\u3000i\u1680j\u2000k\u200a l\u202fm\u205fn\u000bo\u000cp\n' + ' \u0085\n\u2028\n\u00a0\n\u3000x\n';

const byteOrderMarks = '\ufeffFirst line after a BOM.\nMiddle\ufeffof a word and \ufeff alone and \ufeff\ufeff twice.\n\ufeff\nx \ufeff\n';
const crlfText = 'line one\r\nline two\r\n\r\n  indented\r\n\r\n\r\nlast\r\n';
const loneCr = 'old mac\rline\r\rtwo\r  x\r\n\rmix\n\r\n';
const tabs = 'col1\tcol2\t\tcol3\n\tindented\n\t\t\tdeep\n \t \tmixed\n\t\n';
const surrogates = 'high \ud800 alone, low \udc00 alone, reversed \udc00\ud800, end \ud83d';
const startsWithLowSurrogate = '\ude00 then text and a pair 😀 then high at end \ud83d';
const specialTokens = 'Say <|endoftext|> then <|im_start|>user\nhi<|im_end|>\n<|fim_prefix|>a<|fim_middle|>b<|fim_suffix|>c <|endofprompt|>\n<|endoftext|><|endoftext|>';
const contractions = "don't I'LL we'RE they've she'd it's He'S YOU'VE I'm 'tis o'clock rock'n'roll it'ſ K'\u212a\n";
const commentAfterPunctuation = 'end.\n// comment\nx;\n//b\n.\n/\n;\n/* c */\n.\n\n//d\n' + 'a = 1;\nb = 2;\n' + '})\n/** doc */\n';
const blankLinesWithSpaces = 'first\n   \n\t\n  \nsecond  \n    \n\nthird\n \n \n';
const combining = 'e\u0301 cafe\u0301 A\u0301B n\u0303 \u0301start\nx\n\u0301line\n';
const mixedCase = "camelCase PascalCase snake_case SCREAMING_CASE HTTPServer iOS McDonald's XMLHttpRequest\n";

/** Long single-class runs: tiktoken is quadratic in them (DESIGN.md), so 2 KB and no more. */
const longRuns = 'a'.repeat(2048) + '\n' + ' '.repeat(300) + 'x\n' + '\n'.repeat(200) + 'y' + '9'.repeat(500);

const entries: readonly CorpusEntry[] = [
  { name: 'English prose', text: englishProse },
  { name: 'TypeScript code', text: typeScriptCode },
  { name: 'Python code with indentation', text: pythonCode },
  { name: 'JSON', text: json },
  { name: 'Markdown', text: markdown },
  { name: 'CJK', text: cjk },
  { name: 'Cyrillic', text: cyrillic },
  { name: 'Arabic', text: arabic },
  { name: 'Devanagari', text: devanagari },
  { name: 'emoji with ZWJ sequences and flags', text: emoji },
  { name: 'digit runs and numbers', text: digits },
  { name: 'Unicode whitespace (U+0085, U+2028, U+00A0, U+3000, ...)', text: whitespaceZoo },
  { name: 'U+FEFF at the start and inside', text: byteOrderMarks },
  { name: 'CRLF text', text: crlfText },
  { name: 'lone CR', text: loneCr },
  { name: 'tabs', text: tabs },
  { name: 'lone high and low surrogates', text: surrogates },
  { name: 'a lone low surrogate at the start', text: startsWithLowSurrogate },
  { name: 'special-token literals', text: specialTokens },
  { name: 'contractions in every case', text: contractions },
  { name: 'punctuation before newlines and slashes', text: commentAfterPunctuation },
  { name: 'blank lines with trailing spaces', text: blankLinesWithSpaces },
  { name: 'combining marks', text: combining },
  { name: 'mixed-case identifiers', text: mixedCase },
];

/**
 * Every entry, plus the long runs (kept out of the concatenation so it stays cheap to cut
 * everywhere) and all the short entries joined, so that cuts also meet every kind of neighbour.
 */
export const VARIED_CORPUS: readonly CorpusEntry[] = [
  ...entries,
  { name: 'long runs of one character class', text: longRuns },
  { name: 'everything concatenated', text: entries.map((e) => e.text).join('\n') },
];
