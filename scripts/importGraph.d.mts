// Types of scripts/importGraph.mjs for the TypeScript tests that import it.
export declare function relativeImports(fileName: string, text: string): string[];
export declare function importGraph(dir: string): Map<string, string[]>;
export declare function folderGraph(graph: Map<string, string[]>, root: string): Map<string, string[]>;
export declare function findCycles(graph: Map<string, readonly string[]>): string[][];
