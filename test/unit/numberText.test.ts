import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimalText, integerText, percentText } from '../../src/core/text/numberText';
import { propertyRuns } from './support/propertyRuns';

/** English numbers are written without Intl (start-up cost); they must read exactly as Intl's. */
describe('English number text without Intl', () => {
  const intlInteger = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  const intlFixed = (digits: number) => new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
  const numbers = fc.oneof(
    fc.nat(),
    fc.double({ min: 0, max: 1e16, noNaN: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constantFrom(0, -0, 0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 999.95, 1e15, 1e21, Infinity, -Infinity, NaN, 123456789.5),
  );

  it('writes integers as Intl does', () => {
    fc.assert(
      fc.property(numbers, (n) => assert.equal(integerText(n), intlInteger.format(n), String(n))),
      { numRuns: propertyRuns(0.05) },
    );
  });

  it('writes decimals as Intl does', () => {
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: 4 }), (n, digits) => assert.equal(decimalText(n, digits), intlFixed(digits).format(n), `${n} ${digits}`)),
      { numRuns: propertyRuns(0.05) },
    );
  });

  it("puts the percent sign where Intl's English pattern does", () => {
    assert.equal(new Intl.NumberFormat('en', { style: 'percent' }).format(0.37), '37%');
    assert.equal(percentText(37), '37.0%');
  });
});
