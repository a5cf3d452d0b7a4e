// Types of scripts/l10nMessages.mjs for the TypeScript tests that import it.
export declare const FORWARDING_FILES: readonly string[];
export declare function sourceFiles(dir: string): string[];
export declare function placeholders(message: string): number[];
export declare function extractMessages(root: string, files: readonly string[]): { messages: Map<string, string[]>; problems: string[] };
export declare function englishBundle(messages: Map<string, string[]>): Record<string, string>;
