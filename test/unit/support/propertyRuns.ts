/**
 * How many generated cases the property tests run, in total over the whole unit suite:
 * TOKENSCOPE_PROPERTY_RUNS when set, else 10,000 under CI (the proof the design asks for)
 * and 1,500 locally (about a tenth of the CI run time, so a local run stays under ~10 s).
 */
const TOTAL_RUNS = ((): number => {
  const configured = Number.parseInt(process.env.TOKENSCOPE_PROPERTY_RUNS ?? '', 10);
  if (Number.isFinite(configured) && configured > 0) return configured;
  return process.env.CI ? 10_000 : 1_500;
})();

/**
 * Each property claims a share of the total budget; the shares used across the suite add up
 * to 1, so the suite generates TOTAL_RUNS cases. At least one run each, whatever the budget.
 */
export function propertyRuns(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}
