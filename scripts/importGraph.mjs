// The import graph of src/ and its circles, for the import-cycle check of `npm run lint`
// (scripts/importCycles.mjs) and its unit test. Imports are read with TypeScript's parser (static
// imports and re-exports, `import()`, `require()`, `import('…').T` types); relative specifiers are
// resolved to the .ts file they name. Packages are leaves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Every relative specifier a TypeScript source imports, in order of appearance. */
export function relativeImports(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((specifier) => specifier.startsWith('.'));
}

/** The .ts file a relative specifier names, or undefined (a .json, a .css, a file that is not there). */
function resolveTs(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return base.endsWith('.ts') && existsSync(base) ? base : undefined;
}

/** Every .ts file under `dir` (absolute paths, sorted). */
function tsFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => path.join(dir, name))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && statSync(file).isFile())
    .sort();
}

/** The import graph of the .ts files under `dir`: file → the files of `dir` it imports. */
export function importGraph(dir) {
  const graph = new Map();
  for (const file of tsFiles(dir)) {
    const targets = relativeImports(file, readFileSync(file, 'utf8'))
      .map((specifier) => resolveTs(file, specifier))
      .filter((target) => target !== undefined && target.startsWith(dir + path.sep));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The same graph between folders: folder → the folders its files (its subfolders' too) import
 * from. A folder holds its subfolders, so a folder and its own subfolder are one unit here and an
 * import between them is no edge (src/core/tokenizers' registry imports tiktoken/, which imports
 * the Tokenizer interface back from src/core/tokenizers: that is one folder's inside), while
 * src/core/tokenizers → src/core/text → src/core/tokenizers/tiktoken is a circle.
 */
export function folderGraph(graph, root) {
  const ancestors = (file) => {
    const folders = [];
    for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) folders.push(dir);
    return folders;
  };
  const contains = (outer, inner) => inner === outer || inner.startsWith(outer + path.sep);
  const folders = new Map();
  for (const [file, targets] of graph) {
    for (const from of ancestors(file)) {
      if (!folders.has(from)) folders.set(from, new Set());
      for (const target of targets) {
        for (const to of ancestors(target)) if (!contains(from, to) && !contains(to, from)) folders.get(from).add(to);
      }
    }
  }
  return new Map([...folders].map(([folder, targets]) => [folder, [...targets].sort()]));
}

/**
 * The circles of a graph: each strongly connected component of more than one node (or a node
 * that imports itself), as one path that walks it from its first node back to that node.
 * Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [[root, 0]];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const targets = graph.get(node) ?? [];
      if (i < targets.length) {
        frame[1]++;
        const target = targets[i];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) {
          low.set(node, Math.min(low.get(node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1 || targets.includes(node)) components.push(component);
      }
    }
  }
  return components.map((component) => walk(graph, new Set(component)));
}

/** A path through one strongly connected component from its first member back to it (BFS). */
function walk(graph, members) {
  const start = [...members].sort()[0];
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
