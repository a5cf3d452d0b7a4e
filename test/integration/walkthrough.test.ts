import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, SECTION, Settings } from '../../src/host/platform/ids';
import { clickInPage, hasPage, queryPage, readImages, screenshot } from './workbench';

/** The walkthrough's id as VS Code knows it: `<publisher>.<name>#<id in package.json>`. */
const WALKTHROUGH = `${EXTENSION_ID}#getStarted`;

interface Step {
  id: string;
  title: string;
  media: { image: string; altText: string };
}

/**
 * The walkthrough as a user reads it: package.json with its `%key%` strings replaced by the
 * English text of package.nls.json, as VS Code does for an English display language.
 */
function englishWalkthrough(): { title: string; steps: Step[] } {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const nls: Record<string, string> = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
  const text = readFileSync(path.join(root, 'package.json'), 'utf8').replace(/"%([\w.-]+)%"/g, (placeholder, key: string) => (key in nls ? JSON.stringify(nls[key]) : placeholder));
  return JSON.parse(text).contributes.walkthroughs[0];
}

/** Polls `read` until `done` holds, and returns that value; fails with the last value seen. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The step's element in the walkthrough page (step ids there are `<walkthrough>#<step>`). */
const stepButton = (id: string) => `button.getting-started-step[data-step-id="${WALKTHROUGH}#${id}"]`;
/** Its completion checkbox: `aria-checked` says whether the step is done. */
const stepCheckbox = (id: string) => `[data-done-step-id="${WALKTHROUGH}#${id}"]`;

describe('Walkthrough', function () {
  this.timeout(90_000);
  let boundariesBefore: boolean | undefined;

  before(async function () {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    boundariesBefore = vscode.workspace.getConfiguration(SECTION).inspect<boolean>(Settings.boundariesEnabled)?.globalValue;
  });

  after(async () => {
    await vscode.workspace.getConfiguration(SECTION).update(Settings.boundariesEnabled, boundariesBefore, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens with its title, its four steps and their images, and a step button runs the command and completes the step', async function () {
    const walkthrough = englishWalkthrough();
    // Opening it must work wherever the suite runs; what it shows is read from the page.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    if (!hasPage()) this.skip();

    await until(
      () => queryPage(`[x-category-title-for="${WALKTHROUGH}"]`),
      (titles) => titles.includes(walkthrough.title),
      `the walkthrough page titled "${walkthrough.title}"`,
    );
    const titles = await until(
      () => queryPage('button.getting-started-step .step-title'),
      (seen) => seen.length === walkthrough.steps.length,
      `${walkthrough.steps.length} step titles`,
    );
    assert.deepEqual(
      titles.map((t) => t.trim()),
      walkthrough.steps.map((s) => s.title),
    );

    // Each step shows its own image, loaded from the extension (a missing file loads as 0 × 0).
    for (const step of walkthrough.steps) {
      await clickInPage(stepButton(step.id));
      const [image] = await until(
        () => readImages('.getting-started-media img'),
        (images) => images.length === 1 && images[0].alt === step.media.altText && images[0].naturalWidth > 0,
        `the image of step "${step.id}" loaded`,
      );
      assert.ok(image.naturalWidth >= 400 && image.naturalHeight > 0, `${step.id}: ${image.naturalWidth} × ${image.naturalHeight}`);
    }

    // Earlier suites may have completed "Show token boundaries" already (its completion events
    // are the toggle command and the setting): mark it undone from its checkbox, as a user can.
    await clickInPage(stepButton('boundaries'));
    if ((await queryPage(stepCheckbox('boundaries'), 'aria-checked'))[0] === 'true') await clickInPage(stepCheckbox('boundaries'));
    await until(
      () => queryPage(stepCheckbox('boundaries'), 'aria-checked'),
      (checked) => checked[0] === 'false',
      'the boundaries step marked undone',
    );
    await screenshot('walkthrough');

    // The step's button runs Toggle Token Boundaries through the workbench, as a click does.
    const enabledBefore = vscode.workspace.getConfiguration(SECTION).get<boolean>(Settings.boundariesEnabled);
    await clickInPage(`${stepButton('boundaries')} .button-container .monaco-button`);
    await until(
      async () => vscode.workspace.getConfiguration(SECTION).get<boolean>(Settings.boundariesEnabled),
      (enabled) => enabled === !enabledBefore,
      'the boundaries setting toggled by the step button',
    );
    await until(
      () => queryPage(stepCheckbox('boundaries'), 'aria-checked'),
      (checked) => checked[0] === 'true',
      'the boundaries step marked done',
    );
  });
});
