/**
 * Sorting the side-by-side model rows by a column: the panel's table sorts by a header click,
 * and the exports list the models in the same order. Pure, so it is unit-tested; the panel
 * keeps the order in its state (PanelState.sort) and sends it with an export request.
 */
import type { ModelRow } from './insightView';

export const SORT_COLUMNS = ['model', 'tokens', 'window', 'input', 'output', 'total'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** A column and a direction; `column` is a string because a saved state may name an old one. */
export interface SortOrder {
  readonly column: string;
  readonly descending: boolean;
}

export function isSortColumn(value: string): value is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(value);
}

/** The value a column sorts by; undefined for a price the model does not have. */
function sortKey(row: ModelRow, column: SortColumn): string | number | undefined {
  switch (column) {
    case 'model':
      return row.displayName;
    case 'tokens':
      return row.tokens;
    case 'window':
      return row.windowSharePct;
    case 'input':
      return row.inputCost;
    case 'output':
      return row.outputCost;
    case 'total':
      return row.totalCost;
  }
}

/**
 * The rows in the order asked for. Rows without the value (no price) go last in both directions,
 * since "no price" is neither cheap nor dear; ties keep the configured order (a stable sort).
 * No order, or one naming a column that no longer exists (an old saved state), keeps the rows'.
 */
export function sortModelRows(rows: readonly ModelRow[], order: SortOrder | undefined): ModelRow[] {
  const result = [...rows];
  if (!order || !isSortColumn(order.column)) return result;
  const column = order.column;
  const sign = order.descending ? -1 : 1;
  return result.sort((x, y) => {
    const a = sortKey(x, column);
    const b = sortKey(y, column);
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    const compared = typeof a === 'string' ? a.localeCompare(b as string, 'en', { sensitivity: 'base', numeric: true }) : a - (b as number);
    return sign * compared;
  });
}

/** A click on a header: the same column flips its direction, another column starts ascending. */
export function nextSort(current: SortOrder | undefined, column: SortColumn): SortOrder {
  if (current?.column === column) return { column, descending: !current.descending };
  return { column, descending: false };
}
