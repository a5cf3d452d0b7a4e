/**
 * Sorting the side-by-side model table by a column header. Pure (no DOM) so it is unit-tested;
 * the order is kept in the panel's state (PanelState.sort) and survives a reload.
 */
import type { PanelState } from './messages';
import type { ModelRow } from '../core/insights/insightView';

export const SORT_COLUMNS = ['model', 'tokens', 'window', 'input', 'cached', 'output'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortOrder = NonNullable<PanelState['sort']>;

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
    case 'cached':
      return row.cachedInputCost;
    case 'output':
      return row.outputCost;
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
