/**
 * Anthropic Messages requests, ≈: Anthropic does not publish how it frames messages or renders
 * tools into the prompt (its count_tokens endpoint is the exact figure). Counted here: each
 * message's text, tool calls and results as JSON text, each tool definition as its JSON text,
 * images by Anthropic's published (width × height) / 750, and the tool-use system prompt whose
 * size Anthropic publishes (346 tokens with tool_choice auto or none, 313 with any or tool, for
 * Claude Sonnet 3.7 and the Claude 4 models). Per-message framing is not published, so not added.
 */
import { asText, countImage, isObject, makeItem, newTally, notCounted, str, type Tally, type WalkContext } from './requestParts';
import type { RequestItem } from './requestTypes';

/** Anthropic's published tool-use system prompt, by tool_choice (pricing page, Claude 3.7 and Claude 4 models). */
export const ANTHROPIC_TOOL_PROMPT = { autoOrNone: 346, anyOrTool: 313 } as const;

export function countAnthropicMessages(req: Record<string, unknown>, ctx: WalkContext): RequestItem[] {
  const items: RequestItem[] = [];
  if (req.system !== undefined) {
    const tally = newTally();
    blocksInto(tally, req.system, ['system'], 'system', ctx);
    items.push(makeItem('system', 'system', tally, { path: ['system'], role: 'system', estimated: true }, ctx));
  }
  (Array.isArray(req.messages) ? req.messages : []).forEach((m, i) => {
    const message = isObject(m) ? m : {};
    const role = str(message.role) ?? 'user';
    const label = `#${i + 1} ${role}`;
    const tally = newTally();
    blocksInto(tally, message.content, ['messages', i, 'content'], label, ctx);
    items.push(makeItem('message', label, tally, { path: ['messages', i], role, estimated: true }, ctx));
  });
  const tools = Array.isArray(req.tools) ? req.tools : [];
  tools.forEach((tool, i) => {
    if (!isObject(tool)) return;
    const name = str(tool.name) ?? '?';
    const tally = newTally();
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom) {
      tally.content = ctx.count(JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.input_schema }));
      const toolParts = {
        name: ctx.count(name),
        description: ctx.count(str(tool.description) ?? ''),
        parameters: ctx.count(tool.input_schema === undefined ? '' : JSON.stringify(tool.input_schema)),
      };
      items.push(makeItem('tool', `tool ${name}`, tally, { path: ['tools', i], estimated: true, toolParts }, ctx));
    } else {
      const note = `Anthropic's ${String(tool.type)} tool: its definition is Anthropic's, not in the file; not counted`;
      items.push(makeItem('tool', `tool ${name}`, tally, { path: ['tools', i], estimated: true, note }, ctx));
    }
  });
  if (tools.length > 0) {
    const choice = isObject(req.tool_choice) ? str(req.tool_choice.type) : undefined;
    const forced = choice === 'any' || choice === 'tool';
    const tally = newTally();
    tally.framing = forced ? ANTHROPIC_TOOL_PROMPT.anyOrTool : ANTHROPIC_TOOL_PROMPT.autoOrNone;
    const note = `Anthropic's published size of its tool-use system prompt for tool_choice ${forced ? 'any or tool' : 'auto or none'} (Claude 3.7 and 4 models)`;
    items.push(makeItem('framing', 'tool use system prompt', tally, { estimated: true, note }, ctx));
  }
  return items;
}

/** A string, or content blocks: text, images, tool use and results, thinking; documents are not counted. */
function blocksInto(tally: Tally, content: unknown, path: readonly (string | number)[], item: string, ctx: WalkContext): void {
  if (typeof content === 'string') {
    tally.content += ctx.count(content);
    return;
  }
  if (!Array.isArray(content)) return;
  content.forEach((block, i) => {
    const p = [...path, i];
    if (!isObject(block)) return;
    switch (block.type) {
      case 'text':
        tally.content += ctx.count(str(block.text) ?? '');
        return;
      case 'thinking':
        tally.content += ctx.count(str(block.thinking) ?? '');
        return;
      case 'tool_use':
        tally.content += ctx.count(str(block.name) ?? '') + ctx.count(asText(block.input));
        return;
      case 'tool_result':
        blocksInto(tally, block.content, [...p, 'content'], item, ctx);
        return;
      case 'image': {
        const source = isObject(block.source) ? block.source : {};
        if (source.type === 'base64') countImage(tally, ctx, item, p, { base64: str(source.data) ?? '' });
        else countImage(tally, ctx, item, p, { url: str(source.url) ?? '' });
        return;
      }
      default:
        notCounted(tally, ctx, item, p, `a content block of type ${str(block.type) ?? '?'}: no published formula`);
    }
  });
}
