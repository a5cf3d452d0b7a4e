/**
 * OpenAI requests counted as OpenAI bills their input: Chat Completions by the published
 * per-message formula (OpenAI cookbook "How to count tokens with tiktoken": 3 tokens per
 * message, 1 more for a `name`, 3 to prime the reply), with function and tool definitions
 * rendered as the model reads them (functionRendering.ts) plus the constants the maintained
 * libraries verified against the API (9 for the definitions, 4 fewer when a system message is
 * present, a newline padding that system message, 1 or name + 4 for a forced function call).
 * The Responses API has no published formula: its messages are counted by the same one, ≈.
 */
import { renderFunction, renderFunctionNamespace, renderParameters, type FunctionDefinition, type SchemaNode } from './functionRendering';
import { asText, countImage, isObject, makeItem, newTally, notCounted, str, type Tally, type WalkContext } from './requestParts';
import type { RequestItem } from './requestTypes';

/** Tokens of every message's start and end (`<|im_start|>`, `<|im_sep|>`/`<|message|>`, `<|im_end|>`). */
export const TOKENS_PER_MESSAGE = 3;
/** A message's `name`: its tokens and one more. */
export const TOKENS_PER_NAME = 1;
/** The reply is primed with `<|im_start|>assistant<|im_sep|>`. */
export const REPLY_PRIMING = 3;
/** The function definitions' own framing, on top of their rendering (library-verified). */
export const FUNCTIONS_OVERHEAD = 9;
/** Fewer tokens when a system message holds the definitions (library-verified). */
export const FUNCTIONS_WITH_SYSTEM_DISCOUNT = 4;
/** A function call in an assistant message: its name and arguments plus these (library-verified). */
export const FUNCTION_CALL_OVERHEAD = 3;
/** A `function` role message costs these fewer (library-verified). */
export const FUNCTION_ROLE_DISCOUNT = 2;

interface Located<T> {
  readonly value: T;
  readonly path: readonly (string | number)[];
}

/** Chat Completions: messages, functions or tools, function_call or tool_choice, response_format. */
export function countOpenAiChat(req: Record<string, unknown>, ctx: WalkContext): RequestItem[] {
  const fns = chatFunctions(req);
  const messages = Array.isArray(req.messages) ? req.messages : [];
  const hasSystem = messages.some((m) => isObject(m) && m.role === 'system');
  const items: RequestItem[] = [];
  let padded = false;
  messages.forEach((m, i) => {
    const path = ['messages', i];
    const message = isObject(m) ? m : {};
    const role = str(message.role) ?? 'user';
    // With functions, the first system message ends with a newline before the definitions follow
    // it: added where it has none (gpt-tokenizer's rule; openai-chat-tokens adds one to an empty
    // message and to one that already ends with a newline, 1 token more in those two cases).
    const first = fns.length > 0 && role === 'system' && !padded;
    if (first) padded = true;
    const pad = first && typeof message.content === 'string' && message.content !== '' && !message.content.endsWith('\n');
    items.push(chatMessage(message, role, i, path, pad, ctx));
  });
  items.push(...functionItems(fns, hasSystem, ctx, false));
  const choice = req.function_call ?? req.tool_choice;
  const forced = forcedCall(choice);
  if (forced !== undefined) {
    const tally = newTally();
    tally.framing = forced === 'none' ? 1 : ctx.count(forced) + 4;
    items.push(
      makeItem(
        'toolChoice',
        forced === 'none' ? 'tool choice: none' : `tool choice: ${forced}`,
        tally,
        { path: [req.function_call !== undefined ? 'function_call' : 'tool_choice'], estimated: false },
        ctx,
      ),
    );
  }
  const format = responseFormatItem(req.response_format, ['response_format'], ctx);
  if (format) items.push(format);
  items.push(priming(ctx, false));
  return items;
}

/** The Responses API: instructions, input (a string or items), tools. ≈ throughout. */
export function countOpenAiResponses(req: Record<string, unknown>, ctx: WalkContext): RequestItem[] {
  const items: RequestItem[] = [];
  if (typeof req.instructions === 'string') {
    items.push(chatMessage({ role: 'system', content: req.instructions }, 'system', -1, ['instructions'], false, ctx, 'instructions', true));
  }
  if (typeof req.input === 'string') items.push(chatMessage({ role: 'user', content: req.input }, 'user', 0, ['input'], false, ctx, 'input', true));
  else if (Array.isArray(req.input)) {
    req.input.forEach((entry, i) => {
      const path = ['input', i];
      const e = isObject(entry) ? entry : {};
      const type = str(e.type) ?? 'message';
      if (type === 'message' || (e.role !== undefined && e.type === undefined)) {
        const role = str(e.role) ?? 'user';
        items.push(chatMessage(e, role, i, path, false, ctx, undefined, true));
        return;
      }
      const tally = newTally();
      tally.framing = TOKENS_PER_MESSAGE;
      if (type === 'function_call') tally.content = ctx.count(str(e.name) ?? '') + ctx.count(asText(e.arguments));
      else if (type === 'function_call_output') tally.content = ctx.count(asText(e.output));
      else {
        tally.framing = 0;
        items.push(makeItem('message', `#${i + 1} ${type}`, tally, { path, estimated: true, note: `an input item of type ${type}: not counted` }, ctx));
        return;
      }
      items.push(makeItem('message', `#${i + 1} ${type}${e.name ? ` ${String(e.name)}` : ''}`, tally, { path, estimated: true }, ctx));
    });
  }
  const fns: Array<Located<FunctionDefinition>> = [];
  const builtIns: RequestItem[] = [];
  (Array.isArray(req.tools) ? req.tools : []).forEach((tool, i) => {
    if (!isObject(tool)) return;
    if (tool.type === 'function' && typeof tool.name === 'string') fns.push({ value: asFunction(tool), path: ['tools', i] });
    else
      builtIns.push(
        makeItem(
          'tool',
          `tool ${str(tool.type) ?? '?'}`,
          newTally(),
          { path: ['tools', i], estimated: true, note: 'a built-in tool: OpenAI does not publish its prompt, not counted' },
          ctx,
        ),
      );
  });
  items.push(
    ...functionItems(
      fns,
      items.some((it) => it.role === 'system'),
      ctx,
      true,
    ),
    ...builtIns,
  );
  const text = isObject(req.text) ? req.text : undefined;
  const format = responseFormatItem(text?.format, ['text', 'format'], ctx);
  if (format) items.push(format);
  items.push(priming(ctx, true));
  return items;
}

function priming(ctx: WalkContext, estimated: boolean): RequestItem {
  const tally = newTally();
  tally.framing = REPLY_PRIMING;
  return makeItem('priming', 'reply priming', tally, { estimated }, ctx);
}

/** One message: its content (text, images, calls) and its framing. */
function chatMessage(
  m: Record<string, unknown>,
  role: string,
  index: number,
  path: readonly (string | number)[],
  pad: boolean,
  ctx: WalkContext,
  label?: string,
  estimated = false,
): RequestItem {
  const name = label ?? `#${index + 1} ${role}`;
  const tally = newTally();
  tally.framing = TOKENS_PER_MESSAGE + ctx.count(role);
  contentInto(tally, m.content, [...path, 'content'], name, ctx);
  if (typeof m.refusal === 'string') tally.content += ctx.count(m.refusal);
  if (pad && typeof m.content === 'string') tally.framing += ctx.count(`${m.content}\n`) - ctx.count(m.content);
  if (typeof m.name === 'string' && m.name) tally.framing += ctx.count(m.name) + TOKENS_PER_NAME;
  if (role === 'function') tally.framing -= FUNCTION_ROLE_DISCOUNT;
  const calls: unknown[] = [];
  if (isObject(m.function_call)) calls.push(m.function_call);
  if (Array.isArray(m.tool_calls)) for (const call of m.tool_calls) if (isObject(call)) calls.push(isObject(call.function) ? call.function : call);
  for (const call of calls) {
    const c = call as Record<string, unknown>;
    tally.content += ctx.count(str(c.name) ?? '') + ctx.count(asText(c.arguments));
    tally.framing += FUNCTION_CALL_OVERHEAD;
  }
  // Tool calls (the `tools` API) are counted as function calls are; only function_call is library-verified.
  const isSystem = role === 'system' || role === 'developer';
  return makeItem(isSystem ? 'system' : 'message', name, tally, { path, role, estimated: estimated || Array.isArray(m.tool_calls) }, ctx);
}

/** Text parts, images and the rest of a message's content. */
function contentInto(tally: Tally, content: unknown, path: readonly (string | number)[], item: string, ctx: WalkContext): void {
  if (typeof content === 'string') {
    tally.content += ctx.count(content);
    return;
  }
  if (!Array.isArray(content)) return;
  content.forEach((part, i) => {
    const p = [...path, i];
    if (!isObject(part)) return;
    const text = str(part.text) ?? str(part.refusal);
    if (text !== undefined) tally.content += ctx.count(text);
    else if (part.type === 'image_url' || part.type === 'input_image') {
      const image = isObject(part.image_url) ? part.image_url : { url: part.image_url, detail: part.detail };
      countImage(tally, ctx, item, p, { url: str(image.url) ?? '', detail: str(image.detail) });
    } else notCounted(tally, ctx, item, p, `a content part of type ${str(part.type) ?? '?'}: no published formula`);
  });
}

function asFunction(f: Record<string, unknown>): FunctionDefinition {
  return { name: String(f.name), description: str(f.description), parameters: isObject(f.parameters) ? (f.parameters as SchemaNode) : undefined };
}

/** `functions`, or the function tools of `tools`, with where each is. */
function chatFunctions(req: Record<string, unknown>): Array<Located<FunctionDefinition>> {
  const out: Array<Located<FunctionDefinition>> = [];
  if (Array.isArray(req.functions)) req.functions.forEach((f, i) => isObject(f) && typeof f.name === 'string' && out.push({ value: asFunction(f), path: ['functions', i] }));
  if (Array.isArray(req.tools))
    req.tools.forEach((t, i) => isObject(t) && isObject(t.function) && typeof t.function.name === 'string' && out.push({ value: asFunction(t.function), path: ['tools', i] }));
  return out;
}

/**
 * One row per function (its own rendering, counted alone) and one framing row that makes the
 * sum the count of the whole namespace: BPE does not split text at the functions' seams, so
 * the separate counts differ a little from the whole, and the total stays exact.
 */
function functionItems(fns: ReadonlyArray<Located<FunctionDefinition>>, hasSystem: boolean, ctx: WalkContext, estimated: boolean): RequestItem[] {
  if (fns.length === 0) return [];
  const items = fns.map(({ value, path }) => {
    const tally = newTally();
    tally.content = ctx.count(renderFunction(value));
    const toolParts = { name: ctx.count(value.name), description: ctx.count(value.description ?? ''), parameters: ctx.count(renderParameters(value.parameters)) };
    return makeItem('tool', `tool ${value.name}`, tally, { path, estimated, toolParts }, ctx);
  });
  const whole = ctx.count(renderFunctionNamespace(fns.map((f) => f.value))) + FUNCTIONS_OVERHEAD - (hasSystem ? FUNCTIONS_WITH_SYSTEM_DISCOUNT : 0);
  const tally = newTally();
  tally.framing = whole - items.reduce((sum, it) => sum + it.content, 0);
  items.push(makeItem('framing', 'tool definitions: namespace and framing', tally, { estimated }, ctx));
  return items;
}

/** The function a request forces (`none`, or its name); undefined for `auto`, `required` or none given. */
function forcedCall(choice: unknown): string | undefined {
  if (choice === 'none') return 'none';
  if (!isObject(choice)) return undefined;
  if (typeof choice.name === 'string') return choice.name;
  if (isObject(choice.function) && typeof choice.function.name === 'string') return choice.function.name;
  return undefined;
}

/** A JSON schema for the reply: OpenAI does not publish how it is put in the prompt; its JSON text, ≈. */
function responseFormatItem(format: unknown, path: readonly (string | number)[], ctx: WalkContext): RequestItem | undefined {
  if (!isObject(format) || format.type !== 'json_schema') return undefined;
  const schema = isObject(format.json_schema) ? format.json_schema : format;
  const tally = newTally();
  tally.content = ctx.count(JSON.stringify(schema.schema ?? schema));
  return makeItem(
    'responseFormat',
    `response format${typeof schema.name === 'string' ? ` ${schema.name}` : ''}`,
    tally,
    { path, estimated: true, note: 'its JSON schema as JSON text: OpenAI does not publish how it is rendered' },
    ctx,
  );
}
