import * as assert from 'node:assert/strict';
import { approximation, calibratedFactor, estimateTokens, mixDescription, mixErrorPct } from '../../src/core/catalog/approximations';
import { approximateCounting, errorLabel } from '../../src/core/catalog/models';
import { BlockStore } from '../../src/core/incremental/blockStore';
import { lineScriptMix } from '../../src/core/incremental/lineTokenCounts';
import { scriptMixOf, scriptRuns } from '../../src/core/text/scriptMix';
import { CLASS_INDEX, classOfScript, emptyMix, mixTotal, SCRIPT_CLASSES, type ScriptClass } from '../../src/core/text/scriptClasses';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const count = (text: string) => o200k.count(text);
const mixOf = (text: string) => scriptMixOf(text, count(text), count);
const runClasses = (text: string) => scriptRuns(text).map(([start, c]) => [text.slice(start, start + 4), SCRIPT_CLASSES[c]]);
const only = (script: ScriptClass, tokens: number) => {
  const mix = emptyMix();
  mix[CLASS_INDEX[script]] = tokens;
  return mix;
};

describe('tokens by script (per-script calibration)', () => {
  it('puts a text of one script wholly in its class, without counting again', () => {
    let calls = 0;
    const mix = scriptMixOf('Hello, world! 42 times.', 9, () => calls++);
    assert.deepEqual(mix, only('latin', 9));
    assert.equal(calls, 0);
    assert.deepEqual(mixOf('1 + 2 = 3; // ---'), only('common', count('1 + 2 = 3; // ---')));
    assert.deepEqual(mixOf('中文的文本，没有假名。'), only('han', count('中文的文本，没有假名。')));
  });

  it('reads Han with kana as Japanese, Han alone as Chinese', () => {
    assert.deepEqual(runClasses('これは日本語です。'), [['これは日', 'japanese']]);
    assert.deepEqual(runClasses('日本語です'), [['日本語で', 'japanese']], 'a run that starts in Han turns Japanese at its first kana');
    assert.deepEqual(runClasses('Hello 世界 and привет'), [
      ['Hell', 'latin'],
      [' 世界 ', 'han'],
      [' and', 'latin'],
      [' при', 'cyrillic'],
    ]);
  });

  it('shares a mixed text out by its runs, adding up to its tokens', () => {
    const text = 'The report says: 这是一个很长的中文句子，用来测试。 And then Привет, как дела? नमस्ते दुनिया';
    const mix = mixOf(text);
    assert.ok(Math.abs(mixTotal(mix) - count(text)) < 1e-9);
    for (const script of ['latin', 'han', 'cyrillic', 'indic'] as const) assert.ok(mix[CLASS_INDEX[script]] > 0, script);
    assert.equal(mix[CLASS_INDEX.arabic], 0);
  });

  it('maps Unicode scripts to classes', () => {
    assert.equal(classOfScript('Devanagari'), 'indic');
    assert.equal(classOfScript('Tamil'), 'indic');
    assert.equal(classOfScript('Hiragana'), 'japanese');
    assert.equal(classOfScript('Bopomofo'), 'han');
    assert.equal(classOfScript('Thai'), 'other');
    assert.equal(classOfScript('Inherited'), 'common');
  });

  it('gives a block store the same mix block by block, and a range the mix of its text', () => {
    const text = ['English prose line after line. '.repeat(60), '中文段落。'.repeat(200), 'Русский текст идёт здесь. '.repeat(80)].join('\n');
    const store = new BlockStore(o200k, cutRuleFor('o200k_base'), text, 256);
    store.countPending();
    const whole = store.scriptMix();
    assert.ok(Math.abs(mixTotal(whole) - store.totalsSnapshot.tokens) < 1e-6);
    const direct = mixOf(text);
    for (let i = 0; i < SCRIPT_CLASSES.length; i++) assert.ok(Math.abs(whole[i] - direct[i]) <= 0.01 * count(text), SCRIPT_CLASSES[i]);
    const start = text.indexOf('中');
    const range = store.scriptMixRange(start, start + 500);
    assert.ok(range[CLASS_INDEX.han] > 0.95 * mixTotal(range));
    store.applyEdit({ offset: 0, deleteCount: 0, insert: 'مرحبا بالعالم ' });
    store.countPending();
    assert.ok(store.scriptMix()[CLASS_INDEX.arabic] > 0, 'an edit is read');
  });

  it('counts a line by the runs its tokens start in', () => {
    const line = 'Hi 世界!';
    const starts = Int32Array.from([100, 102, 103, 105]); // "Hi", " 世", "界", "!" at offset 100
    const mix = lineScriptMix(starts, 100, line);
    assert.equal(mix[CLASS_INDEX.latin], 1);
    assert.equal(mix[CLASS_INDEX.han], 3);
    assert.equal(mixTotal(lineScriptMix(starts, 200, 'other line')), 0);
  });
});

describe('a per-script estimate of a text', () => {
  const claude = approximation('claude');
  it('weights each script by its share of the base tokens', () => {
    const mix = emptyMix();
    mix[CLASS_INDEX.latin] = 75;
    mix[CLASS_INDEX.han] = 25;
    assert.equal(calibratedFactor(claude, mix), 0.75 * 1.15 + 0.25 * 1.46);
    assert.equal(estimateTokens(claude, 100, mix), Math.round(100 * (0.75 * 1.15 + 0.25 * 1.46)));
    assert.equal(estimateTokens(claude, 100), 115, 'no mix: the Latin factor');
    assert.equal(estimateTokens(claude, 100, emptyMix()), 115);
  });

  it('states the weighted bound, or which scripts have none', () => {
    const mix = emptyMix();
    mix[CLASS_INDEX.latin] = 50;
    mix[CLASS_INDEX.han] = 50;
    assert.deepEqual(mixErrorPct(claude, mix), { errorPct: Math.ceil(0.5 * 25 + 0.5 * 20), unknown: [] });
    mix[CLASS_INDEX.hangul] = 10;
    assert.deepEqual(mixErrorPct(claude, mix).unknown, ['hangul']);
    assert.equal(errorLabel(approximateCounting('claude'), undefined, mix), 'error unknown for Korean (Hangul)');
    mix[CLASS_INDEX.hangul] = 1; // under 2%: too little to make the whole bound unknown
    assert.equal(mixErrorPct(claude, mix).unknown.length, 0);
    assert.equal(errorLabel(approximateCounting('claude-4.7'), undefined, only('indic', 10)), '±35% (estimated)');
  });

  it('describes the mix for the tooltip, largest script first', () => {
    const mix = emptyMix();
    mix[CLASS_INDEX.han] = 30;
    mix[CLASS_INDEX.latin] = 70;
    assert.equal(mixDescription(claude, mix), 'Latin script and code 70% × 1.15, Chinese (Han) 30% × 1.46');
  });
});
