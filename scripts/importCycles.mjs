// The import-cycle check of `npm run lint`: no module of src/ may reach itself through its imports,
// and no folder of src/ may reach itself through its modules' imports (src/core/catalog →
// src/core/text → src/core/catalog is a circle even when no single module closes one; a folder
// holds its subfolders, see folderGraph in scripts/importGraph.mjs). Type-only imports count too:
// a circle of types is still two folders that cannot be understood apart.
//
//   node scripts/importCycles.mjs      prints each circle; exits 1 if there is one
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycles, folderGraph, importGraph } from './importGraph.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(repoRoot, 'src');
const graph = importGraph(src);
const show = (cycle) => cycle.map((node) => path.relative(repoRoot, node)).join(' → ');
const moduleCycles = findCycles(graph);
const folderCycles = findCycles(folderGraph(graph, src));
for (const cycle of moduleCycles) console.error(`import cycle between modules: ${show(cycle)}`);
for (const cycle of folderCycles) console.error(`import cycle between folders: ${show(cycle)}`);
const count = moduleCycles.length + folderCycles.length;
console.log(`[lint] import cycles: ${count} in ${graph.size} modules of src/ and their folders`);
process.exit(count > 0 ? 1 : 0);
