/**
 * The command line every benchmark bundle takes (bench/run.mjs passes its arguments through):
 * `--quick` for a smoke run, `--name=N` for a number such as `--runs=1` or `--corpus-mb=2`.
 */
const argv = process.argv.slice(2);

export const QUICK = argv.includes('--quick');

/** The number given as `--name=N`, else `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const given = stringOption(name);
  return given === undefined ? fallback : Number(given);
}

/** The text given as `--name=value`, else undefined. */
export function stringOption(name: string): string | undefined {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : undefined;
}
