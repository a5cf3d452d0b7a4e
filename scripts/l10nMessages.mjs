// Finds the user-facing messages in the sources, for the English bundle (scripts/l10n.mjs writes
// l10n/bundle.l10n.json), for the insight panel's share of it (esbuild.mjs) and for the unit test
// that keeps the bundles complete (test/unit/l10n.test.ts).
//
// A message is the literal first argument of
//   - `l10n.t('…')`, `vscode.l10n.t('…')`, `this.l10n.t('…')`: any call of `.t` on something
//     named `l10n` (vscode.l10n in the host, a Localizer from src/core/l10n.ts elsewhere);
//   - `deferred('…')`: a message written in a static table and translated where it is shown.
// A call of that shape whose message is not a literal is reported as a problem: its text could
// not be in the bundle. So is a call whose `{n}` placeholders do not match its arguments. The
// adapters between the two kinds of `l10n` are the only places allowed to pass a message through.
//
// This file is plain JavaScript with no import.meta, so both Node (esbuild.mjs, scripts/l10n.mjs)
// and the esbuild-bundled unit tests load it as it is. It uses the TypeScript compiler's parser
// (a devDependency already) rather than regular expressions: messages contain quotes, braces and
// parentheses, and calls span lines.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Files that forward a message they were given (relative to the repository, `/`-separated). */
export const FORWARDING_FILES = ['src/core/l10n.ts', 'src/host/platform/l10n.ts'];

/** Every `.ts` file under `dir` (absolute paths, sorted, so the bundle's order is stable). */
export function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** `l10n.t`, `vscode.l10n.t`, `this.l10n.t`. */
function isL10nT(callee) {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

function isDeferred(callee) {
  return ts.isIdentifier(callee) && callee.text === 'deferred';
}

/** The distinct `{n}` of a message, as numbers. */
export function placeholders(message) {
  return [...new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/**
 * The messages of `files` in order of first appearance, each with where it is used
 * (`src/x.ts:12`), and the problems found.
 * @param {string} root the repository, for relative locations
 * @param {string[]} files absolute paths of TypeScript files
 * @returns {{ messages: Map<string, string[]>, problems: string[] }}
 */
export function extractMessages(root, files) {
  const messages = new Map();
  const problems = [];
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const forwarding = FORWARDING_FILES.includes(relative);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isCallExpression(node) && (isL10nT(node.expression) || isDeferred(node.expression))) {
        const where = `${relative}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
        const [first, ...args] = node.arguments;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const message = first.text;
          if (!messages.has(message)) messages.set(message, []);
          messages.get(message).push(where);
          const wanted = placeholders(message);
          // `deferred` only marks the text; its arguments come where it is translated.
          if (isL10nT(node.expression) && !args.some((a) => ts.isSpreadElement(a))) {
            const expected = wanted.length === 0 ? 0 : wanted[wanted.length - 1] + 1;
            if (wanted.some((n, i) => n !== i)) problems.push(`${where}: the placeholders of ${JSON.stringify(message)} are not {0}…{${expected - 1}}`);
            else if (args.length !== expected) problems.push(`${where}: ${JSON.stringify(message)} has ${expected} placeholder(s) but ${args.length} argument(s)`);
          }
        } else if (!forwarding) {
          problems.push(`${where}: the message is not a string literal, so it cannot be in the bundle: ${node.getText(source).slice(0, 80)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, problems };
}

/** The English bundle for `messages`: each message is its own text, as l10n-dev writes it. */
export function englishBundle(messages) {
  return Object.fromEntries([...messages.keys()].map((m) => [m, m]));
}
