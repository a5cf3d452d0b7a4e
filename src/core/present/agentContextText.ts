/**
 * How the Agent Context view (host/agents/) writes its numbers: a tool's row (what its always
 * loaded files cost per request), its tooltip, and the summary "Copy Agent Context Summary"
 * puts on the clipboard. The file rows are written as the Tokens view's (workspaceText.ts).
 * Pure, so the words are tested in plain Node.
 */
import type { AgentToolTotal } from '../agents/agentFiles';
import { windowSharePct } from '../catalog/contextWindow';
import { approxMark, isExact } from '../catalog/models';
import { inputCost } from '../catalog/prices';
import { ENGLISH, type Localizer } from '../l10n';
import { formatUsd, integerText, percentText } from '../text/numberText';
import { rowDescription, rowTooltipLines, type RowContext } from './workspaceText';

/** `$0.0031/request`, empty for a model without a price. */
function perRequest(tokens: number, context: RowContext, l10n: Localizer): string {
  const prices = context.model.prices;
  return prices ? l10n.t('{0}/request', formatUsd(inputCost(prices, tokens), l10n.locale)) : '';
}

/** `1.2k · 0.9% · $0.0031/request · 1 not counted`: a tool's row, its always-loaded files. */
export function agentToolDescription(total: AgentToolTotal, context: RowContext, l10n: Localizer = ENGLISH): string {
  const parts = [rowDescription({ tokens: total.always }, context, l10n)];
  const cost = perRequest(total.always, context, l10n);
  if (cost) parts.push(cost);
  if (total.uncounted.length > 0) parts.push(l10n.t('{0} not counted', integerText(total.uncounted.length, l10n.locale)));
  return parts.join(' · ');
}

/** A tool's tooltip: its always-loaded tokens in full (exact or `≈`), share, cost, and what it loads on demand. */
export function agentToolTooltipLines(name: string, total: AgentToolTotal, alwaysFiles: number, context: RowContext, l10n: Localizer = ENGLISH): string[] {
  const locale = l10n.locale;
  const lines = [...rowTooltipLines(l10n.t('{0}: loaded on every request', name), { tokens: total.always, files: alwaysFiles, uncounted: total.uncounted.length }, context, l10n)];
  if (total.onDemand > 0) {
    lines.push(
      l10n.t('{0} more in files loaded on demand (when the agent works on matching files, or asks for them)', `${approxMark(context.model)}${integerText(total.onDemand, locale)}`),
    );
  }
  return lines;
}

/** One tool's files for the summary: each with its tokens, or the reason it has none. */
export interface SummaryTool {
  readonly name: string;
  readonly total: AgentToolTotal;
  readonly always: ReadonlyArray<{ readonly path: string; readonly tokens?: number; readonly note?: string }>;
  readonly onDemand: ReadonlyArray<{ readonly path: string; readonly tokens?: number; readonly note?: string }>;
}

/**
 * The clipboard summary: a heading with the model and its usable window, then per tool (per
 * workspace folder when there are several) its total per request and its files, tab-separated.
 */
export function agentContextSummary(
  folders: ReadonlyArray<{ readonly name?: string; readonly tools: readonly SummaryTool[] }>,
  context: RowContext,
  l10n: Localizer = ENGLISH,
): string {
  const locale = l10n.locale;
  const { model, usableWindow } = context;
  const mark = isExact(model) ? '' : approxMark(model);
  const tokens = (n: number | undefined, note?: string) => (n === undefined ? (note ?? '') : `${mark}${integerText(n, locale)}`);
  const lines = [l10n.t('Agent context files for {0}: tokens loaded on every request (usable window {1} tokens)', model.id, integerText(usableWindow, locale))];
  for (const folder of folders) {
    if (folder.name !== undefined) lines.push('', `# ${folder.name}`);
    for (const tool of folder.tools) {
      const always = tool.total.always;
      const cost = perRequest(always, context, l10n);
      lines.push('', [`${tool.name}: ${tokens(always)}`, percentText(windowSharePct(always, usableWindow), locale), ...(cost ? [cost] : [])].join(' · '));
      for (const file of tool.always) lines.push(`  ${file.path}\t${tokens(file.tokens, file.note)}`);
      for (const file of tool.onDemand) lines.push(`  ${l10n.t('on demand: {0}', file.path)}\t${tokens(file.tokens, file.note)}`);
    }
  }
  return lines.join('\n');
}
