import * as assert from 'node:assert/strict';
import { countNotebook, countOutputs, nbformatOutput, outputText, type CellOutput } from '../../src/core/notebooks/notebookCount';
import { notebookLines } from '../../src/core/present/notebookText';
import { notebookField, statusBarText } from '../../src/core/present/statusBarText';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import { parseStatusBarFormat } from '../../src/core/catalog/statusBarFormat';
import { ENGLISH } from '../../src/core/l10n';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const count = (t: string) => o200k.count(t);

/** A notebook as VS Code's ipynb extension hands it over: the same outputs as the .ipynb file's, in VS Code's form. */
const STREAM: CellOutput = { kind: 'stream', text: 'epoch 1 loss 0.31\nepoch 2 loss 0.22\n' };
const ERROR: CellOutput = { kind: 'error', name: 'ZeroDivisionError', value: 'division by zero', traceback: 'Traceback (most recent call last)\n  Cell In[3], line 1' };
const FIGURE: CellOutput = { kind: 'data', data: { 'image/png': undefined, 'text/plain': '<Figure size 640x480 with 1 Axes>' } };
const MARKDOWN: CellOutput = { kind: 'data', data: { 'text/markdown': '| a | b |\n|---|---|\n| 1 | 2 |', 'text/plain': '   a  b\n0  1  2' } };
const IMAGE: CellOutput = { kind: 'data', data: { 'image/png': undefined } };

describe('notebook outputs', () => {
  it('counts a stream, an error (name: value, then the traceback) and a result’s markdown over its plain text', () => {
    assert.deepEqual(outputText(STREAM), { text: STREAM.kind === 'stream' ? STREAM.text : '', notCounted: false });
    assert.deepEqual(outputText(ERROR), { text: 'ZeroDivisionError: division by zero\nTraceback (most recent call last)\n  Cell In[3], line 1', notCounted: false });
    assert.equal(outputText(MARKDOWN).text, '| a | b |\n|---|---|\n| 1 | 2 |');
    assert.equal(outputText(MARKDOWN).notCounted, false);
  });

  it('marks an image as not counted, alone or beside its text stand-in, never as 0 tokens', () => {
    assert.deepEqual(outputText(IMAGE), { text: undefined, notCounted: true });
    assert.deepEqual(outputText(FIGURE), { text: '<Figure size 640x480 with 1 Axes>', notCounted: true });
    const counted = countOutputs([STREAM, IMAGE, FIGURE], count);
    assert.equal(counted.tokens, count((STREAM as { text: string }).text) + count('<Figure size 640x480 with 1 Axes>'));
    assert.equal(counted.notCounted, 2);
  });

  it('lists a text its counter could not count (binary, too large) as not counted', () => {
    const counted = countOutputs([STREAM, MARKDOWN], (text) => (text.startsWith('|') ? undefined : count(text)));
    assert.deepEqual(counted, { tokens: count((STREAM as { text: string }).text), notCounted: 1 });
  });

  it('reads nbformat outputs as the same outputs VS Code holds', () => {
    assert.deepEqual(nbformatOutput({ output_type: 'stream', name: 'stdout', text: ['epoch 1 loss 0.31\n', 'epoch 2 loss 0.22\n'] }), STREAM);
    assert.deepEqual(
      nbformatOutput({ output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['Traceback (most recent call last)', '  Cell In[3], line 1'] }),
      ERROR,
    );
    assert.deepEqual(nbformatOutput({ output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['<Figure size 640x480 with 1 Axes>'] } }), FIGURE);
    assert.deepEqual(nbformatOutput({ output_type: 'update_display_data' }), { kind: 'other' });
  });

  it('totals a notebook with and without its outputs, and the two readers agree', () => {
    const nb = {
      cells: [
        {
          cell_type: 'code',
          source: ['import numpy as np\n', 'np.arange(3)'],
          outputs: [{ output_type: 'stream', name: 'stdout', text: 'epoch 1 loss 0.31\nepoch 2 loss 0.22\n' }],
        },
        { cell_type: 'markdown', source: '# Results' },
        {
          cell_type: 'code',
          source: '1/0',
          outputs: [{ output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['Traceback (most recent call last)', '  Cell In[3], line 1'] }],
        },
      ],
    };
    const result = countNotebook(nb, count);
    const sources = count('import numpy as np\nnp.arange(3)') + count('# Results') + count('1/0');
    assert.equal(result.withoutOutputs, sources);
    assert.equal(result.withOutputs, sources + countOutputs([STREAM], count).tokens + countOutputs([ERROR], count).tokens);
    assert.ok(result.withOutputs > result.withoutOutputs);
  });
});

describe('notebook in the status bar', () => {
  const model = catalogModel('gpt-4o')!;
  const gauge = { usableWindow: usableWindowOf(model), reservedOutputTokens: 16_384, warningThreshold: 80, errorThreshold: 100 };
  const notebook = { tokens: 12_345, exact: true, cells: 14, cell: 3, outputsCounted: false, outputTokens: 0, outputsNotCounted: 0, uncounted: 0 };
  const settings = { ...gauge, statusBarFormat: parseStatusBarFormat(undefined, ENGLISH).value };

  it('shows the active cell’s count and then the notebook’s total by default, and nothing more outside a notebook', () => {
    const cell = { tokens: 412, chars: 1000, bytes: 1000 };
    assert.equal(statusBarText({ ...cell, notebook }, model, settings), '$(symbol-numeric) 412 · 0.4% · $(notebook) 12.3k · gpt-4o');
    assert.equal(statusBarText(cell, model, settings), '$(symbol-numeric) 412 · 0.4% · gpt-4o');
    assert.equal(notebookField({ ...notebook, exact: false }), '$(notebook) ≈12.3k');
  });

  it('says in the tooltip which cell the count is, whether outputs are in the total, and what was not counted', () => {
    const off = notebookLines(notebook, model, gauge);
    assert.match(off[0], /^\*\*Notebook: 12,345 tokens\*\* \(.+ of the usable window\) · the count above is cell 3 of 14$/);
    assert.match(off[1], /^Cells only; text outputs are not counted \(tokenscope\.notebook\.countOutputs\)$/);
    const on = notebookLines({ ...notebook, outputsCounted: true, outputTokens: 2_000, outputsNotCounted: 2 }, model, gauge);
    assert.match(on[1], /2,000 tokens in outputs/);
    assert.ok(on.some((l) => l.startsWith('2 outputs not counted: images')));
  });
});
