/**
 * An agent's input to a tool, checked: models and clients usually follow the JSON schema, but
 * not always (VS Code validates against it, MCP clients need not), so every field is checked
 * here with a message that says what was wrong and what is expected.
 */
import type { ModelInfo } from '../catalog/models';
import { closest } from '../text/closestWord';
import { DEFAULT_BIGGEST, MAX_BIGGEST, MAX_COMPARED_MODELS, toolInputSchema, type ToolName } from './toolDefinitions';
import { ToolInputError, type ToolHost } from './toolHost';

/** What to count: a path (file or folder), a text, or the editor's selection. */
export type ToolSource = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'text'; readonly text: string } | { readonly kind: 'selection' };

export type ToolInput =
  | { readonly tool: 'count_tokens'; readonly source: ToolSource; readonly model: ModelInfo }
  | { readonly tool: 'will_it_fit'; readonly source: ToolSource; readonly model: ModelInfo; readonly reserveTokens?: number }
  | { readonly tool: 'compare_models'; readonly source: ToolSource; readonly models: readonly ModelInfo[] }
  | { readonly tool: 'biggest_files'; readonly path: string; readonly model: ModelInfo; readonly limit: number };

/** Checks `raw` against the tool's schema on this host and resolves its models; throws ToolInputError. */
export function parseToolInput(tool: ToolName, raw: unknown, host: Pick<ToolHost, 'kind' | 'currentModel' | 'model' | 'modelIds' | 'compareModels'>): ToolInput {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ToolInputError(`The input must be a JSON object, got ${describe(raw)}.`);
  const input = raw as Record<string, unknown>;
  const allowed = Object.keys((toolInputSchema(tool, host.kind) as { properties: Record<string, unknown> }).properties);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      const near = closest(key, allowed);
      throw new ToolInputError(`Unknown input "${key}"${near ? `; did you mean "${near}"?` : ''} (${tool} takes ${allowed.join(', ')}).`);
    }
  }
  const model = () => (input.model === undefined ? host.currentModel : modelOf(stringField(input, 'model'), host));
  switch (tool) {
    case 'count_tokens':
      return { tool, source: sourceOf(input, host.kind), model: model() };
    case 'will_it_fit': {
      const reserve = input.reserveTokens === undefined ? undefined : wholeNumber(input, 'reserveTokens', 0, Number.MAX_SAFE_INTEGER);
      return { tool, source: sourceOf(input, host.kind), model: model(), ...(reserve !== undefined ? { reserveTokens: reserve } : {}) };
    }
    case 'compare_models': {
      const ids = input.models === undefined ? undefined : stringList(input, 'models');
      if (ids !== undefined && ids.length === 0) throw new ToolInputError('"models" needs at least one model id, or leave it out for the default models.');
      if (ids !== undefined && ids.length > MAX_COMPARED_MODELS) throw new ToolInputError(`"models" takes at most ${MAX_COMPARED_MODELS} model ids, got ${ids.length}.`);
      const models = ids === undefined ? host.compareModels : [...new Set(ids)].map((id) => modelOf(id, host));
      return { tool, source: sourceOf(input, host.kind), models };
    }
    case 'biggest_files': {
      const path = input.path === undefined ? '.' : stringField(input, 'path');
      const limit = input.limit === undefined ? DEFAULT_BIGGEST : wholeNumber(input, 'limit', 1, MAX_BIGGEST);
      return { tool, path, model: model(), limit };
    }
  }
}

function sourceOf(input: Record<string, unknown>, hostKind: ToolHost['kind']): ToolSource {
  const given = (['path', 'text', 'selection'] as const).filter((key) => input[key] !== undefined && input[key] !== false);
  const choices = hostKind === 'vscode' ? 'path, text or selection: true' : 'path or text';
  if (given.length === 0) throw new ToolInputError(`Say what to count: give ${choices}.`);
  if (given.length > 1) throw new ToolInputError(`Give only one of ${choices}; got ${given.join(' and ')}.`);
  switch (given[0]) {
    case 'path':
      return { kind: 'path', path: stringField(input, 'path') };
    case 'text':
      if (typeof input.text !== 'string') throw new ToolInputError(`"text" must be a string, got ${describe(input.text)}.`);
      return { kind: 'text', text: input.text };
    case 'selection':
      if (input.selection !== true) throw new ToolInputError(`"selection" must be true or left out, got ${describe(input.selection)}.`);
      return { kind: 'selection' };
  }
}

function modelOf(id: string, host: Pick<ToolHost, 'model' | 'modelIds'>): ModelInfo {
  const model = host.model(id);
  if (model) return model;
  const near = closest(id, host.modelIds());
  throw new ToolInputError(`Unknown model "${id}"${near ? `; did you mean "${near}"?` : ''}. Known ids include gpt-4o, gpt-5, claude-sonnet-4-5, gemini-2.5-pro, deepseek-chat.`);
}

/** A non-empty string field. */
function stringField(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string') throw new ToolInputError(`"${key}" must be a string, got ${describe(value)}.`);
  if (value.trim() === '') throw new ToolInputError(`"${key}" is empty.`);
  return value;
}

function stringList(input: Record<string, unknown>, key: string): string[] {
  const value = input[key];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw new ToolInputError(`"${key}" must be a list of model ids (strings), got ${describe(value)}.`);
  }
  return value as string[];
}

function wholeNumber(input: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = input[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ToolInputError(`"${key}" must be a whole number from ${min} to ${max}, got ${describe(value)}.`);
  }
  return value;
}

/** A value as a message shows it: short JSON, its type for anything that is not. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return typeof value;
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
