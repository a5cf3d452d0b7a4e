import type { InsightSummary, ModelRow, SummaryContender, SummaryPick } from './insightView';

/**
 * The picks of the panel's summary, from the side-by-side rows: the cheapest exact model (input
 * cost of this text) and the most compact exact model (fewest tokens). An ≈ model is never
 * ranked over an exact one in silence: each ≈ row whose estimate beats the exact pick (or, when
 * no exact row has the value, the best ≈ row) is listed as a contender, `certain` when it
 * still wins at the unfavourable end of its error band, otherwise with the warning that its
 * error band could change the answer. Ties keep the rows' order (the first is named).
 */
export function summaryPicks(rows: readonly ModelRow[]): Pick<InsightSummary, 'cheapest' | 'cheaperApprox' | 'mostCompact' | 'compacterApprox'> {
  const cost = pickBy(rows, (r) => r.inputCost);
  const size = pickBy(rows, (r) => r.tokens);
  return {
    ...(cost.best ? { cheapest: cost.best } : {}),
    cheaperApprox: cost.contenders,
    ...(size.best ? { mostCompact: size.best } : {}),
    compacterApprox: size.contenders,
  };
}

function pickBy(rows: readonly ModelRow[], valueOf: (row: ModelRow) => number | undefined): { best?: SummaryPick; contenders: SummaryContender[] } {
  const withValue = rows.flatMap((row) => {
    const value = valueOf(row);
    return value === undefined ? [] : [{ row, value }];
  });
  const exact = withValue.filter((c) => c.row.exact);
  const bestExact = exact.reduce<(typeof exact)[number] | undefined>((best, c) => (best === undefined || c.value < best.value ? c : best), undefined);
  const approx = withValue.filter((c) => !c.row.exact).sort((a, b) => a.value - b.value);
  const beating = bestExact ? approx.filter((c) => c.value < bestExact.value) : approx.slice(0, 1);
  const contenders = beating.map(({ row, value }): SummaryContender => {
    // The count (and so the cost, which is proportional to it) may be up to errorPct % higher.
    const worst = row.errorPct === undefined ? Infinity : value * (1 + row.errorPct / 100);
    return { id: row.id, displayName: row.displayName, value, errorLabel: row.errorLabel ?? '', certain: bestExact !== undefined && worst < bestExact.value };
  });
  return { ...(bestExact ? { best: { id: bestExact.row.id, displayName: bestExact.row.displayName, value: bestExact.value } } : {}), contenders };
}
