import fc from 'fast-check';
import type { TextEdit } from '../../../src/core/incremental/blockStore';
import { assertNever } from '../../../src/core/assertNever';
import { trickyFragment, trickyText } from './trickyText';

/**
 * Where an edit lands, described independently of the document so that fast-check can shrink
 * it: near the n-th line break, blank or surrogate pair (where block edges and cut rules live),
 * or anywhere.
 */
export interface Anchor {
  near: 'anywhere' | 'line break' | 'blank' | 'inside a surrogate pair';
  index: number;
  shift: number;
}

/** One step of a random editing session. */
export type EditPlan =
  | { kind: 'insert'; at: Anchor; text: string }
  | { kind: 'delete'; at: Anchor; length: number }
  | { kind: 'replace'; at: Anchor; length: number; text: string }
  | { kind: 'replace all'; text: string }
  | { kind: 'delete all' }
  /** Count everything now, then compare with a fresh encode. */
  | { kind: 'count' }
  /** Count with a deadline already past: one block gets counted, the rest stays pending. */
  | { kind: 'count a little' };

const anchor: fc.Arbitrary<Anchor> = fc.record({
  near: fc.constantFrom<Anchor['near']>('anywhere', 'line break', 'blank', 'inside a surrogate pair'),
  index: fc.nat(1_000),
  shift: fc.integer({ min: -2, max: 2 }),
});

/** Inserted text: sometimes long enough to span several tiny blocks. */
const insertText = fc.oneof({ arbitrary: trickyText(8), weight: 3 }, { arbitrary: trickyText(60), weight: 1 });
const deleteLength = fc.oneof({ arbitrary: fc.nat(6), weight: 3 }, { arbitrary: fc.nat(200), weight: 1 });

export const editPlan: fc.Arbitrary<EditPlan> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: anchor, text: insertText }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: anchor, length: deleteLength }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: anchor, length: deleteLength, text: insertText }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('replace all' as const), text: trickyText(80) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'delete all' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'count' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'count a little' as const }), weight: 2 },
);

/** A starting document: empty now and then, else up to 150 tricky fragments (~300 code units). */
export const initialDocument: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 1 },
  { arbitrary: fc.array(trickyFragment, { maxLength: 150, size: 'max' }).map((parts) => parts.join('')), weight: 9 },
);

/** Offsets in `text` the anchor kind points at (each candidate is the offset just after it). */
function candidates(text: string, near: Anchor['near']): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (near === 'line break' && (c === 0x0a || c === 0x0d)) ||
      (near === 'blank' && (c === 0x20 || c === 0x09 || c === 0x2028 || c === 0x85 || c === 0xa0)) ||
      (near === 'inside a surrogate pair' && c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)
    ) {
      found.push(i + 1);
    }
  }
  return found;
}

/** The document offset an anchor stands for in `text` (0..text.length). */
export function resolveAnchor(text: string, at: Anchor): number {
  if (at.near === 'anywhere') return at.index % (text.length + 1);
  const offsets = candidates(text, at.near);
  if (offsets.length === 0) return at.index % (text.length + 1);
  const base = offsets[at.index % offsets.length];
  // A surrogate pair is split exactly in its middle; the other kinds land nearby too.
  const shifted = at.near === 'inside a surrogate pair' ? base : base + at.shift;
  return Math.min(text.length, Math.max(0, shifted));
}

/** The edit a plan makes on `text`, or undefined for the counting steps. */
export function resolveEdit(text: string, plan: EditPlan): TextEdit | undefined {
  switch (plan.kind) {
    case 'insert':
      return { offset: resolveAnchor(text, plan.at), deleteCount: 0, insert: plan.text };
    case 'delete':
    case 'replace': {
      const offset = resolveAnchor(text, plan.at);
      const deleteCount = Math.min(plan.length, text.length - offset);
      return { offset, deleteCount, insert: plan.kind === 'replace' ? plan.text : '' };
    }
    case 'replace all':
      return { offset: 0, deleteCount: text.length, insert: plan.text };
    case 'delete all':
      return { offset: 0, deleteCount: text.length, insert: '' };
    case 'count':
    case 'count a little':
      return undefined;
    default:
      return assertNever(plan);
  }
}

/** `text` with `edit` applied, the plain-string way. */
export function applyToString(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset + edit.deleteCount);
}
