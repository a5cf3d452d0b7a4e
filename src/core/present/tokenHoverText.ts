import { formatInteger } from './countFormat';
import { ENGLISH, type Localizer } from '../l10n';
import { countingTokenizer, type ModelInfo } from '../catalog/models';
import { tokenizerLabel } from '../tokenizers/tokenizerIds';
import { codeSpan, escapeTokenBytes, hexBytes, tokenCharLength } from '../text/tokenText';

/** One token of the segment under the mouse, as the worker describes it. */
export interface HoveredToken {
  id: number;
  /** Index in the document; -1 while the text before it is still being counted. */
  index: number;
  bytes: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * The Markdown of a token hover. One token: its index, id, escaped text, length in characters
 * and bytes, and the bytes in hex. A segment of several tokens (a character or a grapheme
 * cluster split between tokens): the segment, then each of its tokens. `fromProvider`: the
 * tokens are the model's own, from this maker's API (xAI), not a local tokenizer's.
 */
export function tokenHoverMarkdown(segmentText: string, tokens: readonly HoveredToken[], model: ModelInfo, l10n: Localizer = ENGLISH, fromProvider?: string): string {
  const int = (n: number) => formatInteger(n, l10n.locale);
  const index = (i: number) => (i < 0 ? l10n.t('? (still counting the text before it)') : int(i));
  const byteCount = (n: number) => (n === 1 ? l10n.t('{0} byte', int(n)) : l10n.t('{0} bytes', int(n)));
  const chars = (n: number) => (n === 1 ? l10n.t('{0} character', int(n)) : l10n.t('{0} characters', int(n)));
  const note = fromProvider === undefined ? tokenizerNote(model, l10n) : l10n.t("{0}'s own tokens of {1}, from its API", fromProvider, model.id);
  const normalized = normalizationNote(segmentText, tokens, l10n);
  const lines: string[] = [];
  if (tokens.length === 1) {
    const [t] = tokens;
    lines.push(l10n.t('**Token {0}** · id {1} · {2}', index(t.index), codeSpan(String(t.id)), note));
    lines.push(l10n.t('Text: {0}', codeSpan(escapeTokenBytes(t.bytes))));
    lines.push(`${chars(tokenCharLength(t.bytes))} · ${byteCount(t.bytes.length)}: ${codeSpan(hexBytes(t.bytes))}`);
    if (normalized) lines.push(normalized);
  } else {
    const first = tokens[0].index;
    const segmentBytes = utf8.encode(segmentText);
    const heading = l10n.t('**{0} tokens in one segment**', int(tokens.length));
    lines.push(first < 0 ? `${heading} · ${note}` : `${heading} · ${l10n.t('tokens {0}–{1}', int(first), int(first + tokens.length - 1))} · ${note}`);
    lines.push(
      normalized
        ? l10n.t('The tokenizer normalizes this text before encoding it, and these tokens split what it became where the text has no matching edge, so they are shown as one.')
        : l10n.t('A character or grapheme cluster is split between these tokens, so they are shown as one.'),
    );
    lines.push(`${l10n.t('Text: {0}', codeSpan(escapeTokenBytes(segmentBytes)))} · ${chars([...segmentText].length)} · ${byteCount(segmentBytes.length)}`);
    if (normalized) lines.push(normalized);
    lines.push('');
    for (const t of tokens) {
      lines.push(
        `- ${l10n.t('token {0} · id {1}', index(t.index), codeSpan(String(t.id)))} · ${codeSpan(escapeTokenBytes(t.bytes))} · ${byteCount(t.bytes.length)}: ${codeSpan(hexBytes(t.bytes))}`,
      );
    }
  }
  return lines.join('  \n');
}

/**
 * A line saying what the tokenizer's normalizer (Qwen's NFC) made of the segment, when its
 * tokens spell other bytes than the document holds there; undefined when they spell the
 * text itself. Code points, since `e` + U+0301 and `é` look alike in any font.
 */
function normalizationNote(segmentText: string, tokens: readonly HoveredToken[], l10n: Localizer): string | undefined {
  const own = utf8.encode(segmentText);
  const spelled = new Uint8Array(tokens.reduce((n, t) => n + t.bytes.length, 0));
  let at = 0;
  for (const t of tokens) {
    spelled.set(t.bytes, at);
    at += t.bytes.length;
  }
  if (spelled.length === own.length && spelled.every((b, i) => b === own[i])) return undefined;
  return l10n.t('Normalized by the tokenizer before encoding: {0} → {1}', codePoints(segmentText), codePoints(new TextDecoder().decode(spelled)));
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
function tokenizerNote(model: ModelInfo, l10n: Localizer): string {
  const label = `\`${tokenizerLabel(countingTokenizer(model))}\``;
  return model.counting.kind === 'exact' ? `${label} (${model.id})` : l10n.t("{0}, the base of {1}'s approximation: its own tokens differ", label, model.id);
}
