import * as assert from 'node:assert/strict';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { usableWindowOf, windowSharePct } from '../../src/core/catalog/contextWindow';
import { defaultReservedOutput } from '../../src/core/catalog/models';
import { megabytesToBytes, parseSettings } from '../../src/core/catalog/settings';
import { modelRows } from '../../src/core/insights/modelRows';
import { formatShare, windowLine } from '../../src/core/present/countFormat';
import { statusBarText } from '../../src/core/present/statusBarText';
import { percentText } from '../../src/core/text/numberText';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const gpt4o = catalog.find('gpt-4o')!;

/** The CLI's `--json` report for `--model gpt-4o` of standard input. */
async function cliReport(text: string): Promise<{ usableWindow: number; reservedOutputTokens: number; files: Array<{ tokens: number; windowShare: number }> }> {
  const out: string[] = [];
  const code = await runCli(['count', '--json', '--model', 'gpt-4o', '-'], { out: (l) => out.push(l), err: () => {}, readStdin: async () => Buffer.from(text) }, tokenizers);
  assert.equal(code, 0);
  return JSON.parse(out.join('\n'));
}

async function cliTable(text: string): Promise<string> {
  const out: string[] = [];
  await runCli(['count', '--model', 'gpt-4o', '-'], { out: (l) => out.push(l), err: () => {}, readStdin: async () => Buffer.from(text) }, tokenizers);
  return out.join('\n');
}

describe('the share of the context window, defined once', () => {
  it('is of the window less the reserved output, and an empty text is 0% of any window', () => {
    assert.equal(usableWindowOf(gpt4o), 128_000 - 16_384);
    assert.equal(usableWindowOf(gpt4o, 1000), 127_000);
    assert.equal(usableWindowOf(gpt4o), gpt4o.contextWindow - defaultReservedOutput(gpt4o));
    assert.equal(windowSharePct(900, 111_616), (900 / 111_616) * 100);
    assert.equal(windowSharePct(0, 0), 0);
    assert.equal(windowSharePct(0, 1000), 0);
  });

  it('computes the usable window and the byte limit once, in the settings snapshot', () => {
    const { settings } = parseSettings({ model: 'gpt-4o', reservedOutputTokens: 8000, maxFileSizeMB: 2.5 });
    assert.equal(settings.usableWindow, 120_000);
    assert.equal(settings.maxFileBytes, 2_621_440);
    assert.equal(parseSettings({}).settings.maxFileBytes, 100 * 1024 * 1024);
    // A fraction of a byte is no byte: 0.001 MB is 1,048.576 bytes, a limit of 1,048.
    assert.equal(megabytesToBytes(0.001), 1048);
  });

  it("is the same figure in the status bar, the insight panel's rows and the CLI for the same text", async () => {
    // 900 tokens of gpt-4o: 0.8% of the 111,616 usable tokens, where 0.7% would be of the whole 128k window.
    const text = `hello${' hello'.repeat(899)}`;
    const report = await cliReport(text);
    const tokens = report.files[0].tokens;
    assert.equal(tokens, 900);
    const settings = parseSettings({ model: 'gpt-4o' }).settings;
    const statusBar = formatShare(tokens, settings.usableWindow);
    const [row] = modelRows([gpt4o], new Map([['o200k_base', tokens]] as const), 0);
    assert.equal(statusBar, '0.8%');
    // The status bar item, its tooltip, the panel's row and the CLI's table and JSON: one figure.
    assert.equal(statusBarText({ tokens, chars: text.length, bytes: text.length }, gpt4o, settings), '$(symbol-numeric) 900 · 0.8% · gpt-4o');
    assert.match(windowLine(tokens, gpt4o, settings), /^\*\*0\.8%\*\* of 112k usable: 128k − 16k kept for output/);
    assert.equal(percentText(row.windowSharePct), statusBar);
    assert.equal(row.windowSharePct, report.files[0].windowShare);
    assert.equal(report.usableWindow, settings.usableWindow);
    assert.equal(report.reservedOutputTokens, settings.reservedOutputTokens);
    assert.match(await cliTable(text), /^\s+900\s+0\.8%\s+<stdin>$/m);
  });

  it('tells the CLI user what the share is of, naming the whole window when nothing is reserved', async () => {
    assert.match(await cliTable('hi'), /% of its 112k usable window: 128k context window − 16k reserved for output\)$/m);
    const out: string[] = [];
    await runCli(['count', '--model', 'gemini-2.5-pro', '-'], { out: (l) => out.push(l), err: () => {}, readStdin: async () => Buffer.from('hi') }, tokenizers);
    assert.match(out.join('\n'), /% of its 1M context window\)$/m);
  });
});
