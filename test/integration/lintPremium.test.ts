import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { lowestPremium } from '../../src/core/lint/premium/languagePremium';
import { PREMIUM_TABLE } from '../../src/core/lint/premium/premiumTable.generated';
import { hasPage, queryPage, queryWebview, screenshot, waitFor } from './workbench';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

const ENGLISH = 'All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience.';
const HINDI = 'सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है।';
const JAPANESE = 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられている。';
const TEXT = `# Notes\n\n${ENGLISH}\n\n${HINDI}\n\nनमस्ते\n\n${JAPANESE}\n`;

/** The lenses over the premium's paragraphs, as VS Code resolves them for the editor. */
async function premiumLenses(uri: vscode.Uri): Promise<Array<{ line: number; title: string }>> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.command?.title.includes('vs English')).map((l) => ({ line: l.range.start.line, title: l.command!.title }));
}

/** What the lens says for `code` and gpt-4o, from the shipped table (one decimal). */
function expectedLens(code: 'hi' | 'ja', name: string): string {
  const own = `${name} · ×${PREMIUM_TABLE[code].o200k_base.toFixed(1)} tokens vs English for gpt-4o`;
  const lowest = lowestPremium(code, buildCatalog().models)!;
  return lowest.premium >= PREMIUM_TABLE[code].o200k_base ? `${own} · the lowest in the catalog` : `${own} · lowest: ${lowest.model.id} ×${lowest.premium.toFixed(1)}`;
}

describe('Crosslingual premium and the end of a selection (lint rules 6 and 1)', function () {
  this.timeout(180_000);

  before(() => setSetting('model', 'gpt-4o'));

  afterEach(async () => {
    await setSetting('lint.crosslingualPremium', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => setSetting('model', undefined));

  it('shows the premium over a Hindi and a Japanese paragraph as a CodeLens, none over English or a short line, and none once turned off', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: TEXT });
    await vscode.window.showTextDocument(document);
    const lineOf = (text: string) => document.positionAt(TEXT.indexOf(text)).line;
    const hindi = expectedLens('hi', 'Hindi');
    const japanese = expectedLens('ja', 'Japanese');
    const lenses = await waitFor(
      () => premiumLenses(document.uri),
      (found) => found.length === 2,
    );
    assert.deepEqual(lenses, [
      { line: lineOf(HINDI), title: hindi },
      { line: lineOf(JAPANESE), title: japanese },
    ]);
    if (hasPage()) {
      // As the editor draws them above the paragraphs.
      const drawn = await waitFor(
        () => queryPage('.codelens-decoration'),
        (texts) => texts.some((t) => t.includes(hindi)) && texts.some((t) => t.includes(japanese)),
      );
      assert.ok(!drawn.some((t) => t.includes('English ·')), JSON.stringify(drawn));
      await screenshot('crosslingual-premium-lens');
    }
    await setSetting('lint.crosslingualPremium', false);
    await waitFor(
      () => premiumLenses(document.uri),
      (found) => found.length === 0,
    );
  });

  it("shows each script's language and premium in the insight panel's By script section", async function () {
    if (!hasPage()) this.skip();
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: TEXT });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const cell = (script: string) => queryWebview(`[data-testid="script-table"] tr[data-script="${script}"] td.premium`);
    const hindi = await waitFor(
      () => cell('Devanagari'),
      (t) => t.length === 1,
      90_000,
    ).catch(async (err: unknown) => {
      await screenshot('crosslingual-premium-panel-failed');
      throw new Error(`${String(err)}; the script table: ${JSON.stringify(await queryWebview('[data-testid="script-table"]'))}`);
    });
    assert.deepEqual(hindi, [`Hindi ×${PREMIUM_TABLE.hi.o200k_base.toFixed(1)}`]);
    assert.deepEqual(await cell('Hiragana'), [`Japanese ×${PREMIUM_TABLE.ja.o200k_base.toFixed(1)}`]);
    assert.deepEqual(await cell('Latin'), ['English ×1.0']);
    const headers = await queryWebview('[data-testid="script-table"] thead th');
    assert.ok(
      headers.some((h) => h.includes('Language · premium')),
      JSON.stringify(headers),
    );
  });

  it('checks the end of a selection used as a prompt: a diagnostic at its end, a fix that ends the selection earlier, gone with the selection', async () => {
    const content = 'Summarise this: print(the list)\nMore text here.\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const editor = await vscode.window.showTextDocument(document);
    const selectionEnd = () => lintAt(document.uri).filter((d) => d.message.startsWith('Used as a prompt'));
    // A selection ending after `print(`: the bracket merges with what would follow.
    const paren = document.positionAt(content.indexOf('(') + 1);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), paren);
    const [merge] = await waitFor(selectionEnd, (found) => found.length === 1);
    assert.match(merge.message, /^Used as a prompt, the selection ends inside a token: `\(` merges with a continuation such as `the`.* Source: token healing/);
    assert.equal(merge.range.end.character, paren.character);
    assert.equal(merge.severity, vscode.DiagnosticSeverity.Information);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, merge.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'End the selection before `(`');
    assert.ok(fix?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.edit, undefined, 'the text stays as it is');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(document.getText(editor.selection), 'Summarise this: print');
    assert.equal(document.getText(), content);
    await waitFor(selectionEnd, (found) => found.length === 0);

    // A selection ending in a blank; then no selection at all.
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(0, 'Summarise this: '.length));
    const [blank] = await waitFor(selectionEnd, (found) => found.length === 1);
    assert.match(blank.message, /^Used as a prompt, the selection ends with whitespace \(`·`\)/);
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 0));
    await waitFor(selectionEnd, (found) => found.length === 0);
    // The document's own end is clean: nothing else was said.
    assert.deepEqual(lintAt(document.uri), []);
  });
});

function lintAt(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Tokenscope');
}
