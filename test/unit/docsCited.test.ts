/**
 * Every document the user interface cites must be reachable from an installed VSIX: a
 * tooltip that says "see docs/ACCURACY.md" is no help when the VSIX does not carry it. This
 * finds the citations in what a user reads (the messages of src/, the manifest's strings, what
 * the approximations and the CLI print), and checks that each is a document of CITED_DOCS, that
 * the repository has it (the link is live), and that `vsce ls` ships it in the VSIX.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAgentFileCandidate } from '../../src/core/agents/agentFiles';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { ACCURACY_DOC_URL, CITED_DOCS, PROJECT_URL, repositoryFileUrl } from '../../src/core/docs';
import { ENGLISH } from '../../src/core/l10n';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

/** The repository files a text cites: by a link to the repository, or by a relative path to a Markdown file. */
export function citedFiles(text: string): string[] {
  const cited = new Set<string>();
  const urls = new RegExp(`${PROJECT_URL.replace(/[.]/g, '\\.')}/(?:blob|raw)/[\\w.-]+/([\\w./-]+[\\w-])`, 'g');
  for (const match of text.matchAll(urls)) cited.add(match[1]);
  // A bare path such as docs/ACCURACY.md or THIRD_PARTY_NOTICES.md (not part of a URL); the
  // names of the user's own agent instruction files (AGENTS.md, CLAUDE.md) are not documents of ours.
  for (const match of text.replace(urls, '').matchAll(/(?<![\w/.:-])((?:[\w-]+\/)*[\w-]+\.md)\b/g)) if (!isAgentFileCandidate(match[1])) cited.add(match[1]);
  return [...cited];
}

async function cliOutput(args: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l), readStdin: async () => Buffer.alloc(0) }, tokenizers);
  return lines.join('\n');
}

describe('documents the user interface cites', () => {
  let texts: Array<[where: string, text: string]>;

  before(async () => {
    const catalog = buildCatalog({}, { findInHfCache: () => undefined, l10n: ENGLISH });
    texts = [
      ...Object.keys(readJson('l10n/bundle.l10n.json')).map((message): [string, string] => ['l10n/bundle.l10n.json', message]),
      ...Object.entries(readJson('l10n/bundle.l10n.de.json')).map(([key, text]): [string, string] => [`l10n/bundle.l10n.de.json ${key}`, text]),
      ...Object.entries(readJson('package.nls.json')).map(([key, text]): [string, string] => [`package.nls.json ${key}`, text]),
      ...Object.entries(readJson('package.nls.de.json')).map(([key, text]): [string, string] => [`package.nls.de.json ${key}`, text]),
      ...catalog.models.flatMap((m): Array<[string, string]> => (m.counting.kind === 'approx' ? [[`${m.id}'s approximation`, m.counting.method]] : [])),
      ['tokenscope --help', await cliOutput(['--help'])],
      ['tokenscope models', await cliOutput(['models'])],
      ['tokenscope models --json', await cliOutput(['models', '--json'])],
    ];
  });

  it('finds citations by link and by path, and nothing in plain prose', () => {
    assert.deepEqual(citedFiles(`see ${repositoryFileUrl('docs/ACCURACY.md')}.`), ['docs/ACCURACY.md']);
    assert.deepEqual(citedFiles('see docs/PERFORMANCE.md, or THIRD_PARTY_NOTICES.md'), ['docs/PERFORMANCE.md', 'THIRD_PARTY_NOTICES.md']);
    assert.deepEqual(citedFiles('a README of its own, e.g. prompt, 1.5 MB, markdown'), []);
    assert.deepEqual(citedFiles('Looked for AGENTS.md, CLAUDE.md and GEMINI.md; see docs/PERFORMANCE.md'), ['docs/PERFORMANCE.md']);
  });

  it('cites only the documents of CITED_DOCS, each of them somewhere', () => {
    const cited = new Map<string, string[]>();
    for (const [where, text] of texts) for (const file of citedFiles(text)) cited.set(file, [...(cited.get(file) ?? []), where]);
    for (const [file, where] of cited) assert.ok(CITED_DOCS.includes(file), `${file} is cited (${where.slice(0, 3).join('; ')}) but not in CITED_DOCS (src/core/docs.ts)`);
    for (const file of CITED_DOCS) assert.ok(cited.has(file), `${file} is in CITED_DOCS but nothing cites it`);
  });

  it('cites them as links a user can follow, never as a bare path into a repository they do not have', () => {
    for (const [where, text] of texts) assert.doesNotMatch(text.replace(/https:\/\/\S+/g, ''), /\bdocs\/[\w-]+\.md\b/, where);
    // Every approximation with an error bound says where the bound comes from (the others are a
    // sibling's tokenizer, `Counted with …`, with no bound to explain).
    const bounded = buildCatalog({}, { findInHfCache: () => undefined }).models.flatMap((m) => (m.counting.kind === 'approx' && m.counting.errorPct !== undefined ? [m] : []));
    assert.ok(bounded.length > 10, `${bounded.length} models`);
    for (const model of bounded) assert.ok(model.counting.kind === 'approx' && model.counting.method.includes(ACCURACY_DOC_URL), model.id);
  });

  it("links to the project's repository, whose files they are", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.repository.url, `${PROJECT_URL}.git`);
    for (const file of CITED_DOCS) assert.ok(existsSync(path.join(root, file)), `${file} is not in the repository`);
  });

  it('ships every cited document in the VSIX (vsce ls, with .vscodeignore)', function () {
    this.timeout(60_000);
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    const listed = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = new Set(listed.stdout.split('\n').map((l) => l.trim()));
    assert.ok(files.has('package.json'), 'vsce ls lists the VSIX');
    for (const file of CITED_DOCS) assert.ok(files.has(file), `${file} is not in the VSIX: add !${file} to .vscodeignore`);
  });
});
