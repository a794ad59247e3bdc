/**
 * The one rule for amounts that go on chain: the contract keeps integers in thousandths of a unit, so an
 * amount is at least 0.001 with at most 3 decimals. The record schemas and the chain encoding both judge by it.
 */

/** On chain, quantities are integers in thousandths of their unit. */
export const QUANTITY_SCALE = 1000;

/**
 * Whether an amount is a whole, non-zero number of thousandths, the contract's unit: at least 0.001 with at
 * most 3 decimals. (A tiny positive amount such as 5e-324 would otherwise round to zero on chain.)
 */
export function isChainAmount(amount: number): boolean {
  const scaled = Math.round(amount * QUANTITY_SCALE);
  return Number.isFinite(amount) && scaled >= 1 && Math.abs(scaled - amount * QUANTITY_SCALE) < 1e-6;
}
