/**
 * How many generated cases the property tests run, in total over the whole unit suite:
 * TOKENSCOPE_PROPERTY_RUNS when set, else 20,000 under CI and 1,500 locally (a local run stays
 * under ~10 s). Under CI the block store's edit property, which takes 55%, gets 11,000 cases:
 * the issue asks for at least 10,000 generated cases of it.
 */
const TOTAL_RUNS = ((): number => {
  const configured = Number.parseInt(process.env.TOKENSCOPE_PROPERTY_RUNS ?? '', 10);
  if (Number.isFinite(configured) && configured > 0) return configured;
  return process.env.CI ? 20_000 : 1_500;
})();

/**
 * Each property claims a share of the total budget; the shares used across the suite add up
 * to 1, so the suite generates TOTAL_RUNS cases. At least one run each, whatever the budget.
 */
export function propertyRuns(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}
