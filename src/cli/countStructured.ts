/**
 * `tokenscope count` on files that are more than text: a chat request (JSON of a request's
 * shape, whatever its name), a JSON Lines dataset (.jsonl, .ndjson) and a Jupyter notebook
 * (.ipynb) are counted as what they are, with their breakdown (and their plain-text count
 * beside); every other file as text (countFiles.ts). Kept apart from main.ts so the command's other options
 * change independently of this.
 */
import { modelTokens, needsScriptMix, countingTokenizer, type ModelInfo } from '../core/catalog/models';
import { scriptMixOf } from '../core/text/scriptMix';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { countRequestText, isNotARequest } from '../core/requests/requestCount';
import type { RequestCountOptions } from '../core/requests/requestParts';
import type { CountText, RequestBreakdown } from '../core/requests/requestTypes';
import { requestAskFor, requestOptionsOf } from '../core/requests/requestAsk';
import { DatasetCounter, MAX_LISTED, type DatasetSummary, type ExampleCount } from '../core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../core/datasets/jsonlLines';
import { countNotebook, type NotebookCount } from '../core/notebooks/notebookCount';
import { TRAINING_LIMIT_SOURCE, TRAINING_PRICE_NOTE, trainingExampleLimit } from '../core/catalog/trainingLimits';
import { windowSharePct, usableWindowOf } from '../core/catalog/contextWindow';
import { formatInteger } from '../core/present/countFormat';
import { requestFormatName } from '../core/requests/requestFormatName';
import { countText, type DecodedText, type FileCount } from './countFiles';

/** A dataset's summary as the CLI reports it: with the examples over --budget and the training figures. */
export interface DatasetReport extends DatasetSummary {
  readonly overBudget: readonly ExampleCount[];
  readonly overBudgetCount: number;
  readonly trainingLimitSource: string | null;
  readonly trainingTokensPerEpoch: number;
  readonly trainingCostUsd: null;
  readonly trainingCostNote: string;
}

/** A file's count, with the breakdown of what it holds when it is a request, a dataset or a notebook. */
export interface StructuredCount extends FileCount {
  /** The file's tokens as plain text (`tokens` is then what the request, dataset or notebook counts). */
  readonly textTokens?: number;
  readonly request?: RequestBreakdown;
  readonly dataset?: DatasetReport;
  readonly notebook?: NotebookCount;
}

/** The model's count of a text: its tokenizer's, scaled (per script where calibrated so) for a ≈ model. */
export function modelCounter(model: ModelInfo, tokenizers: TokenizerRegistry): CountText {
  const tokenizer = tokenizers.load(countingTokenizer(model)).tokenizer;
  const perScript = needsScriptMix(model);
  return (text) => {
    const counted = tokenizer.count(text);
    return modelTokens(model, counted, perScript ? scriptMixOf(text, counted, (part) => tokenizer.count(part)) : undefined);
  };
}

/** Which image formula and rates apply to `model` (the worker asks the same, requestAsk.ts). */
export function requestOptions(model: ModelInfo, count: CountText): RequestCountOptions & { hint: 'openai' | 'anthropic' } {
  return requestOptionsOf(requestAskFor(model), count);
}

/**
 * Whether a file named on the command line may be a request, a dataset or a notebook: by its
 * name (.jsonl, .ndjson, .ipynb), or, since a request is recognised by its shape whatever its
 * name, by a `{` as the first thing in it after blanks and a byte order mark. Such files are
 * counted by countStructured; the others as text (on the worker pool when there are many).
 */
export function mayBeStructured(file: string, head: Uint8Array): boolean {
  if (/\.(jsonl|ndjson|ipynb)$/i.test(file)) return true;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('{');
}

/**
 * Counts one decoded file: as a request, dataset or notebook where it is one, else as text.
 * `budget` is checked against each example of a dataset.
 */
export function countStructured(file: string, decoded: DecodedText, model: ModelInfo, tokenizers: TokenizerRegistry, budget?: number): StructuredCount {
  const plain = countText(file, decoded, model, tokenizers);
  const lower = file.toLowerCase();
  const count = modelCounter(model, tokenizers);
  const window = usableWindowOf(model);
  const as = (tokens: number, extra: Partial<StructuredCount>): StructuredCount => ({
    ...plain,
    tokens,
    textTokens: plain.tokens,
    windowShare: windowSharePct(tokens, window),
    ...extra,
  });
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    const dataset = countDataset(decoded.text, model, count, budget);
    return as(dataset.totalTokens, { dataset });
  }
  const trimmed = decoded.text.trimStart();
  if (!trimmed.startsWith('{')) return plain;
  if (lower.endsWith('.ipynb')) {
    try {
      const notebook = countNotebook(JSON.parse(decoded.text), count);
      return as(notebook.withOutputs, { notebook });
    } catch {
      return plain;
    }
  }
  const request = countRequestText(decoded.text, requestOptions(model, count));
  return isNotARequest(request) ? plain : as(request.total, { request });
}

function countDataset(text: string, model: ModelInfo, count: CountText, budget: number | undefined): DatasetReport {
  const overBudget: ExampleCount[] = [];
  let overBudgetCount = 0;
  const limit = trainingExampleLimit(model.id);
  const counter = new DatasetCounter(requestOptions(model, count), limit, (example) => {
    if (budget === undefined || example.tokens <= budget) return;
    overBudgetCount++;
    if (overBudget.length < MAX_LISTED) overBudget.push(example);
  });
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  splitter.push(text);
  splitter.end();
  const summary = counter.summary();
  return {
    ...summary,
    overBudget,
    overBudgetCount,
    trainingLimitSource: limit === undefined ? null : TRAINING_LIMIT_SOURCE,
    trainingTokensPerEpoch: summary.totalTokens,
    trainingCostUsd: null,
    trainingCostNote: TRAINING_PRICE_NOTE,
  };
}

/** Whether the file is over `budget`: a request or text by its total, a dataset by any example. */
export function isOverBudget(r: StructuredCount, budget: number | undefined): boolean {
  if (budget === undefined) return false;
  return r.dataset ? r.dataset.overBudgetCount > 0 : r.tokens > budget;
}

/** Problems that make the run fail (exit code 1) though the file was counted: a dataset's malformed lines. */
export function structuredProblems(r: StructuredCount): string[] {
  return r.dataset && r.dataset.malformedCount > 0 ? [`${r.file}: ${r.dataset.malformedCount} malformed line(s)`] : [];
}

/** What the file is, after its name in the table: `(OpenAI Chat Completions request)`. */
export function structuredKind(r: StructuredCount): string {
  if (r.request) return ` (${requestFormatName(r.request.format).replace(/^an? /, '')}${r.request.framing.kind === 'estimated' ? ', ≈' : ''})`;
  if (r.dataset) return ` (JSON Lines dataset: ${formatInteger(r.dataset.examples)} examples)`;
  if (r.notebook) return ` (notebook: ${formatInteger(r.notebook.cells.length)} cells, outputs included)`;
  return '';
}

/** The breakdown under the file's row in the table, each line indented. */
export function structuredLines(r: StructuredCount, budget: number | undefined): string[] {
  const n = formatInteger;
  const lines: string[] = [];
  if (r.request) {
    const width = Math.max(...r.request.items.map((i) => n(i.tokens).length), 1);
    for (const item of r.request.items) {
      const extra = [
        item.estimated ? '≈' : '',
        item.imageTokens > 0 ? `images ${n(item.imageTokens)}` : '',
        item.imagesNotCounted > 0 ? `${item.imagesNotCounted} part(s) not counted` : '',
        item.toolParts ? `name ${n(item.toolParts.name)}, description ${n(item.toolParts.description)}, parameters ${n(item.toolParts.parameters)}` : '',
        item.note ?? '',
      ].filter(Boolean);
      lines.push(
        `    ${n(item.tokens).padStart(width)}  ${item.label}${item.kind === 'message' || item.kind === 'system' ? ` (framing ${n(item.framing)})` : ''}${extra.length ? `  ${extra.join('; ')}` : ''}`,
      );
    }
    for (const image of r.request.images) if (image.tokens === undefined) lines.push(`    not counted: ${image.item}: ${image.reason}`);
    lines.push(`    method: ${r.request.framing.description}`);
    lines.push(`    (the file as plain text: ${n(r.textTokens ?? 0)} tokens)`);
  }
  if (r.dataset) {
    const d = r.dataset;
    lines.push(
      `    examples ${n(d.examples)}, tokens per example: mean ${n(Math.round(d.meanTokens))}, p95 ${n(d.p95Tokens)}, max ${n(d.maxTokens)}${d.maxLine ? ` (line ${d.maxLine})` : ''}; empty lines ${n(d.emptyLines)}`,
    );
    lines.push(
      `    by role: ${
        Object.entries(d.tokensByRole)
          .map(([role, tokens]) => `${role} ${n(tokens)}`)
          .join(', ') || '-'
      }`,
    );
    for (const m of d.malformed) lines.push(`    malformed line ${m.line}: ${m.error}`);
    if (d.malformedCount > d.malformed.length) lines.push(`    … and ${n(d.malformedCount - d.malformed.length)} more malformed lines`);
    if (d.trainingLimit === undefined) lines.push(`    training limit per example: unknown for this model`);
    else {
      lines.push(`    training limit per example: ${n(d.trainingLimit)} (${d.trainingLimitSource}); ${n(d.overLimitCount)} example(s) over it`);
      for (const e of d.overLimit) lines.push(`    over the training limit: line ${e.line} (${n(e.tokens)} tokens)`);
    }
    if (budget !== undefined) for (const e of d.overBudget) lines.push(`    over budget: line ${e.line} (${n(e.tokens)} tokens)`);
    lines.push(`    training: ${n(d.trainingTokensPerEpoch)} tokens an epoch; ${d.trainingCostNote}`);
  }
  if (r.notebook) {
    const nb = r.notebook;
    lines.push(
      `    without outputs ${n(nb.withoutOutputs)}, with outputs ${n(nb.withOutputs)}${nb.outputsNotCounted ? `; ${nb.outputsNotCounted} output(s) not counted (images)` : ''}`,
    );
    for (const c of nb.cells) lines.push(`    cell ${c.index + 1} (${c.kind}): source ${n(c.sourceTokens)}, outputs ${n(c.outputTokens)}`);
  }
  return lines;
}
