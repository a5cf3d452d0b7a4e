import type * as vscode from 'vscode';
import { documentLength } from './documentSync';

/** Verdicts by document and version: measuring a 50 MB document's UTF-8 size costs ~50 ms. */
const verdicts = new WeakMap<vscode.TextDocument, { version: number; limitBytes: number; fits: boolean }>();

/**
 * Whether a document's UTF-8 size is within `limitBytes`. UTF-8 takes 1-3 bytes per UTF-16
 * unit, so the text is measured only when those bounds disagree, and then once per version.
 */
export function fitsSizeLimit(document: vscode.TextDocument, limitBytes: number): boolean {
  const length = documentLength(document);
  if (length * 3 <= limitBytes) return true;
  if (length > limitBytes) return false;
  const known = verdicts.get(document);
  if (known && known.version === document.version && known.limitBytes === limitBytes) return known.fits;
  const fits = Buffer.byteLength(document.getText(), 'utf8') <= limitBytes;
  verdicts.set(document, { version: document.version, limitBytes, fits });
  return fits;
}
