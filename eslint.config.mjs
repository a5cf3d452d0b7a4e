// ESLint for the TypeScript sources, tests and benchmarks (`npm run lint`, also run by `npm test`).
// Deliberately not a recommended preset: each rule here guards something the house style or the
// layering asks for (docs/STYLE.md, CONTRIBUTING.md "Layers"), so a finding is always worth a fix.
// Import cycles are checked by scripts/importCycles.mjs, which `npm run lint` runs after ESLint.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * An import specifier that climbs out of its folder into one of src/'s top-level folders, e.g.
 * `../../host/count/countController` from src/core/catalog/. The repository has no path aliases,
 * so every import between layers is relative and these patterns see all of them.
 */
const intoTopLevel = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/** The one module of core/tokenizers/ the host may import at run time: names and ids, no tokenizer code. */
const TOKENIZER_NAME_MODULES = ['src/core/tokenizers/tokenizerIds.ts'];

const vscodeImport = { name: 'vscode', message: 'Only src/host and src/extension.ts may use the VS Code API.' };

/** The layers: who may not import what (CONTRIBUTING.md "Layers"). */
const core = {
  paths: [vscodeImport],
  patterns: [
    {
      regex: intoTopLevel('host', 'worker', 'webview', 'cli'),
      message: 'src/core is plain TypeScript below every other layer: it may not import src/host, src/worker, src/webview or src/cli.',
    },
  ],
};
const webview = {
  paths: [vscodeImport, ...builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: 'src/webview runs in the browser: no Node built-ins.' }))],
  patterns: [
    { regex: '^node:', message: 'src/webview runs in the browser: no Node built-ins.' },
    { regex: intoTopLevel('host', 'worker', 'cli'), message: 'src/webview holds browser code and message types only: it may not import src/host, src/worker or src/cli.' },
  ],
};
const worker = {
  paths: [vscodeImport],
  patterns: [{ regex: intoTopLevel('host', 'webview', 'cli'), message: 'The worker thread has no VS Code API: it may not import src/host, src/webview or src/cli.' }],
};
const neverTokenize = 'The host never tokenizes (the worker does): no tokenizer code in the extension host bundle.';
const host = {
  paths: [
    { name: 'tiktoken', message: neverTokenize },
    { name: '@huggingface/tokenizers', message: neverTokenize },
  ],
  patterns: [
    {
      // Types are fine (they vanish at build time), and so is the module of names and ids.
      regex: '^(\\.\\.?/)+core/tokenizers(/(?!tokenizerIds$)|$)',
      allowTypeImports: true,
      message: `${neverTokenize} Use \`import type\`, or ask the worker.`,
    },
  ],
};
const cli = {
  paths: [vscodeImport],
  patterns: [{ regex: intoTopLevel('host', 'webview'), message: 'The command line runs in plain Node: it may not import src/host or src/webview.' }],
};
/** The host's name modules import nothing at run time, so allowing them lets no tokenizer code in. */
const nameModule = {
  paths: core.paths,
  patterns: [
    ...core.patterns,
    { regex: '.', allowTypeImports: true, message: 'A module the host may import from core/tokenizers: it keeps to names and ids, with type imports only.' },
  ],
};

const restrict = (zone) => ({ '@typescript-eslint/no-restricted-imports': ['error', zone] });

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-cli/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.d.mts'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // The four programs `npm run typecheck` checks; a file is linted with the first one that holds it.
        project: ['./tsconfig.json', './src/webview/tsconfig.json', './test/tsconfig.json', './bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      eqeqeq: ['error', 'always'],
      // STYLE.md: most files under ~250 lines, split past 400 (code lines: blank lines and comments are free).
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Test data (the accuracy corpus: texts, not code) is as long as the corpus needs.
    files: ['test/corpus/**/*.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // Shipped code reports through VS Code (output, notifications) or the worker protocol, not stdout.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  { files: ['src/core/**/*.ts'], ignores: TOKENIZER_NAME_MODULES, rules: restrict(core) },
  { files: TOKENIZER_NAME_MODULES, rules: restrict(nameModule) },
  { files: ['src/webview/**/*.ts'], rules: restrict(webview) },
  { files: ['src/worker/**/*.ts'], rules: restrict(worker) },
  { files: ['src/host/**/*.ts', 'src/extension.ts'], rules: restrict(host) },
  { files: ['src/cli/**/*.ts'], rules: restrict(cli) },
);
