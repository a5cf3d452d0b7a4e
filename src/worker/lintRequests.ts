import { BlockTokenCache, spanInRegion, splitsGraphemeCluster } from '../core/incremental/tokenSpan';
import { runLint } from '../core/lint/lintRunner';
import { lintTokenizer, lintTokensOf } from '../core/lint/lintTokens';
import type { DocumentFinding, LintFinding, LintToken } from '../core/lint/lintTypes';
import type { BlockStore } from '../core/incremental/blockStore';
import { GuessCache, languageDetectorLoaded, loadLanguageDetector, paragraphLanguages, type ParagraphLanguage } from '../core/lint/premium/languageDetection';
import { escapeTokenBytes } from '../core/text/tokenText';
import type { Tokenizer } from '../core/tokenizers/tokenizer';
import { OneSliceJob } from './boundaryRequests';
import type { LintParams, LintResult } from './protocol';
import { errorMessage, fail, storeForRequest, type ServerContext } from './serverContext';

/**
 * The `lint` request: the tokenization lint's rules over the whole lines around the ranges
 * asked for (or the whole document), with the tokens the boundaries draw. One slice of the
 * `boundaries` priority, like a paint: the blocks' tokens come from the same kind of cache, so
 * after a keystroke only the edited block is encoded again (measured in docs/PERFORMANCE.md,
 * "Tokenization lint").
 */
export class LintRequests {
  /** Blocks tokenized for the lint lately; a keystroke changes one. */
  private readonly regionTokens = new BlockTokenCache();
  /** Paragraph languages by text: a keystroke changes one paragraph. */
  private readonly guesses = new GuessCache();

  constructor(private readonly context: ServerContext) {}

  lint(id: number, params: LintParams): void {
    const submit = () => this.context.scheduler.submit(new OneSliceJob(id, () => this.answer(id, params)));
    // The first request with the premium waits for the language detector (loaded once, lazily).
    if (params.premium && !languageDetectorLoaded()) {
      loadLanguageDetector().then(submit, (err: unknown) => fail(this.context, id, 'failed', `could not load the language detector: ${errorMessage(err)}`));
    } else submit();
  }

  /**
   * Rule 1 at the end of each selection, the selection taken as a prompt of its own: its last
   * SELECTION_TAIL_CHARS characters (within the selection) tokenized alone, as a chat would
   * tokenize the selected text.
   */
  private selectionEnds(store: BlockStore, params: LintParams, tokenize: (text: string) => LintToken[]): DocumentFinding[] {
    const length = store.totalsSnapshot.length;
    const out: DocumentFinding[] = [];
    for (const [selStart, selEnd] of params.selections ?? []) {
      const end = Math.min(selEnd, length);
      const start = Math.max(0, selStart, end - SELECTION_TAIL_CHARS);
      if (end <= start) continue;
      const region = store.alignedRegion(start, end, splitsGraphemeCluster);
      const text = region.blocks.join('').slice(start - region.start, end - region.start);
      const input = { text, tokens: tokenize(text), atDocumentEnd: true, locale: params.locale, tokenize };
      for (const finding of runLint(input, ['prompt-end'])) out.push(inDocument(finding, start, store.tokenizer));
    }
    return out;
  }

  private answer(id: number, params: LintParams): void {
    const startedAt = performance.now();
    const found = storeForRequest(this.context, id, params);
    if (!found) return;
    const { store, version, tokenizer } = found;
    try {
      const length = store.totalsSnapshot.length;
      const ranges = params.ranges ?? [[0, length]];
      // The prompt's end is checked wherever the editor is scrolled to.
      const asked: Array<[number, number]> = ranges.some(([, end]) => end >= length) ? ranges : [...ranges, [Math.max(0, length - 1), length]];
      const tokenize = lintTokenizer(store.tokenizer, this.regionTokens);
      const findings = new Map<string, DocumentFinding>();
      const languages = new Map<number, ParagraphLanguage>();
      for (const [start, end] of asked) {
        const region = store.alignedRegion(start, Math.max(start + 1, end), splitsGraphemeCluster);
        const text = region.blocks.join('');
        const span = spanInRegion(region, store.tokenizer, region.start, region.start + text.length, this.regionTokens);
        const starts = span.tokenStarts.map((s) => s - region.start);
        const input = { text, tokens: lintTokensOf(text, span.ids, starts), atDocumentEnd: region.start + text.length === length, locale: params.locale, tokenize };
        for (const finding of runLint(input, params.rules)) {
          const shown = inDocument(finding, region.start, store.tokenizer);
          findings.set(`${shown.rule} ${shown.start} ${shown.end}`, shown);
        }
        if (params.premium) {
          for (const p of paragraphLanguages(text, this.guesses)) languages.set(p.start + region.start, { ...p, start: p.start + region.start, end: p.end + region.start });
        }
      }
      const sorted = [...findings.values()].sort((a, b) => a.start - b.start || a.end - b.end);
      const result: LintResult = {
        uri: params.uri,
        version,
        tokenizer,
        findings: sorted,
        ...(params.premium ? { languages: [...languages.values()].sort((a, b) => a.start - b.start) } : {}),
        ...(params.selections && params.rules.includes('prompt-end') ? { selectionFindings: this.selectionEnds(store, params, tokenize) } : {}),
        workerMs: performance.now() - startedAt,
      };
      this.context.post({ kind: 'response', id, result });
    } catch (err) {
      fail(this.context, id, 'failed', errorMessage(err));
    }
  }
}

/**
 * A selection's last characters: enough for rule 1, which reads the last line up to 64
 * characters back (promptEnd.ts) and the blanks before the end.
 */
const SELECTION_TAIL_CHARS = 256;

/** A finding moved to document offsets, its tokens written out as a hover shows them. */
function inDocument(finding: LintFinding, base: number, tokenizer: Tokenizer): DocumentFinding {
  return {
    ...finding,
    start: finding.start + base,
    end: finding.end + base,
    tokens: finding.tokens.map((t) => ({ start: t.start + base, end: t.end + base, text: escapeTokenBytes(tokenizer.decodeToken(t.id)) })),
    ...(finding.fix ? { fix: finding.fix.map((e) => ({ start: e.start + base, end: e.end + base, newText: e.newText })) } : {}),
  };
}
