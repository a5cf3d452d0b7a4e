import { assertNever } from '../assertNever';
import { integerText } from '../text/numberText';
import { scriptName } from '../text/unicodeScripts';
import type { Localizer } from '../l10n';
import type { FindingDetail, InvisibleKind, LintRuleId, SpecialTokenUse } from './lintTypes';

/**
 * What a finding says to the user, in their language: the message, the quick fix's title, and
 * the research or standard behind the rule. Pure; the host passes its Localizer.
 */

/** Where each rule comes from: a paper, a standard, the tokenizers' own files. Titles stay as published. */
export const LINT_SOURCES: Readonly<Record<LintRuleId, string>> = {
  'prompt-end': 'token healing; "Are you going to finish that?" (2026)',
  'number-chunks': 'Singh & Strouse, "Tokenization counts: the impact of tokenization on arithmetic in frontier LLMs" (2024)',
  'long-tokens': 'CharBench (2025)',
  'special-token': "the tokenizers' special and added tokens",
  'invisible-chars': 'Trojan Source (Boucher & Anderson, 2021); Unicode TR 39 confusables',
};

/** A token's text as a message quotes it: in backticks when it has no backtick. */
function quoted(text: string): string {
  return text.includes('`') ? `"${text}"` : `\`${text}\``;
}

/** Blanks a reader can count: `·` for a space, `→` for a tab, `\\u00a0` and the like for the others. */
function visibleBlanks(text: string): string {
  return text.replace(/[^\S\r\n]/g, (c) => (c === ' ' ? '·' : c === '\t' ? '→' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Pieces as `str|aw|berry`. */
function cut(pieces: readonly string[]): string {
  return quoted(pieces.join('|'));
}

export function findingMessage(detail: FindingDetail, l10n: Localizer): string {
  switch (detail.rule) {
    case 'prompt-end':
      return detail.kind === 'trailingWhitespace'
        ? l10n.t(
            'The prompt ends with whitespace ({0}): a word token normally carries its leading space, so the answer would start from an unusual cut.',
            quoted(visibleBlanks(detail.whitespace)),
          )
        : l10n.t(
            'The prompt ends inside a token: {0} merges with a continuation such as {1}, so the right continuation becomes unlikely.',
            quoted(detail.last),
            quoted(detail.continuation),
          );
    case 'number-chunks':
      return l10n.t(
        '{0} is cut {1} from the left, off place value; written {2} it is cut {3}, which helps arithmetic.',
        detail.number,
        cut(detail.chunks),
        detail.separated,
        cut(detail.separatedChunks),
      );
    case 'long-tokens':
      if (detail.pieces.length === 1) {
        return l10n.t(
          '"{0}" is one token: the model sees tokens, not letters, and questions about letters fail more often the longer the token holding them ({1} letters here).',
          detail.word,
          integerText(detail.longest, l10n.locale),
        );
      }
      return l10n.t(
        '"{0}" is {1} tokens ({2}): the model sees tokens, not letters; questions about letters fail more often the longer the token holding them (up to {3} letters here).',
        detail.word,
        integerText(detail.pieces.length, l10n.locale),
        cut(detail.pieces),
        integerText(detail.longest, l10n.locale),
      );
    case 'special-token':
      return l10n.t(
        '{0} is a special token for {1}: counted here as text, but an API may refuse it, or a serving stack may read it as a control token.',
        quoted(detail.literal),
        detail.families.map((use) => familyText(use, l10n)).join(', '),
      );
    case 'invisible-chars':
      return l10n.t(
        '{0}: {1}; it costs {2} tokens more than the plain text, and the writer cannot see it.',
        kindText(detail.kind, l10n),
        detail.codePoints.map(codePointText).join(', '),
        integerText(Math.max(0, detail.extraTokens), l10n.locale),
      );
    default:
      return assertNever(detail);
  }
}

function familyText(use: SpecialTokenUse, l10n: Localizer): string {
  switch (use.kind) {
    case 'special':
      return use.family;
    case 'added':
      return l10n.t('{0} (added token)', use.family);
    case 'template':
      return l10n.t('{0} (chat template)', use.family);
    default:
      return assertNever(use.kind);
  }
}

function kindText(kind: InvisibleKind, l10n: Localizer): string {
  switch (kind) {
    case 'zeroWidth':
      return l10n.t('Zero-width character');
    case 'byteOrderMark':
      return l10n.t('Byte order mark inside the text');
    case 'unicodeSpace':
      return l10n.t('Unicode space that is not a plain space');
    case 'bidiControl':
      return l10n.t('Bidirectional control character');
    case 'softHyphen':
      return l10n.t('Soft hyphen');
    case 'confusable':
      return l10n.t('Letter of another script inside a Latin word');
    default:
      return assertNever(kind);
  }
}

/** `U+200B ZERO WIDTH SPACE`; a look-alike letter as `U+0430 Cyrillic "а"`. */
export function codePointText(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[codePoint];
  return name ? `${hex} ${name}` : `${hex} ${scriptName(codePoint)} "${String.fromCodePoint(codePoint)}"`;
}

/** The Unicode names of the invisible characters the rule finds. */
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

/** The quick fix's title, or undefined for a finding without a fix. */
export function fixTitle(detail: FindingDetail, l10n: Localizer): string | undefined {
  switch (detail.rule) {
    case 'prompt-end':
      return detail.kind === 'trailingWhitespace' ? l10n.t('Trim the trailing whitespace') : l10n.t('End the prompt before {0}', quoted(detail.last));
    case 'number-chunks':
      return l10n.t('Write {0}', detail.separated);
    case 'long-tokens':
      return l10n.t('Spell out "{0}" after it', detail.word);
    case 'special-token':
      return undefined;
    case 'invisible-chars':
      if (detail.kind === 'confusable') return l10n.t('Replace with the Latin letter');
      return detail.replacement === '' ? l10n.t('Remove the invisible character') : l10n.t('Replace with a plain space');
    default:
      return assertNever(detail);
  }
}

/**
 * Rule 1's message at the end of a selection: the selection is the prompt (sent to a chat, say),
 * so its end is where the prompt ends; the text after it stays in the document.
 */
export function selectionEndMessage(detail: Extract<FindingDetail, { rule: 'prompt-end' }>, l10n: Localizer): string {
  return detail.kind === 'trailingWhitespace'
    ? l10n.t(
        'Used as a prompt, the selection ends with whitespace ({0}): a word token normally carries its leading space, so the answer would start from an unusual cut.',
        quoted(visibleBlanks(detail.whitespace)),
      )
    : l10n.t(
        'Used as a prompt, the selection ends inside a token: {0} merges with a continuation such as {1}, so the right continuation becomes unlikely.',
        quoted(detail.last),
        quoted(detail.continuation),
      );
}

/** The quick fix at a selection's end: the selection (not the text) ends earlier. */
export function selectionEndFixTitle(detail: Extract<FindingDetail, { rule: 'prompt-end' }>, l10n: Localizer): string {
  return detail.kind === 'trailingWhitespace' ? l10n.t('End the selection before the whitespace') : l10n.t('End the selection before {0}', quoted(detail.last));
}
