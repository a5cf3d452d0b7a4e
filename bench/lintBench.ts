/**
 * The tokenization lint (src/core/lint/) on ordinary text: how often each rule fires, per
 * 10,000 words, on the samples and a mixed corpus of prose and code that has no reason to be
 * flagged, so every finding there is a candidate false positive to look at (`--list` prints
 * each with its context). Also times the rules on a 200,000-character document, the most the
 * editor checks whole. Tokens are o200k_base's (the default model's), as the editor would use.
 *
 *   node esbuild.mjs --bench && node out/bench/lintBench.js [--list]
 *
 * Prints Markdown; the figures are in docs/ACCURACY.md ("Tokenization lint").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { countWords } from '../src/core/insights/wordCount';
import { runLint } from '../src/core/lint/lintRunner';
import { lintTokenizer } from '../src/core/lint/lintTokens';
import { LINT_RULE_IDS, type LintFinding, type LintRuleId } from '../src/core/lint/lintTypes';
import { nodeTokenizerFiles } from '../src/core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../src/core/tokenizers/tokenizerRegistry';

const LIST = process.argv.includes('--list');
const root = path.resolve(__dirname, '../..');
const tokenizer = new TokenizerRegistry(nodeTokenizerFiles(__dirname)).load('o200k_base').tokenizer;

/** Every file under `dir` (relative to the repository) whose name passes `keep`. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (keep(entry.name)) out.push(full);
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}

/** READMEs of the installed packages: third-party prose with code samples, a few hundred authors. */
function packageReadmes(): string[] {
  const modules = path.join(root, 'node_modules');
  const folders = readdirSync(modules).flatMap((name) => (name.startsWith('@') ? readdirSync(path.join(modules, name)).map((sub) => path.join(name, sub)) : [name]));
  return folders
    .map((f) => path.join(modules, f, 'README.md'))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

/** The Universal Declaration of Human Rights in ten languages (the `udhr` package), as the accuracy tests read it. */
function udhrFiles(): Array<{ name: string; text: string }> {
  const folder = path.join(path.dirname(require.resolve('udhr')), 'declaration');
  return ['eng', 'spa', 'fra', 'deu_1996', 'rus', 'cmn_hans', 'jpn', 'kor', 'arb', 'hin'].map((code) => ({
    name: `udhr/${code}`,
    text: readFileSync(path.join(folder, `${code}.html`), 'utf8')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z]+;/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n\n')
      .trim(),
  }));
}

const read = (files: string[]) => files.map((f) => ({ name: path.relative(root, f), text: readFileSync(f, 'utf8') }));

const CORPORA: Array<{ name: string; files: Array<{ name: string; text: string }> }> = [
  { name: 'samples/', files: read(filesUnder('samples', () => true)) },
  {
    name: 'prompt fixtures (test/fixtures/workspace, not lint/)',
    files: read(filesUnder('test/fixtures/workspace', (n) => /\.(md|txt)$/.test(n)).filter((f) => !f.includes(`${path.sep}lint${path.sep}`))),
  },
  {
    name: "Tokenscope's docs (README, CHANGELOG, CONTRIBUTING, docs/ but LINT.md)",
    files: read([
      ...['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'src/cli/README.md'].map((f) => path.join(root, f)),
      ...filesUnder('docs', (n) => n.endsWith('.md') && n !== 'LINT.md'),
    ]),
  },
  { name: "Tokenscope's source (src/**/*.ts)", files: read(filesUnder('src', (n) => n.endsWith('.ts'))) },
  { name: 'package READMEs (node_modules/*/README.md)', files: read(packageReadmes()) },
  { name: 'UDHR in 10 languages', files: udhrFiles() },
];

interface Tally {
  files: number;
  words: number;
  findings: Record<LintRuleId, number>;
}

const listed: string[] = [];
const rows: Array<[string, Tally]> = [];
for (const corpus of CORPORA) {
  const tally: Tally = { files: corpus.files.length, words: 0, findings: Object.fromEntries(LINT_RULE_IDS.map((id) => [id, 0])) as Record<LintRuleId, number> };
  for (const file of corpus.files) {
    tally.words += countWords(file.text);
    const tokenize = lintTokenizer(tokenizer);
    const findings = runLint({ text: file.text, tokens: tokenize(file.text), atDocumentEnd: true, locale: 'en', tokenize }, [...LINT_RULE_IDS]);
    for (const f of findings) {
      tally.findings[f.rule]++;
      if (LIST) listed.push(`- ${f.rule} · ${file.name}:${lineOf(file.text, f.start)} · ${JSON.stringify(context(file.text, f))}`);
    }
  }
  rows.push([corpus.name, tally]);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function context(text: string, f: LintFinding): string {
  return `${text.slice(Math.max(0, f.start - 40), f.start)}⟦${text.slice(f.start, f.end)}⟧${text.slice(f.end, f.end + 40)}`;
}

const per10k = (n: number, words: number) => (words === 0 ? '–' : ((n * 10_000) / words).toFixed(2));
console.log('### Findings per 10,000 words (o200k_base)\n');
console.log(`| Corpus | Files | Words | ${LINT_RULE_IDS.join(' | ')} | All |`);
console.log(`| --- | ---: | ---: | ${LINT_RULE_IDS.map(() => '---:').join(' | ')} | ---: |`);
for (const [name, t] of rows) {
  const all = LINT_RULE_IDS.reduce((n, id) => n + t.findings[id], 0);
  console.log(
    `| ${name} | ${t.files} | ${t.words.toLocaleString('en-US')} | ${LINT_RULE_IDS.map((id) => `${per10k(t.findings[id], t.words)} (${t.findings[id]})`).join(' | ')} | ${per10k(all, t.words)} (${all}) |`,
  );
}

// Time: a 200,000-character prompt document, the most the editor checks whole.
const unit = readFileSync(path.join(root, 'README.md'), 'utf8');
const big = unit.repeat(Math.ceil(200_000 / unit.length)).slice(0, 200_000);
const tokenize = lintTokenizer(tokenizer);
const times: number[] = [];
const tokenTimes: number[] = [];
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const tokens = lintTokenizer(tokenizer)(big);
  const t1 = performance.now();
  runLint({ text: big, tokens, atDocumentEnd: true, locale: 'en', tokenize }, [...LINT_RULE_IDS]);
  tokenTimes.push(t1 - t0);
  times.push(performance.now() - t1);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n### Time on 200,000 characters (README.md repeated), median of 7\n`);
console.log(`| Tokenizing (every block anew) | The five rules |`);
console.log(`| ---: | ---: |`);
console.log(`| ${median(tokenTimes).toFixed(1)} ms | ${median(times).toFixed(1)} ms |`);
if (LIST) console.log(`\n### Every finding\n\n${listed.join('\n')}`);
