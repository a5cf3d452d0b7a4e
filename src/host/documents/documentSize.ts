import type * as vscode from 'vscode';
import { documentLength } from './documentSync';

/** UTF-8 sizes by document and version: measuring a 50 MB document costs ~50 ms. */
const sizes = new WeakMap<vscode.TextDocument, { version: number; bytes: number }>();

/** The document's exact UTF-8 size, measured once per version. */
export function utf8Size(document: vscode.TextDocument): number {
  const known = sizes.get(document);
  if (known && known.version === document.version) return known.bytes;
  const bytes = Buffer.byteLength(document.getText(), 'utf8');
  sizes.set(document, { version: document.version, bytes });
  return bytes;
}

/**
 * Whether a document's UTF-8 size is within `limitBytes`. UTF-8 takes 1-3 bytes per UTF-16
 * unit, so the text is measured only when those bounds disagree, and then once per version.
 */
export function fitsSizeLimit(document: vscode.TextDocument, limitBytes: number): boolean {
  const length = documentLength(document);
  if (length * 3 <= limitBytes) return true;
  if (length > limitBytes) return false;
  return utf8Size(document) <= limitBytes;
}
