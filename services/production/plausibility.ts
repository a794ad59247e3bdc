/**
 * Plausibility bounds on yields: a cutting cannot make more pieces than its fabric can give, a sewing no more
 * garments than the pieces it consumes. The chain checks mass balance (nothing consumed that is not there);
 * these bounds stop the other lie, 1 mm of fabric becoming 10^12 pieces, which would also make every later
 * garment tree, label sheet and scan arbitrarily expensive. The limits are configuration
 * (MAX_CUT_PIECES_PER_METRE, MAX_CUT_PIECES_PER_KG, MAX_GARMENTS_PER_CUT_PIECE).
 */
import type { WriteLimits } from "../config/index";
import { AppError } from "../errors/index";
import type { EventBody } from "../records/index";

/** IMPLAUSIBLE_YIELD: an output larger than its inputs allow, with the limit and the numbers. */
export class ImplausibleYieldError extends AppError {
  constructor(
    message: string,
    details: { limit: string; maximum: number; requested: number; consumed: Record<string, number> },
  ) {
    super("IMPLAUSIBLE_YIELD", message, { details: { field: "output.quantity.amount", ...details } });
  }
}

/** Sums the consumed amounts per unit. */
function consumedByUnit(inputs: readonly { quantity: { amount: number; unit: string } }[]) {
  const consumed: Record<string, number> = {};
  for (const { quantity } of inputs)
    consumed[quantity.unit] = (consumed[quantity.unit] ?? 0) + quantity.amount;
  return consumed;
}

/**
 * Refuses a cutting or sewing whose output exceeds what its inputs plausibly yield. Other events pass.
 *
 * @example
 * checkYield(DEFAULT_WRITE_LIMITS, { type: "cutting", body }); // 300 m into 2,400 pieces: fine
 */
export function checkYield(
  limits: Pick<WriteLimits, "maxCutPiecesPerMetre" | "maxCutPiecesPerKg" | "maxGarmentsPerCutPiece">,
  event: EventBody,
): void {
  if (event.type === "cutting") {
    const consumed = consumedByUnit(event.body.inputs);
    const maximum = Math.floor(
      (consumed.m ?? 0) * limits.maxCutPiecesPerMetre + (consumed.kg ?? 0) * limits.maxCutPiecesPerKg + 1e-9,
    );
    const requested = event.body.output.quantity.amount;
    if (requested > maximum) {
      throw new ImplausibleYieldError(
        `A cutting of ${describe(consumed)} may make at most ${maximum} pieces ` +
          `(${limits.maxCutPiecesPerMetre} per m, ${limits.maxCutPiecesPerKg} per kg), not ${requested}`,
        { limit: "MAX_CUT_PIECES_PER_METRE / MAX_CUT_PIECES_PER_KG", maximum, requested, consumed },
      );
    }
  }
  if (event.type === "sewing") {
    const consumed = consumedByUnit(event.body.inputs);
    const maximum = Math.floor((consumed.pcs ?? 0) * limits.maxGarmentsPerCutPiece + 1e-9);
    const requested = event.body.output.quantity.amount;
    if (requested > maximum) {
      throw new ImplausibleYieldError(
        `A sewing of ${describe(consumed)} may make at most ${maximum} garments ` +
          `(${limits.maxGarmentsPerCutPiece} per cut piece), not ${requested}`,
        { limit: "MAX_GARMENTS_PER_CUT_PIECE", maximum, requested, consumed },
      );
    }
  }
}

function describe(consumed: Record<string, number>): string {
  return Object.entries(consumed)
    .map(([unit, amount]) => `${amount} ${unit}`)
    .join(" + ");
}
