/**
 * Text templates with named fields, as users write them in a setting:
 * `{icon} [{selection} / ]{tokens} · {share}`. `{name}` is replaced by the field's value; text
 * in square brackets is an optional part, shown only when every field inside it has a value
 * (so `[{selection} / ]` disappears with the selection). Everything else is literal text,
 * codicons (`$(symbol-numeric)`) included. Pure: the grammar knows no field of its own; the
 * caller names the fields it fills in (catalog/statusBarFormat.ts for the status bar).
 */

/** A piece of a template: literal text, a field, or an optional part (not nested). */
export type TemplatePart<F extends string> =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'field'; readonly field: F } | { readonly kind: 'optional'; readonly parts: ReadonlyArray<TemplateText<F>> };

/** What an optional part holds: literal text and fields. */
export type TemplateText<F extends string> = Extract<TemplatePart<F>, { kind: 'text' | 'field' }>;

export interface FieldTemplate<F extends string> {
  /** The template as the user wrote it. */
  readonly source: string;
  readonly parts: ReadonlyArray<TemplatePart<F>>;
}

export interface ParsedTemplate<F extends string> {
  readonly template: FieldTemplate<F>;
  /** `{name}`s that name no known field, as written, each once, in order: they stay in the text as literal text. */
  readonly unknownFields: readonly string[];
}

/** `{name}`: letters only, so `{0}`, `{ }` and JSON-looking text stay literal without being reported. */
const FIELD = /\{([A-Za-z]+)\}/y;

/** Reads `source`; a field name outside `fields` stays literal text and is listed in `unknownFields`. */
export function parseFieldTemplate<F extends string>(source: string, fields: readonly F[]): ParsedTemplate<F> {
  const unknown: string[] = [];
  const top: Array<TemplatePart<F>> = [];
  /** The optional part being read, from its `[` on; undefined outside one. */
  let optional: Array<TemplateText<F>> | undefined;
  let optionalStart = 0;
  const into = (): Array<TemplatePart<F>> => optional ?? top;
  const pushText = (text: string, target: Array<TemplatePart<F>> = into()) => {
    const last = target[target.length - 1];
    if (last?.kind === 'text') target[target.length - 1] = { kind: 'text', text: last.text + text };
    else target.push({ kind: 'text', text });
  };
  for (let i = 0; i < source.length;) {
    FIELD.lastIndex = i;
    const match = FIELD.exec(source);
    if (match) {
      const name = match[1];
      const field = fields.find((f) => f === name);
      if (field) into().push({ kind: 'field', field });
      else {
        pushText(match[0]);
        if (!unknown.includes(match[0])) unknown.push(match[0]);
      }
      i += match[0].length;
      continue;
    }
    const c = source[i];
    if (c === '[' && !optional) {
      optional = [];
      optionalStart = i;
    } else if (c === ']' && optional) {
      top.push({ kind: 'optional', parts: optional });
      optional = undefined;
    } else pushText(c);
    i++;
  }
  if (optional) {
    // A `[` never closed is literal text, and what follows it is read as ordinary text.
    const rest = parseFieldTemplate(source.slice(optionalStart + 1), fields);
    pushText('[', top);
    for (const part of rest.template.parts) {
      if (part.kind === 'text') pushText(part.text, top);
      else top.push(part);
    }
  }
  return { template: { source, parts: top }, unknownFields: unknown };
}

/**
 * The template with `values` filled in: a field without a value (undefined or '') is empty, an
 * optional part with such a field is left out whole. The result is trimmed, so a template
 * starting with a field that is empty does not start with a blank.
 */
export function renderFieldTemplate<F extends string>(template: FieldTemplate<F>, values: Readonly<Partial<Record<F, string>>>): string {
  const textOf = (part: TemplateText<F>) => (part.kind === 'text' ? part.text : (values[part.field] ?? ''));
  let out = '';
  for (const part of template.parts) {
    if (part.kind !== 'optional') out += textOf(part);
    else if (part.parts.every((p) => p.kind === 'text' || !!values[p.field])) out += part.parts.map(textOf).join('');
  }
  return out.trim();
}
