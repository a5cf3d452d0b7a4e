/**
 * The Request section, shown when the file is a chat request: what the provider bills for it,
 * part by part (system prompt, each message with its framing, each tool with its name,
 * description and parameters, the reply priming), with each part's share of the usable window
 * and input cost. Sorted in the file's order or by tokens (the header button); a part's label
 * reveals it in the editor. How the framing is counted is said under the total: published
 * formula, or `≈` with the method.
 */
import type { InsightView } from '../../core/insights/insightView';
import type { RequestRow } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { costText, integerText, percentText } from '../../core/text/numberText';
import type { WebviewToHost } from '../messages';
import { meter } from './charts';
import { h, replaceKeepingFocus, section, table } from './dom';
import { tipped } from './tips';

export function createRequestSection(post: (message: WebviewToHost) => void, l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('request', l10n.t('Request'), 'request');
  const locale = l10n.locale;
  let byTokens = false;
  let last: InsightView | undefined;
  const int = (n: number) => integerText(n, locale);

  function render(view: InsightView): void {
    last = view;
    const request = view.request;
    element.hidden = !request;
    if (!request) return;
    const mark = request.exact ? '' : '≈';
    const rows = [...request.rows].sort((a, b) => (byTokens ? b.tokens - a.tokens || a.order - b.order : a.order - b.order));
    const sortButton = h(
      'button',
      { type: 'button', class: 'sort', 'data-testid': 'request-sort', 'data-focus-key': 'request-sort', 'aria-pressed': String(byTokens) },
      // One label, its state pressed or not: a label that names the other order reads as the current one.
      `${byTokens ? '☑' : '☐'} ${l10n.t('Most tokens first')}`,
    );
    sortButton.addEventListener('click', () => {
      byTokens = !byTokens;
      if (last) render(last);
    });
    replaceKeepingFocus(
      body,
      h(
        'p',
        { class: 'subtitle', 'data-testid': 'request-total' },
        l10n.t(
          'As {0}: {1} tokens, {2} of the usable window{3}.',
          request.formatName,
          `${mark}${int(request.total)}`,
          percentText(request.windowSharePct, locale),
          request.inputCost === undefined ? '' : `, ${l10n.t('{0} as input', costText(request.inputCost, locale))}`,
        ),
      ),
      h(
        'p',
        { class: 'note', 'data-testid': 'request-method' },
        request.methodKind === 'published' ? l10n.t('Framing: {0}.', request.method) : l10n.t('Framing ≈: {0}.', request.method),
        ' ',
        l10n.t('The file as plain text: {0} tokens.', `${mark}${int(request.textTokens)}`),
      ),
      request.requestModel
        ? h('p', { class: 'note' }, l10n.t('The request names {0}; these numbers are for {1}, the current model.', request.requestModel, view.model.id))
        : undefined,
      h('div', { class: 'toolbar' }, sortButton),
      table(
        'request-table',
        l10n.t('Parts of the request'),
        [
          { label: l10n.t('Part') },
          { label: tipped(l10n.t('Tokens'), l10n.t('The part with its framing: what the provider bills for it.')), numeric: true },
          { label: tipped(l10n.t('Content'), l10n.t("The part's own text: a message's content, a tool's rendered definition.")), numeric: true },
          { label: tipped(l10n.t('Framing'), l10n.t('Tokens the provider adds around the part: message start and end, role, name.')), numeric: true },
          { label: tipped(l10n.t('Share of window'), l10n.t("The part's share of the model's usable window.")), numeric: true },
          { label: l10n.t('Input cost'), numeric: true },
        ],
        rows.map((row) => requestRow(row, post, l10n)),
      ),
      request.imagesNotCounted.length > 0
        ? h(
            'ul',
            { class: 'note', 'data-testid': 'request-images-not-counted' },
            ...request.imagesNotCounted.map((image) => h('li', {}, l10n.t('Image in {0} not counted: {1}', image.item, image.reason))),
          )
        : undefined,
    );
  }

  return { element, render };
}

function requestRow(row: RequestRow, post: (message: WebviewToHost) => void, l10n: Localizer): HTMLTableRowElement {
  const locale = l10n.locale;
  const mark = row.exact ? '' : '≈';
  const details = [
    row.toolParts
      ? l10n.t(
          'name {0}, description {1}, parameters {2}',
          integerText(row.toolParts.name, locale),
          integerText(row.toolParts.description, locale),
          integerText(row.toolParts.parameters, locale),
        )
      : '',
    row.imageTokens > 0 ? l10n.t('images {0}', integerText(row.imageTokens, locale)) : '',
    row.imagesNotCounted > 0 ? l10n.t('{0} image(s) not counted', integerText(row.imagesNotCounted, locale)) : '',
    row.note ?? '',
  ].filter(Boolean);
  let label: HTMLElement;
  if (row.start !== undefined && row.end !== undefined) {
    const { start, end } = row;
    label = h(
      'button',
      { type: 'button', class: 'link', 'data-testid': 'request-reveal', 'data-focus-key': `request:${row.order}`, title: l10n.t('Show in the editor') },
      row.label,
    );
    label.addEventListener('click', () => post({ type: 'reveal', start, end }));
  } else {
    label = h('span', {}, row.label);
  }
  const share = row.windowSharePct / 100;
  return h(
    'tr',
    { 'data-kind': row.kind, 'data-order': row.order },
    h('th', { scope: 'row' }, label, details.length > 0 ? h('div', { class: 'detail' }, details.join('; ')) : undefined),
    h('td', { class: 'num', 'data-column': 'tokens' }, `${mark}${integerText(row.tokens, locale)}`),
    h('td', { class: 'num', 'data-column': 'content' }, `${mark}${integerText(row.content, locale)}`),
    h('td', { class: 'num', 'data-column': 'framing' }, `${mark}${integerText(row.framing, locale)}`),
    h('td', { class: 'num share', 'data-column': 'window' }, h('span', {}, percentText(row.windowSharePct, locale)), meter(Math.min(1, share), 'share-meter')),
    h('td', { class: 'num', 'data-column': 'input' }, costText(row.inputCost, locale)),
  );
}
