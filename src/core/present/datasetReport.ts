/**
 * A JSON Lines dataset's summary as a Markdown report: what "Summarise Dataset File" opens for a
 * file too big to open in the editor (the panel's Dataset section shows the same numbers for an
 * open one). Every value from the file (roles, JSON errors) is escaped: the report is rendered.
 */
import type { DatasetView } from '../insights/insightView';
import { ENGLISH, type Localizer } from '../l10n';
import { costText, decimalText, integerText, percentText } from '../text/numberText';
import { formatMegabytes } from './countFormat';

export interface DatasetReportInput {
  readonly fileName: string;
  readonly bytes: number;
  readonly modelId: string;
  readonly tokenizerLabel: string;
  readonly seconds: number;
  readonly view: DatasetView;
}

export function datasetReport(input: DatasetReportInput, l10n: Localizer = ENGLISH): string {
  const { view: d } = input;
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const mark = d.exact ? '' : '≈';
  const lines = [
    `# ${escapeMarkdown(l10n.t('Dataset: {0}', input.fileName))}`,
    '',
    l10n.t('{0}, counted for {1} ({2}) in {3} s.', formatMegabytes(input.bytes, locale), input.modelId, input.tokenizerLabel, decimalText(input.seconds, 1, locale)),
    '',
    `| ${l10n.t('Examples')} | ${l10n.t('Tokens')} | ${l10n.t('Mean per example')} | ${l10n.t('95th percentile')} | ${l10n.t('Largest')} |`,
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${int(d.examples)} | ${mark}${int(d.totalTokens)} | ${mark}${d.meanTokens >= 100 ? int(Math.round(d.meanTokens)) : decimalText(d.meanTokens, 1, locale)} | ${mark}${int(d.p95Tokens)} | ${
      d.maxLine !== undefined ? l10n.t('{0} (line {1})', `${mark}${int(d.maxTokens)}`, int(d.maxLine)) : `${mark}${int(d.maxTokens)}`
    } |`,
    '',
    `## ${l10n.t('Tokens by role')}`,
    '',
    `| ${l10n.t('Role')} | ${l10n.t('Tokens')} | ${l10n.t('Share')} |`,
    '| --- | ---: | ---: |',
    ...d.byRole.map((r) => `| ${escapeMarkdown(r.role)} | ${mark}${int(r.tokens)} | ${percentText(d.totalTokens > 0 ? (r.tokens / d.totalTokens) * 100 : 0, locale)} |`),
    '',
    `## ${l10n.t('Training')}`,
    '',
    `- ${l10n.t('Training: {0} tokens an epoch (× the number of epochs); {1}.', `${mark}${int(d.tokensPerEpoch)}`, d.trainingPriceNote)}`,
    ...(d.evalInputCost !== undefined ? [`- ${l10n.t('Sent once as input (an eval run): {0}.', costText(d.evalInputCost, locale))}`] : []),
    `- ${
      d.trainingLimit
        ? l10n.t('Training limit per example: {0} tokens ({1}); {2} example(s) over it.', int(d.trainingLimit.tokens), d.trainingLimit.source, int(d.trainingLimit.overCount))
        : l10n.t('Training limit per example: not published for {0}.', input.modelId)
    }`,
    ...(d.trainingLimit?.over ?? []).map((e) => `  - ${l10n.t('Line {0}: {1}', int(e.line), l10n.t('{0} tokens', int(e.tokens)))}`),
    '',
    `## ${l10n.t('Malformed lines')}: ${int(d.malformedCount)}`,
    '',
    ...d.malformed.map((m) => `- ${l10n.t('Line {0}: {1}', int(m.line), escapeMarkdown(m.error))}`),
    ...(d.malformedCount > d.malformed.length ? [`- ${l10n.t('… and {0} more', int(d.malformedCount - d.malformed.length))}`] : []),
    '',
    l10n.t('Empty lines: {0}', int(d.emptyLines)),
    '',
  ];
  return lines.join('\n');
}

/** Text from the file shown as itself in rendered Markdown (no links, emphasis, tables or HTML). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}
