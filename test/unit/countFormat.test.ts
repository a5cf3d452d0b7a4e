import * as assert from 'node:assert/strict';
import { buildCatalog } from '../../src/core/catalog/catalog';
import {
  billingLine,
  contextLevel,
  countLine,
  estimateLine,
  formatShare,
  formatWindow,
  modelSummary,
  shownTotal,
  tooltipLines,
  windowLine,
  type Gauge,
} from '../../src/core/present/countFormat';
import { modelTokens } from '../../src/core/catalog/models';
import { estimateError } from '../../src/core/providers/selfCalibration';
import { parseSettings } from '../../src/core/catalog/settings';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const gpt4o = catalog.find('gpt-4o')!;
/** gpt-4o's default gauge: 128,000 − 16,384 reserved for output = 111,616 usable. */
const gauge: Gauge = parseSettings({ model: 'gpt-4o' }).settings;

describe('count text in full (CodeLens, tooltip)', () => {
  it('shows the count, the share of the usable window and the model', () => {
    assert.equal(gauge.usableWindow, 111_616);
    assert.equal(countLine({ tokens: 12345, chars: 50000, bytes: 50000 }, gpt4o, gauge), '12,345 tokens · 11.1% of 112k · gpt-4o');
  });

  it('puts the selection count first when there is a selection', () => {
    assert.equal(countLine({ tokens: 12345, selectionTokens: 123, chars: 1, bytes: 1 }, gpt4o, gauge), 'Sel 123 · 12,345 tokens · 11.1% of 112k · gpt-4o');
  });

  it('says "token" for exactly one token and 0% for an empty file', () => {
    assert.equal(countLine({ tokens: 1, chars: 1, bytes: 1 }, gpt4o, gauge), '1 token · <0.1% of 112k · gpt-4o');
    assert.equal(countLine({ tokens: 0, chars: 0, bytes: 0 }, gpt4o, gauge), '0 tokens · 0% of 112k · gpt-4o');
  });

  it('marks an approximate count with ≈, scaled by the approximation, selection included', () => {
    const claude = catalog.find('claude-sonnet-4-5')!;
    const settings = parseSettings({ model: 'claude-sonnet-4-5' }).settings;
    assert.equal(claude.counting.kind, 'approx');
    const factor = claude.counting.kind === 'approx' ? claude.counting.factor : 1;
    const text = countLine({ tokens: 1000, selectionTokens: 100, chars: 1, bytes: 1 }, claude, settings);
    assert.equal(
      text,
      `Sel ≈${Math.round(100 * factor)} · ≈${Math.round(1000 * factor).toLocaleString('en-US')} tokens · ${formatShare(Math.round(1000 * factor), settings.usableWindow)} of ${formatWindow(settings.usableWindow)} · claude-sonnet-4-5`,
    );
    const tooltip = tooltipLines({ tokens: 1000, chars: 1, bytes: 1 }, claude, settings).join('\n');
    assert.match(tooltip, /approximate, ±\d+%|approximate, error unmeasured/);
    assert.match(tooltip, /Approximation: /);
  });

  it('shows an API count as exact, replacing the approximation', () => {
    const claude = catalog.find('claude-sonnet-4-5')!;
    const settings = parseSettings({ model: 'claude-sonnet-4-5' }).settings;
    const view = { tokens: 1000, chars: 1, bytes: 1, apiCount: { tokens: 1234, source: "Anthropic's token counting API" } };
    assert.match(countLine(view, claude, settings), /^1,234 tokens/);
    assert.match(tooltipLines(view, claude, settings).join('\n'), /Counted by Anthropic's token counting API .*left this machine/);
  });

  it("shows the local estimate's error on the same text beside a provider's count (self-calibration), framing said", () => {
    const gemini = catalog.find('gemini-2.5-pro')!;
    assert.equal(gemini.counting.kind, 'approx', 'the test needs Gemini approximated (no Gemma file)');
    const settings = parseSettings({ model: 'gemini-2.5-pro' }).settings;
    const local = modelTokens(gemini, 1000);
    const provider = Math.round(local / 0.956);
    const view = { tokens: 1000, chars: 1, bytes: 1, apiCount: { tokens: provider, source: "Google's token counting API", maker: 'Gemini', framing: true } };
    assert.match(countLine(view, gemini, settings), new RegExp(`^${provider.toLocaleString('en-US')} tokens`));
    const tooltip = tooltipLines(view, gemini, settings).join('\n');
    const pct = (((provider - local) / provider) * 100).toFixed(1);
    assert.ok(
      tooltip.includes(
        `Gemini counts ${provider.toLocaleString('en-US')} tokens; the local estimate ≈${local.toLocaleString('en-US')} is ${pct}% low (the count includes a few tokens of request framing).`,
      ),
      tooltip,
    );
    assert.equal(estimateLine({ tokens: 100, source: 'x', maker: 'xAI', framing: false }, 110), 'xAI counts 100 tokens; the local estimate ≈110 is 10.0% high.');
    assert.equal(estimateLine({ tokens: 100, source: 'x', maker: 'xAI', framing: false }, 100), 'xAI counts 100 tokens; the local estimate ≈100 is right on.');
    assert.equal(estimateLine({ tokens: 0, source: 'x', maker: 'xAI', framing: false }, 3), 'xAI counts 0 tokens; the local estimate was ≈3.');
    assert.ok(estimateError(90, 100)!.relative < 0 && estimateError(90, 100)!.direction === 'low');
  });

  it("keeps an exact local count and its mark, with the provider's request count beside it as the billing figure", () => {
    const view = { tokens: 1000, chars: 1, bytes: 1, apiCount: { tokens: 1007, source: "OpenAI's token counting API", maker: 'OpenAI', framing: true } };
    assert.deepEqual(shownTotal(view, gpt4o), { tokens: 1000, exact: true });
    assert.match(countLine(view, gpt4o, gauge), /^1,000 tokens/);
    const tooltip = tooltipLines(view, gpt4o, gauge);
    assert.match(tooltip[0], /\*\*1,000 tokens\*\* for GPT-4o \(OpenAI\) · exact/);
    assert.ok(tooltip.some((l) => l.startsWith('Tokenizer: ')));
    assert.ok(
      tooltip.includes(
        "OpenAI counts 1,007 tokens for this text as a request, the billing figure (+7 against the exact count: the request's framing). The text left this machine.",
      ),
      tooltip.join('\n'),
    );
    assert.equal(billingLine({ tokens: 1000, source: 'x', maker: 'xAI', framing: false }, 1000), 'xAI counts 1,000 tokens (the text left this machine).');
  });

  it('abbreviates context windows the way model pages do', () => {
    assert.equal(formatWindow(128_000), '128k');
    assert.equal(formatWindow(200_000), '200k');
    assert.equal(formatWindow(1_047_576), '1M');
    assert.equal(formatWindow(16_385), '16k');
    assert.equal(formatWindow(8_192), '8k');
    assert.equal(formatWindow(2_049), '2k');
  });

  it('never rounds a non-empty share down to 0.0%', () => {
    assert.equal(formatShare(5, 128_000), '<0.1%');
    assert.equal(formatShare(128, 128_000), '0.1%');
    assert.equal(formatShare(256_000, 128_000), '200.0%');
  });

  it('turns to warning at the warning threshold and to error at the error threshold', () => {
    const g: Gauge = { usableWindow: 1000, reservedOutputTokens: 0, warningThreshold: 80, errorThreshold: 100 };
    assert.equal(contextLevel(799, g), 'ok');
    assert.equal(contextLevel(800, g), 'warning');
    assert.equal(contextLevel(999, g), 'warning');
    assert.equal(contextLevel(1000, g), 'error');
  });

  it('tooltip names the tokenizer, the reserve, characters, bytes and says the count is exact', () => {
    const text = tooltipLines({ tokens: 10, chars: 1234, bytes: 5678, selectionTokens: 3, selectionCount: 2 }, gpt4o, gauge).join('\n');
    assert.match(text, /o200k_base/);
    assert.match(text, /exact/);
    assert.match(text, /\*\*<0\.1%\*\* of 112k usable: 128k − 16k kept for output \(tokenscope\.reservedOutputTokens\)/);
    assert.match(text, /Characters: 1,234/);
    assert.match(text, /UTF-8 bytes: 5,678/);
    assert.match(text, /Selection: 3 tokens in 2 selections/);
  });

  it('names the window the share is of: the usable part and what is kept for output, or the whole window', () => {
    assert.equal(windowLine(12_345, gpt4o, gauge), '**11.1%** of 112k usable: 128k − 16k kept for output (tokenscope.reservedOutputTokens)');
    const none = parseSettings({ model: 'gpt-4o', reservedOutputTokens: 0 }).settings;
    assert.equal(windowLine(12_800, gpt4o, none), '**10.0%** of the 128k context window');
  });

  it('says when a selection counts as many tokens as the whole text', () => {
    const all = tooltipLines({ tokens: 829, chars: 1, bytes: 1, selectionTokens: 829, selectionCount: 1 }, gpt4o, gauge).join('\n');
    assert.match(all, /Selection: 829 tokens, as many as the whole text/);
    const one = tooltipLines({ tokens: 829, chars: 1, bytes: 1, selectionTokens: 1, selectionCount: 1 }, gpt4o, gauge).join('\n');
    assert.match(one, /Selection: 1 token$/m);
  });

  it('prices the text at the long-context rate once it is past the tier', () => {
    const pro = catalog.find('gemini-2.5-pro')!;
    const settings = parseSettings({ model: 'gemini-2.5-pro' }).settings;
    const tier = pro.prices!.tiers![0];
    const below = tooltipLines({ tokens: 1000, chars: 1, bytes: 1 }, pro, settings).join('\n');
    assert.match(below, new RegExp(`input \\$${pro.prices!.input} / 1M`));
    const factor = pro.counting.kind === 'approx' ? pro.counting.factor : 1;
    const above = tooltipLines({ tokens: Math.ceil((tier.aboveInputTokens + 1000) / factor), chars: 1, bytes: 1 }, pro, settings).join('\n');
    assert.match(above, new RegExp(`input \\$${tier.input} / 1M`));
  });

  it('summarises a model for the picker: name, maker, window, price, exact or ≈', () => {
    assert.equal(modelSummary(gpt4o), `GPT-4o · OpenAI · 128k · $${gpt4o.prices!.input}/1M in · exact · o200k_base`);
    assert.match(modelSummary(catalog.find('claude-sonnet-4-5')!), /^Claude Sonnet 4\.5 · Anthropic · 200k · \$3\/1M in · ≈ /);
  });
});
