/**
 * One version of one document: what every question to the worker is about, and what an answer
 * is checked against before it is shown. A plain value (no `vscode` at run time), so the
 * document query can be unit-tested in Node.
 */
export class DocumentVersion {
  constructor(
    readonly uri: string,
    readonly version: number,
  ) {}

  /** The version `document` is at now (anything with a uri and a version: a TextDocument). */
  static of(document: { readonly uri: { toString(): string }; readonly version: number }): DocumentVersion {
    return new DocumentVersion(document.uri.toString(), document.version);
  }

  equals(other: DocumentVersion | undefined): boolean {
    return other !== undefined && other.uri === this.uri && other.version === this.version;
  }

  toString(): string {
    return `${this.uri}@${this.version}`;
  }
}
