/**
 * The version `tokenscope --version` prints: package.json's, which esbuild.mjs compiles into
 * every bundle of the CLI (and of the tests) as TOKENSCOPE_VERSION, so the one version of the
 * repository is the one of the extension, the CLI package and this text.
 */
declare const TOKENSCOPE_VERSION: string;

export const CLI_VERSION: string = TOKENSCOPE_VERSION;
