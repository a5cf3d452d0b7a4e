/**
 * The one entry of `eld` Tokenscope loads (languageDetection.ts). The package declares its
 * subpath entries through `exports` only, which this project's `moduleResolution: node` does not
 * read; esbuild, which bundles it, does.
 */
declare module 'eld/extrasmall' {
  export const eld: {
    detect(text: string): { readonly language: string; isReliable(): boolean };
  };
}
