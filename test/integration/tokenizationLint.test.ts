import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasPage, queryPage, screenshot, waitFor } from './workbench';

const fixture = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'lint', 'review.prompt.md');

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Tokenscope's lint diagnostics of `uri`, as any extension (and the Problems view) reads them. */
function lintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Tokenscope');
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Waits until the lint's diagnostics of `uri` are of `rules`, in document order. */
async function diagnosticsOf(uri: vscode.Uri, rules: string[]): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => lintDiagnostics(uri),
    (found) => JSON.stringify(found.map(ruleOf)) === JSON.stringify(rules),
    30_000,
  );
}

const ALL = ['special-token', 'invisible-chars', 'number-chunks', 'number-chunks', 'long-tokens', 'prompt-end'];

describe('Tokenization lint in the editor', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('lint.rules', undefined);
    await setSetting('lint.enabled', undefined);
  });

  it('shows each rule of a prompt file in the Problems view, with the rule id linked to its documentation, and honours a disable comment', async () => {
    const document = await vscode.workspace.openTextDocument(fixture());
    await vscode.window.showTextDocument(document);
    const found = await diagnosticsOf(document.uri, ALL);
    const at = (d: vscode.Diagnostic) => document.getText(d.range);
    assert.deepEqual(found.map(at), ['<|im_start|>', '\u200B', '1234567', '89012', 'strawberry', ' ']);
    assert.match(found[0].message, /^`<\|im_start\|>` is a special token for Qwen2\.5, Qwen3: .* Source: /);
    assert.match(found[1].message, /^Zero-width character: U\+200B ZERO WIDTH SPACE; it costs \d+ tokens more/);
    assert.match(found[2].message, /1234567 is cut `123\|456\|7` from the left.*Singh & Strouse/);
    assert.deepEqual(
      found.map((d) => d.severity),
      ALL.map(() => vscode.DiagnosticSeverity.Information),
      'Information: the Problems view lists it (it leaves Hints out)',
    );
    const code = found[0].code as { value: string; target: vscode.Uri };
    assert.equal(code.target.toString(true), 'https://github.com/tokenscope/tokenscope/blob/HEAD/docs/LINT.md#special-token');
    // The silenced line's literal is not among them.
    assert.ok(!found.some((d) => at(d) === '<|endoftext|>'));

    if (hasPage()) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      const rows = await waitFor(
        () => queryPage('.markers-panel .monaco-list-row', 'aria-label'),
        (labels) => labels.filter((l) => l.includes('Tokenscope')).length >= ALL.length,
      );
      assert.ok(
        rows.some((l) => l.includes('strawberry')),
        JSON.stringify(rows),
      );
      await screenshot('tokenization-lint-problems');
    }
  });

  it('hovers a finding with the tokens involved and its source', async () => {
    const document = await vscode.workspace.openTextDocument(fixture());
    await vscode.window.showTextDocument(document);
    const [special] = await diagnosticsOf(document.uri, ALL);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, special.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Tokenscope · special-token/);
    assert.match(text, /Tokens \(6\): `·<` `\|` `im` `_start` `\|` `>`/);
    assert.match(text, /Source: the tokenizers/);
  });

  it('applies a quick fix: the text changes and the diagnostic goes', async () => {
    const document = await vscode.workspace.openTextDocument(fixture());
    await vscode.window.showTextDocument(document);
    const found = await diagnosticsOf(document.uri, ALL);
    const number = found[2];
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, number.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Write 1,234,567');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /What is 1,234,567 \+ 89012\?/);
    await diagnosticsOf(
      document.uri,
      ALL.filter((_, i) => i !== 2),
    );

    // The trailing space, trimmed by its fix.
    const end = lintDiagnostics(document.uri).find((d) => ruleOf(d) === 'prompt-end')!;
    const trims = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, end.range, vscode.CodeActionKind.QuickFix.value);
    const trim = trims.find((a) => a.title === 'Trim the trailing whitespace');
    assert.ok(trim?.edit);
    assert.ok(await vscode.workspace.applyEdit(trim.edit));
    assert.ok(document.getText().endsWith('Answer:\n'));
    await diagnosticsOf(document.uri, ['special-token', 'invisible-chars', 'number-chunks', 'long-tokens']);
  });

  it('follows the settings: a rule turned off, or louder, and the lint turned off', async () => {
    const document = await vscode.workspace.openTextDocument(fixture());
    await vscode.window.showTextDocument(document);
    await diagnosticsOf(document.uri, ALL);
    await setSetting('lint.rules', { 'number-chunks': 'off', 'special-token': 'warning' });
    const found = await diagnosticsOf(document.uri, ['special-token', 'invisible-chars', 'long-tokens', 'prompt-end']);
    assert.equal(found[0].severity, vscode.DiagnosticSeverity.Warning);
    await setSetting('lint.enabled', false);
    await diagnosticsOf(document.uri, []);
  });

  it('leaves files of other languages alone', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const s = "<|endoftext|>"; \n' });
    await vscode.window.showTextDocument(document);
    const markdown = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Say <|endoftext|>.\n' });
    await vscode.window.showTextDocument(markdown);
    await diagnosticsOf(markdown.uri, ['special-token']);
    assert.deepEqual(lintDiagnostics(document.uri), []);
  });
});
