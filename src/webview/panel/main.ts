/**
 * The insight panel's webview (bundled to dist/webview/insight.js; the page comes from
 * ../panelHtml.ts). It shows the numbers the host sends (`update`), keeps them with the sort
 * order in VS Code's webview state so a reload shows them at once, then says `ready`. The
 * contract with the host is ../messages.ts.
 *
 * Everything is built with createElement and textContent (./dom.ts): a file name or token text
 * is never parsed as HTML. No inline styles: classes from insight.css and SVG attributes.
 *
 * Words go through `l10n.t` with the host's translations (./l10n.ts), numbers through the
 * formatters of core/insightFormat.ts with the display language: the English in this code is
 * the message key and the text shown when there is no translation.
 *
 * Stable hooks for tests (`data-testid`):
 *   header           source, model, export-markdown, export-csv, export-json, export-confirmation
 *   summary          summary, summary-tokens, summary-fit, summary-cost, summary-cheapest,
 *                    summary-compact (each with dt, .summary-value, .summary-detail),
 *                    summary-cost-caveat, summary-tokens-caveat
 *   tooltips         tip (role=tooltip, beside what it explains; shown on hover and focus);
 *                    compression metrics' labels <metric testid>-label
 *   status           status (data-kind = the status kind), status-message, status-progress
 *                    (role=progressbar, aria-valuenow = percent), status-cancel
 *   content          content (hidden while there are no numbers)
 *   compression      compression, compression-tokens, compression-chars, compression-bytes,
 *                    compression-words, compression-chars-per-token, compression-bytes-per-token,
 *                    compression-fertility, compression-entropy, compression-distinct,
 *                    compression-histogram, compression-top-tokens
 *   models           models, models-expected-output, models-add, models-table (rows
 *                    tr[data-model-id], cells td[data-column]), models-sort-<model|tokens|window|
 *                    input|output|total>, models-remove (one per row), models-price-sources,
 *                    models-chart (data-measure), models-chart-cost, models-chart-tokens
 *   disagreements    compare, compare-a, compare-b, compare-highlight, compare-note,
 *                    compare-summary, disagreement-list (buttons with data-start/data-end)
 *   scripts          scripts, script-table (rows tr[data-script])
 *   request          request (hidden unless the file is a chat request), request-total, request-method,
 *                    request-sort, request-table (rows tr[data-kind][data-order], cells td[data-column]),
 *                    request-reveal (a part's label), request-images-not-counted
 *   dataset          dataset (hidden unless the file is a JSON Lines dataset), dataset-status,
 *                    dataset-examples, dataset-total, dataset-mean, dataset-p95, dataset-max,
 *                    dataset-malformed, dataset-empty, dataset-roles (rows tr[data-role]),
 *                    dataset-limit, dataset-training, dataset-malformed-lines
 *   notebook         notebook (hidden unless the text is a notebook's cell), notebook-total,
 *                    notebook-cells (rows tr[data-cell], most tokens first, the followed one
 *                    aria-current), notebook-reveal (a cell's label)
 */
import type { HostToWebview, PanelState, PanelStatus } from '../messages';
import type { InsightView } from '../../core/insights/insightView';
import { integerText } from '../../core/text/numberText';
import { panelLocalizer } from './l10n';
import { createCompareSection } from './compareSection';
import { createCompressionSection } from './compressionSection';
import { h } from './dom';
import { createExportButtons } from './exportButtons';
import { createModelsSection } from './modelsSection';
import { createScriptsSection } from './scriptsSection';
import { createRequestSection } from './requestSection';
import { createDatasetSection } from './datasetSection';
import { createNotebookSection } from './notebookSection';
import { createStatusBanner } from './statusBanner';
import { createSummarySection } from './summarySection';
import { installTipDismissal } from './tips';
import { isHostMessage, panelApi } from './vscodeApi';

const api = panelApi();
const l10n = panelLocalizer();
let state: PanelState = api.loadState();
let status: PanelStatus = { kind: 'ready' };

function saveState(next: PanelState): void {
  state = next;
  api.saveState(state);
}

const source = h('p', { class: 'source', 'data-testid': 'source' });
const model = h('p', { class: 'model', 'data-testid': 'model' });
const exportButtons = createExportButtons(api.post, () => state.sort, l10n);
const statusBanner = createStatusBanner(api.post, l10n);
const summary = createSummarySection(l10n);
const compression = createCompressionSection(l10n);
const models = createModelsSection({
  post: api.post,
  sort: () => state.sort,
  setSort: (sort) => saveState({ ...state, sort }),
  chart: () => state.chart ?? 'cost',
  setChart: (chart) => saveState({ ...state, chart }),
  l10n,
});
const compare = createCompareSection(api.post, l10n);
const scripts = createScriptsSection(l10n);
const request = createRequestSection(api.post, l10n);
const dataset = createDatasetSection(l10n);
const notebook = createNotebookSection(api.post, l10n);
// At a glance first (with what a request or a dataset is made of), then the comparison of models, then the details of the current model's tokens.
const content = h(
  'div',
  { class: 'content', 'data-testid': 'content' },
  summary.element,
  request.element,
  dataset.element,
  notebook.element,
  models.element,
  compression.element,
  compare.element,
  scripts.element,
);
installTipDismissal();

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
app.replaceChildren(
  h('header', { class: 'panel-header' }, h('div', { class: 'heading' }, h('h1', {}, l10n.t('Tokenscope insight')), source, model), exportButtons.element),
  statusBanner.element,
  content,
);

function showView(view: InsightView): void {
  const scope = view.source.scope === 'selection' ? l10n.t('selection') : l10n.t('whole file');
  source.textContent = `${view.source.fileName} · ${scope} · ${l10n.t('{0} characters', integerText(view.source.chars, l10n.locale))}`;
  model.textContent = l10n.t('Model: {0} ({1})', view.model.displayName, view.model.id);
  summary.render(view);
  request.render(view);
  dataset.render(view);
  notebook.render(view);
  models.render(view);
  compression.render(view);
  compare.render(view);
  scripts.render(view);
}

function showStatus(): void {
  const hasNumbers = state.view !== undefined;
  statusBanner.render(status, state.view && { fileName: state.view.source.fileName, partial: state.view.partial === true });
  content.hidden = !hasNumbers || status.kind === 'noEditor';
  // Numbers under a progress bar or an error are the previous ones: shown, but dimmed.
  content.classList.toggle('stale', status.kind !== 'ready');
  app.setAttribute('aria-busy', String(status.kind === 'computing'));
  exportButtons.setEnabled(hasNumbers);
}

function onMessage(message: HostToWebview): void {
  switch (message.type) {
    case 'update':
      saveState({ ...state, view: message.view });
      status = { kind: 'ready' };
      try {
        showView(message.view);
      } catch (error) {
        // A view this panel cannot draw is the host's bug; say so rather than show half of it.
        saveState({ ...state, view: undefined });
        status = { kind: 'error', message: l10n.t('the panel could not show the numbers ({0})', error instanceof Error ? error.message : String(error)) };
      }
      break;
    case 'status':
      status = message.status;
      break;
    case 'exported':
      exportButtons.confirm(message.format);
      break;
  }
  showStatus();
}

// The numbers of the last session first, then ask the host for fresh ones. A saved view this
// version cannot draw (saved by an older one) is dropped rather than breaking the panel.
if (state.view) {
  try {
    showView(state.view);
  } catch {
    saveState({ ...state, view: undefined });
  }
}
showStatus();
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) onMessage(event.data);
});
api.post({ type: 'ready' });
