/**
 * OpenAI's function and tool definitions as the model reads them. OpenAI does not publish the
 * prompt it builds from `tools`/`functions`, but its shape is known and verified against the
 * API's `prompt_tokens` by the maintained counting libraries (gpt-tokenizer's
 * countChatCompletionTokens, openai-chat-tokens): a TypeScript-like namespace,
 *
 *     namespace functions {
 *
 *     // Look up the weather.
 *     type get_weather = (_: {
 *     // The city.
 *     city: string,
 *     unit?: "celsius" | "fahrenheit",
 *     }) => any;
 *
 *     } // namespace functions
 *
 * Written here from that description (no library code), and checked against both libraries by
 * test/unit/requestFraming.test.ts on nested, optional and enum parameters.
 */

/** A JSON schema as far as the rendering reads it. */
export interface SchemaNode {
  readonly type?: unknown;
  readonly description?: unknown;
  readonly enum?: unknown;
  readonly items?: unknown;
  readonly properties?: unknown;
  readonly required?: unknown;
}

/** One function (a Chat Completions `function`, a `tools[].function`, a Responses tool). */
export interface FunctionDefinition {
  readonly name: string;
  readonly description?: string;
  readonly parameters?: SchemaNode;
}

/** The whole namespace for `functions`, in their order. */
export function renderFunctionNamespace(functions: readonly FunctionDefinition[]): string {
  return ['namespace functions {', '', ...functions.map(renderFunction), '} // namespace functions'].join('\n');
}

/** One function's lines, with the blank line that follows it in the namespace. */
export function renderFunction(fn: FunctionDefinition): string {
  const lines: string[] = [];
  if (fn.description) lines.push(`// ${fn.description}`);
  const properties = propertiesOf(fn.parameters);
  if (properties.length > 0) {
    lines.push(`type ${fn.name} = (_: {`, renderProperties(fn.parameters!, 0), '}) => any;');
  } else lines.push(`type ${fn.name} = () => any;`);
  lines.push('');
  return lines.join('\n');
}

/** The parameters' part of a function's rendering (what a breakdown shows as "parameters"). */
export function renderParameters(parameters: SchemaNode | undefined): string {
  return propertiesOf(parameters).length > 0 ? renderProperties(parameters!, 0) : '';
}

function propertiesOf(node: SchemaNode | undefined): Array<[string, SchemaNode]> {
  const props = node?.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) return [];
  return Object.entries(props as Record<string, unknown>).map(([name, value]) => [name, (value && typeof value === 'object' ? value : {}) as SchemaNode]);
}

/** One line per property (a comment line first when it has a description, at the top two levels), indented. */
function renderProperties(node: SchemaNode, indent: number): string {
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  const lines: string[] = [];
  for (const [name, prop] of propertiesOf(node)) {
    // Descriptions of deeper properties are left out of the prompt, as the libraries verified.
    if (typeof prop.description === 'string' && prop.description && indent < 2) lines.push(`// ${prop.description}`);
    lines.push(`${name}${required.includes(name) ? '' : '?'}: ${renderType(prop, indent)},`);
  }
  const pad = ' '.repeat(indent);
  return lines.map((line) => pad + line).join('\n');
}

/** A property's type: enums as unions of literals, arrays as `T[]`, objects as nested blocks. */
function renderType(node: SchemaNode, indent: number): string {
  const values = Array.isArray(node.enum) ? (node.enum as unknown[]) : undefined;
  switch (node.type) {
    case 'string':
      return values ? values.map((v) => `"${String(v)}"`).join(' | ') : 'string';
    case 'number':
    case 'integer':
      return values ? values.map((v) => String(v)).join(' | ') : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return node.items && typeof node.items === 'object' ? `${renderType(node.items as SchemaNode, indent)}[]` : 'any[]';
    case 'object':
      // The closing brace sits at the property's own indent.
      return ['{', renderProperties(node, indent + 2), `${' '.repeat(indent)}}`].join('\n');
    default:
      return 'any';
  }
}
