import { formatInteger } from './countFormat';
import { countingTokenizer, type ModelInfo } from './models';
import { tokenizerLabel } from './tokenizerIds';
import { codeSpan, escapeTokenBytes, hexBytes, tokenCharLength } from './tokenText';

/** One token of the segment under the mouse, as the worker describes it. */
export interface HoveredToken {
  id: number;
  /** Index in the document; -1 while the text before it is still being counted. */
  index: number;
  bytes: Uint8Array;
}

const utf8 = new TextEncoder();

function tokenIndex(index: number): string {
  return index < 0 ? '? (still counting the text before it)' : formatInteger(index);
}

/**
 * The Markdown of a token hover. One token: its index, id, escaped text, length in characters
 * and bytes, and the bytes in hex. A segment of several tokens (a character or a grapheme
 * cluster split between tokens): the segment, then each of its tokens.
 */
export function tokenHoverMarkdown(segmentText: string, tokens: readonly HoveredToken[], model: ModelInfo): string {
  const lines: string[] = [];
  const bytes = (t: HoveredToken) => `${formatInteger(t.bytes.length)} ${t.bytes.length === 1 ? 'byte' : 'bytes'}`;
  const chars = (n: number) => `${formatInteger(n)} ${n === 1 ? 'character' : 'characters'}`;
  const normalized = normalizationNote(segmentText, tokens);
  if (tokens.length === 1) {
    const [t] = tokens;
    lines.push(`**Token ${tokenIndex(t.index)}** · id ${codeSpan(String(t.id))} · ${tokenizerNote(model)}`);
    lines.push(`Text: ${codeSpan(escapeTokenBytes(t.bytes))}`);
    lines.push(`${chars(tokenCharLength(t.bytes))} · ${bytes(t)}: ${codeSpan(hexBytes(t.bytes))}`);
    if (normalized) lines.push(normalized);
  } else {
    const first = tokens[0].index;
    const range = first < 0 ? '' : ` · tokens ${formatInteger(first)}–${formatInteger(first + tokens.length - 1)}`;
    const segmentBytes = utf8.encode(segmentText);
    lines.push(`**${tokens.length} tokens in one segment**${range} · ${tokenizerNote(model)}`);
    lines.push(
      normalized
        ? `The tokenizer normalizes this text before encoding it, and these tokens split what it became where the text has no matching edge, so they are shown as one.`
        : `A character or grapheme cluster is split between these tokens, so they are shown as one.`,
    );
    lines.push(`Text: ${codeSpan(escapeTokenBytes(segmentBytes))} · ${chars([...segmentText].length)} · ${formatInteger(segmentBytes.length)} bytes`);
    if (normalized) lines.push(normalized);
    lines.push('');
    for (const t of tokens) {
      lines.push(`- token ${tokenIndex(t.index)} · id ${codeSpan(String(t.id))} · ${codeSpan(escapeTokenBytes(t.bytes))} · ${bytes(t)}: ${codeSpan(hexBytes(t.bytes))}`);
    }
  }
  return lines.join('  \n');
}

/**
 * A line saying what the tokenizer's normalizer (Qwen's NFC) made of the segment, when its
 * tokens spell other bytes than the document holds there; undefined when they spell the
 * text itself. Code points, since `e` + U+0301 and `é` look alike in any font.
 */
function normalizationNote(segmentText: string, tokens: readonly HoveredToken[]): string | undefined {
  const own = utf8.encode(segmentText);
  const spelled = new Uint8Array(tokens.reduce((n, t) => n + t.bytes.length, 0));
  let at = 0;
  for (const t of tokens) {
    spelled.set(t.bytes, at);
    at += t.bytes.length;
  }
  if (spelled.length === own.length && spelled.every((b, i) => b === own[i])) return undefined;
  return `Normalized by the tokenizer before encoding: ${codePoints(segmentText)} → ${codePoints(new TextDecoder().decode(spelled))}`;
}

const MAX_LISTED_CODE_POINTS = 12;

function codePoints(text: string): string {
  const all = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return all.length > MAX_LISTED_CODE_POINTS ? `${all.slice(0, MAX_LISTED_CODE_POINTS).join(' ')} …` : all.join(' ');
}

/**
 * Which tokenizer drew the boundaries: the model's own, or, for a model counted by
 * approximation, the base tokenizer whose tokens are scaled (the model's own tokens differ).
 */
function tokenizerNote(model: ModelInfo): string {
  const label = `\`${tokenizerLabel(countingTokenizer(model))}\``;
  return model.counting.kind === 'exact' ? `${label} (${model.id})` : `${label}, the base of ${model.id}'s approximation: its own tokens differ`;
}
