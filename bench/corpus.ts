/**
 * A deterministic corpus generator (no downloads): prose, code, JSON, multilingual text and
 * digits, from a seeded PRNG, so every run of the benchmark measures the same bytes.
 */
export type CorpusKind = 'prose' | 'code' | 'json' | 'multilingual' | 'digits' | 'mixed';

/** mulberry32: small, fast, and good enough to vary text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were ' +
  'we when your can said there use an each which she do how their if will up other about out many then them these so some her would ' +
  'make like him into time has look two more write go see number no way could people my than first water been call who oil its now ' +
  'find long down day did get come made may part assistant model prompt token context answer user system instruction example always never'
).split(' ');
const IDENTIFIERS = ['count', 'tokens', 'document', 'editor', 'result', 'value', 'index', 'blocks', 'offset', 'length', 'config', 'model'];
const MULTILINGUAL = [
  '大型语言模型把文本切分成词元，然后逐个预测下一个词元。',
  'トークナイザーは文章を小さな単位に分割します。',
  'Языковые модели читают текст как последовательность токенов.',
  'تقوم النماذج اللغوية بتقسيم النص إلى رموز صغيرة قبل المعالجة.',
  'भाषा मॉडल पाठ को छोटे टोकनों में विभाजित करते हैं।',
  'Les modèles de langue découpent le texte en jetons avant de le lire.',
  '한국어 문장도 토큰으로 나뉩니다. 🙂 👩‍💻 🇫🇷',
];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];

function prose(rand: Rand): string {
  const sentences: string[] = [];
  const n = 3 + Math.floor(rand() * 5);
  for (let s = 0; s < n; s++) {
    const words = Array.from({ length: 6 + Math.floor(rand() * 14) }, () => pick(rand, WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    sentences.push(words.join(' ') + pick(rand, ['.', '.', '.', '?', '!', ':']));
  }
  const heading = rand() < 0.15 ? `## ${pick(rand, WORDS)} ${pick(rand, WORDS)}\n\n` : '';
  return `${heading}${sentences.join(' ')}\n\n`;
}

function code(rand: Rand): string {
  const name = `${pick(rand, IDENTIFIERS)}${pick(rand, ['For', 'Of', 'In', 'At'])}${pick(rand, ['Block', 'Range', 'Line'])}`;
  const lines = [`export function ${name}(${pick(rand, IDENTIFIERS)}: number, ${pick(rand, IDENTIFIERS)}: string): number {`];
  const body = 2 + Math.floor(rand() * 6);
  for (let i = 0; i < body; i++) {
    const indent = '  '.repeat(1 + Math.floor(rand() * 3));
    lines.push(
      pick(rand, [
        `${indent}const ${pick(rand, IDENTIFIERS)} = ${pick(rand, IDENTIFIERS)}.${pick(rand, IDENTIFIERS)}(${Math.floor(rand() * 1000)});`,
        `${indent}if (${pick(rand, IDENTIFIERS)} > ${Math.floor(rand() * 100)}) return ${pick(rand, IDENTIFIERS)};`,
        `${indent}// ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${pick(rand, WORDS)}`,
        `${indent}for (let i = 0; i < ${pick(rand, IDENTIFIERS)}.length; i++) {`,
        `${indent}}`,
      ]),
    );
  }
  lines.push(`  return ${pick(rand, IDENTIFIERS)};`, '}', '', '');
  return lines.join('\n');
}

function json(rand: Rand): string {
  const entries = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => {
    const value = pick(rand, [
      `${Math.floor(rand() * 100000)}`,
      `"${pick(rand, WORDS)} ${pick(rand, WORDS)}"`,
      `[${Math.floor(rand() * 10)}, ${Math.floor(rand() * 10)}, ${(rand() * 100).toFixed(2)}]`,
      'true',
      'null',
    ]);
    return `    "${pick(rand, IDENTIFIERS)}_${Math.floor(rand() * 50)}": ${value}`;
  });
  return `  {\n${entries.join(',\n')}\n  },\n`;
}

function multilingual(rand: Rand): string {
  return Array.from({ length: 2 + Math.floor(rand() * 4) }, () => pick(rand, MULTILINGUAL)).join(' ') + '\n';
}

function digits(rand: Rand): string {
  const row = Array.from({ length: 6 }, () => (rand() < 0.5 ? `${Math.floor(rand() * 1e6)}` : (rand() * 1e4).toFixed(3)));
  return `| ${row.join(' | ')} | 2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')} |\n`;
}

const GENERATORS: Record<Exclude<CorpusKind, 'mixed'>, (rand: Rand) => string> = { prose, code, json, multilingual, digits };

/** About `bytes` UTF-8 bytes (never fewer) of the given kind; `mixed` alternates all five. */
export function generateCorpus(kind: CorpusKind, bytes: number, seed = 42): string {
  const rand = prng(seed);
  const kinds = Object.keys(GENERATORS) as Array<Exclude<CorpusKind, 'mixed'>>;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const k = kind === 'mixed' ? pick(rand, kinds) : kind;
    // Mixed text comes in runs of one kind, like real documents (a prompt with a JSON example).
    const run = kind === 'mixed' ? 5 + Math.floor(rand() * 20) : 50;
    for (let i = 0; i < run && size < bytes; i++) {
      const piece = GENERATORS[k](rand);
      parts.push(piece);
      size += Buffer.byteLength(piece);
    }
  }
  return parts.join('');
}

/**
 * `text` with about `share` of its words changed as real text changes them (typos, names,
 * identifiers nobody wrote before): a letter replaced, inserted, dropped or two swapped. Such
 * words give pieces a count cache has not seen, which a repeated generated corpus never does.
 */
export function mutateWords(text: string, share: number, seed = 7): string {
  const rand = prng(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyzäéßøçñ';
  return text.replace(/\p{L}+/gu, (word) => {
    if (rand() >= share) return word;
    const chars = [...word];
    const at = Math.floor(rand() * chars.length);
    const letter = letters[Math.floor(rand() * letters.length)];
    switch (Math.floor(rand() * 4)) {
      case 0:
        chars[at] = letter;
        break;
      case 1:
        chars.splice(at, 0, letter);
        break;
      case 2:
        if (chars.length > 1) chars.splice(at, 1);
        else chars.push(letter);
        break;
      default:
        if (at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
        else chars.push(letter);
    }
    return chars.join('');
  });
}
