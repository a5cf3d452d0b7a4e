import type { ModelInfo } from './models';
import { formatUsd, type ModelPrices } from './prices';

/**
 * Text of the status bar and its tooltip, as pure functions so the exact strings a user sees
 * are unit-tested. Numbers use en-US grouping (`12,345`) everywhere, matching the docs.
 */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** `200k`, `128k`, `8k`, `1M` (1,047,576), `16k` (16,385). */
export function formatWindow(tokens: number): string {
  if (tokens >= 999_500) return `${Math.round(tokens / 100_000) / 10}M`;
  return `${Math.round(tokens / 1000)}k`;
}

/** Share of the window with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(tokens: number, window: number): string {
  if (tokens === 0) return '0%';
  const pct = (tokens / window) * 100;
  if (pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

export interface CountView {
  tokens: number;
  /** Token counts of the non-empty selections (summed when several), or undefined. */
  selectionTokens?: number;
  selectionCount?: number;
  chars: number;
  bytes: number;
}

/** `Sel 123 · 12,345 tokens · 6.2% of 200k · gpt-4o` */
export function statusBarText(view: CountView, model: ModelInfo): string {
  const parts: string[] = [];
  if (view.selectionTokens !== undefined) parts.push(`Sel ${formatInteger(view.selectionTokens)}`);
  parts.push(`${formatInteger(view.tokens)} ${view.tokens === 1 ? 'token' : 'tokens'}`);
  parts.push(`${formatShare(view.tokens, model.contextWindow)} of ${formatWindow(model.contextWindow)}`);
  parts.push(model.id);
  return parts.join(' · ');
}

/** Markdown lines of the tooltip (the host adds the command links). */
export function tooltipLines(view: CountView, model: ModelInfo, prices?: ModelPrices): string[] {
  const lines = [
    `**${formatInteger(view.tokens)} tokens** for ${model.displayName} (exact)`,
    '',
    `Tokenizer: \`${model.encoding}\` (tiktoken)`,
    `Context window: ${formatInteger(model.contextWindow)} tokens (${formatShare(view.tokens, model.contextWindow)} used)`,
    `Characters: ${formatInteger(view.chars)} · UTF-8 bytes: ${formatInteger(view.bytes)}`,
  ];
  if (view.selectionTokens !== undefined) {
    const n = view.selectionCount ?? 1;
    lines.push(`Selection: ${formatInteger(view.selectionTokens)} tokens${n > 1 ? ` in ${n} selections` : ''}`);
  }
  if (prices) {
    const output = prices.output !== undefined ? `, output $${prices.output} / 1M` : '';
    lines.push(`As input: ${formatUsd((view.tokens * prices.input) / 1_000_000)} (input $${prices.input} / 1M tokens${output})`);
    lines.push(`Prices: ${prices.source}, ${prices.date}`);
  }
  return lines;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
