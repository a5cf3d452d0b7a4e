import * as assert from 'node:assert/strict';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import { exportWorkspace } from '../../src/core/present/workspaceExport';
import { rowDescription, rowTooltipLines, skipReasonText } from '../../src/core/present/workspaceText';

const gpt4o = catalogModel('gpt-4o')!;
const claude = catalogModel('claude-sonnet-4-5')!;
const context = (model = gpt4o) => ({ model, usableWindow: usableWindowOf(model) });

describe('Tokens view text', () => {
  it('describes a row by its compact count and share of the usable window, ≈ for an approximation', () => {
    const window = usableWindowOf(gpt4o);
    assert.equal(rowDescription({ tokens: 12_345 }, context()), `12.3k · ${((12_345 / window) * 100).toFixed(1)}%`);
    assert.match(rowDescription({ tokens: 12_345 }, context(claude)), /^≈12\.3k · /);
    assert.equal(rowDescription({ tokens: undefined }, context()), '');
  });

  it('puts the exact count, the window, the cost and the files in a folder’s tooltip', () => {
    const lines = rowTooltipLines('src', { tokens: 1000, files: 3, uncounted: 1 }, context());
    assert.equal(lines[0], 'src');
    assert.equal(lines[1], '1,000 tokens for gpt-4o (exact)');
    assert.match(lines[2], /of the usable window \([\d,]+ tokens\)$/);
    assert.match(lines[3], /^\$0\.0025 as input$/);
    assert.equal(lines[4], '2 files counted, 1 not counted');
  });

  it('says an approximate folder’s bound is the Latin-script one, and a file’s follows its scripts', () => {
    const [, folder] = rowTooltipLines('docs', { tokens: 500, files: 2 }, context(claude));
    assert.match(folder, /^≈500 tokens for claude-sonnet-4-5 \(approximate, ±\d+%.* for Latin-script text;/);
    const [, file] = rowTooltipLines('a.md', { tokens: 500 }, context(claude));
    assert.doesNotMatch(file, /Latin-script/);
  });

  it('says why each kind of skipped path has no count', () => {
    assert.equal(
      skipReasonText({ kind: 'tooLarge', bytes: 200 * 1024 * 1024, maxBytes: 100 * 1024 * 1024 }),
      'not counted: 200.0 MB, over the 100.0 MB limit (tokenscope.maxFileSizeMB)',
    );
    assert.equal(skipReasonText({ kind: 'linkOutside' }), 'not read: a link to outside the workspace folder');
    assert.equal(skipReasonText({ kind: 'notRegular' }), 'not read: not a regular file (a device, FIFO or socket)');
    assert.equal(skipReasonText({ kind: 'unlisted', code: 'EACCES' }), 'not listed: EACCES');
  });
});

describe('Tokens view export', () => {
  const files = [
    { path: '=HYPERLINK("x").md', tokens: 300 },
    { path: 'a,b.md', tokens: 20 },
    { path: 'bin.dat', tokens: undefined, note: 'not counted: binary' },
  ];
  const data = { model: gpt4o, usableWindow: usableWindowOf(gpt4o), files, partial: false };

  it('writes CSV with a header, formulas defused and commas quoted', () => {
    const lines = exportWorkspace(data, 'csv').trimEnd().split('\r\n');
    assert.equal(lines[0], 'path,tokens,exact,window_share_pct,note');
    assert.match(lines[1], /^"'=HYPERLINK\(""x""\)\.md",300,true,/);
    assert.match(lines[2], /^"a,b\.md",20,true,/);
    assert.equal(lines[3], 'bin.dat,,,,not counted: binary');
  });

  it('writes JSON with the total, the model and every file, null for the uncounted', () => {
    const json = JSON.parse(exportWorkspace({ ...data, partial: true }, 'json'));
    assert.equal(json.totalTokens, 320);
    assert.equal(json.model, 'gpt-4o');
    assert.equal(json.partial, true);
    assert.deepEqual(json.files[2], { path: 'bin.dat', tokens: null, note: 'not counted: binary' });
  });

  it('writes a Markdown table whose file names cannot break it', () => {
    const md = exportWorkspace({ ...data, files: [{ path: 'a|b_*c*.md', tokens: 5 }] }, 'markdown');
    assert.match(md, /^# Tokens of the workspace for gpt-4o/);
    assert.match(md, /\| a\\\|b\\_\\\*c\\\*\.md \| 5 \|/);
  });
});
