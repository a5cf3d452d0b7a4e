import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { screenshot } from './workbench';

describe('Smoke', () => {
  it('the Tokenscope extension is installed in the host and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    await extension.activate();
    assert.equal(extension.isActive, true);

    // A picture of the workbench with a prompt open, for a human to look at (test-results/workbench.png).
    const prompt = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'prompt.md');
    await vscode.window.showTextDocument(prompt);
    await screenshot('workbench');
  });
});
