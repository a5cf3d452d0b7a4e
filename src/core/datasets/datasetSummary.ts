/**
 * A fine-tuning or eval dataset in JSON Lines, counted example by example: OpenAI's chat format
 * (`{"messages": [...]}`, with `tools`/`functions` where present) by the same per-message formula
 * as a request (OpenAI's fine-tuning cookbook counts examples that way), and `{"prompt",
 * "completion"}` as the two texts. Malformed lines are reported with their line number and the
 * JSON error; blank lines are counted and skipped. Feed lines with `add` (JsonlLineSplitter gives
 * them chunk by chunk) and read `summary()` at any time.
 */
import { countRequestValue } from '../requests/requestCount';
import type { RequestCountOptions } from '../requests/requestParts';
import { readJsonlLine } from './jsonlProblems';

export type ExampleFormat = 'chat' | 'prompt-completion';

export interface ExampleCount {
  readonly line: number;
  readonly format: ExampleFormat;
  readonly tokens: number;
}

export interface MalformedLine {
  readonly line: number;
  readonly error: string;
}

export interface DatasetSummary {
  readonly examples: number;
  readonly emptyLines: number;
  /** Every malformed line up to MAX_LISTED, and how many there are in all. */
  readonly malformed: readonly MalformedLine[];
  readonly malformedCount: number;
  readonly totalTokens: number;
  readonly meanTokens: number;
  /** The 95th percentile of tokens per example (nearest rank). */
  readonly p95Tokens: number;
  readonly maxTokens: number;
  readonly maxLine: number | undefined;
  /** Tokens by role (`system`, `user`, `assistant`, `tool`…, `prompt`, `completion`), plus `tools` and `framing`. */
  readonly tokensByRole: Readonly<Record<string, number>>;
  /** Examples longer than the training limit (up to MAX_LISTED), and how many in all; none when the limit is unknown. */
  readonly overLimit: readonly ExampleCount[];
  readonly overLimitCount: number;
  readonly trainingLimit: number | undefined;
}

/** Lines listed by line number at most; the counts cover the rest. 1,000: more is not read by anyone. */
export const MAX_LISTED = 1000;

export class DatasetCounter {
  private readonly tokens: number[] = [];
  private readonly malformed: MalformedLine[] = [];
  private malformedCount = 0;
  private readonly overLimit: ExampleCount[] = [];
  private overLimitCount = 0;
  private emptyLines = 0;
  private total = 0;
  private max = 0;
  private maxLine: number | undefined;
  private readonly byRole = new Map<string, number>();

  constructor(
    private readonly options: RequestCountOptions,
    private readonly trainingLimit: number | undefined,
    private readonly onExample?: (example: ExampleCount) => void,
  ) {}

  /** One line of the file (1-based number, without its line end). */
  add(line: number, text: string): void {
    // One rule for what is malformed, shared with the editor's problems (jsonlProblems.ts).
    const read = readJsonlLine(text);
    if ('blank' in read) this.emptyLines++;
    else if ('problem' in read) this.bad(line, read.problem.error);
    else this.record(Array.isArray(read.example.messages) ? this.chat(line, read.example) : this.promptCompletion(line, read.example));
  }

  private chat(line: number, record: Record<string, unknown>): ExampleCount {
    const result = countRequestValue(record, 'openai-chat', this.options);
    for (const item of result.items) {
      const key = item.role ?? (item.kind === 'tool' ? 'tools' : 'framing');
      // A message's framing is framing; its content and images are its role's.
      this.addRole(key, item.role ? item.content + item.imageTokens : item.tokens);
      if (item.role) this.addRole('framing', item.framing);
    }
    return { line, format: 'chat', tokens: result.total };
  }

  private promptCompletion(line: number, record: Record<string, unknown>): ExampleCount {
    const prompt = typeof record.prompt === 'string' ? this.options.count(record.prompt) : 0;
    const completion = typeof record.completion === 'string' ? this.options.count(record.completion) : 0;
    this.addRole('prompt', prompt);
    this.addRole('completion', completion);
    return { line, format: 'prompt-completion', tokens: prompt + completion };
  }

  private record(example: ExampleCount): void {
    this.tokens.push(example.tokens);
    this.total += example.tokens;
    if (this.maxLine === undefined || example.tokens > this.max) [this.max, this.maxLine] = [example.tokens, example.line];
    if (this.trainingLimit !== undefined && example.tokens > this.trainingLimit) {
      this.overLimitCount++;
      if (this.overLimit.length < MAX_LISTED) this.overLimit.push(example);
    }
    this.onExample?.(example);
  }

  private bad(line: number, error: string): void {
    this.malformedCount++;
    if (this.malformed.length < MAX_LISTED) this.malformed.push({ line, error });
  }

  private addRole(role: string, tokens: number): void {
    this.byRole.set(role, (this.byRole.get(role) ?? 0) + tokens);
  }

  summary(): DatasetSummary {
    const n = this.tokens.length;
    const sorted = Float64Array.from(this.tokens).sort();
    return {
      examples: n,
      emptyLines: this.emptyLines,
      malformed: [...this.malformed],
      malformedCount: this.malformedCount,
      totalTokens: this.total,
      meanTokens: n === 0 ? 0 : this.total / n,
      p95Tokens: n === 0 ? 0 : sorted[Math.ceil(0.95 * n) - 1],
      maxTokens: this.max,
      maxLine: this.maxLine,
      tokensByRole: Object.fromEntries(this.byRole),
      overLimit: [...this.overLimit],
      overLimitCount: this.overLimitCount,
      trainingLimit: this.trainingLimit,
    };
  }
}
