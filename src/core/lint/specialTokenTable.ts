import type { SpecialTokenUse } from './lintTypes';

/**
 * Special-token literals and the model families that do not read them as plain text. Facts,
 * from each family's tokenizer: the tiktoken encodings' special tokens, and the `added_tokens`
 * of the bundled tokenizer.json files (`special: true` → `special`, `special: false` → `added`,
 * always one token even in a user's text). test/unit/lintSpecialTokens.test.ts checks every row
 * of those families against the files and tiktoken. The rest are from the makers' documented
 * prompt formats: OpenAI's harmony format (gpt-oss), Phi-3's chat format, Llama 2's
 * `[INST]`/`<<SYS>>` template (plain text, but the template's markers).
 *
 * Left out on purpose: `<s>` and `</s>` (Llama 2's and Mistral's sentence tokens) are also
 * HTML's strikethrough, written in Markdown; `<unk>`, `<pad>` and placeholder tokens are never
 * typed by a writer.
 */
const OPENAI = ['OpenAI cl100k_base', 'OpenAI o200k_base'];
const QWEN = ['Qwen2.5', 'Qwen3'];
const DEEPSEEK = ['DeepSeek-V3', 'DeepSeek-V4'];

const special = (...families: string[]): SpecialTokenUse[] => families.map((family) => ({ family, kind: 'special' }));
const added = (...families: string[]): SpecialTokenUse[] => families.map((family) => ({ family, kind: 'added' }));
const template = (...families: string[]): SpecialTokenUse[] => families.map((family) => ({ family, kind: 'template' }));

/** Literal → the families that treat it as more than text, in the order a message names them. */
export const SPECIAL_TOKENS: ReadonlyMap<string, readonly SpecialTokenUse[]> = new Map<string, SpecialTokenUse[]>([
  ['<|endoftext|>', [...special(...OPENAI), ...special(...QWEN)]],
  ['<|endofprompt|>', special(...OPENAI)],
  ['<|fim_prefix|>', [...special('OpenAI cl100k_base'), ...added(...QWEN)]],
  ['<|fim_middle|>', [...special('OpenAI cl100k_base'), ...added(...QWEN)]],
  ['<|fim_suffix|>', [...special('OpenAI cl100k_base'), ...added(...QWEN)]],
  ['<|im_start|>', special(...QWEN)],
  ['<|im_end|>', special(...QWEN)],
  ['<tool_call>', added(...QWEN)],
  ['</tool_call>', added(...QWEN)],
  ['<tool_response>', added('Qwen3')],
  ['</tool_response>', added('Qwen3')],
  ['<think>', added('Qwen3', 'DeepSeek-V4')],
  ['</think>', added('Qwen3', 'DeepSeek-V4')],
  ['<|begin_of_text|>', special('Llama 3')],
  ['<|end_of_text|>', special('Llama 3')],
  ['<|start_header_id|>', special('Llama 3')],
  ['<|end_header_id|>', special('Llama 3')],
  ['<|eot_id|>', special('Llama 3')],
  ['<｜begin▁of▁sentence｜>', special(...DEEPSEEK)],
  ['<｜end▁of▁sentence｜>', special(...DEEPSEEK)],
  ['<｜User｜>', added(...DEEPSEEK)],
  ['<｜Assistant｜>', added(...DEEPSEEK)],
  ['[INST]', [...special('Mistral (Tekken)'), ...template('Llama 2')]],
  ['[/INST]', [...special('Mistral (Tekken)'), ...template('Llama 2')]],
  ['[AVAILABLE_TOOLS]', special('Mistral (Tekken)')],
  ['[TOOL_CALLS]', special('Mistral (Tekken)')],
  ['[TOOL_RESULTS]', special('Mistral (Tekken)')],
  ['<<SYS>>', template('Llama 2')],
  ['<</SYS>>', template('Llama 2')],
  ['<start_of_turn>', special('Gemma 3')],
  ['<end_of_turn>', special('Gemma 3')],
  ['<|start|>', special('OpenAI gpt-oss (harmony)')],
  ['<|message|>', special('OpenAI gpt-oss (harmony)')],
  ['<|channel|>', special('OpenAI gpt-oss (harmony)')],
  ['<|constrain|>', special('OpenAI gpt-oss (harmony)')],
  ['<|return|>', special('OpenAI gpt-oss (harmony)')],
  ['<|call|>', special('OpenAI gpt-oss (harmony)')],
  ['<|end|>', [...special('OpenAI gpt-oss (harmony)'), ...template('Phi-3')]],
  ['<|user|>', template('Phi-3')],
  ['<|assistant|>', template('Phi-3')],
  ['<|system|>', template('Phi-3')],
]);

/** Every literal of the table, longest first (so `<</SYS>>` is found whole, not as `<<SYS>>`'s neighbour). */
export const SPECIAL_TOKEN_PATTERN = new RegExp(
  [...SPECIAL_TOKENS.keys()]
    .sort((a, b) => b.length - a.length)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);
