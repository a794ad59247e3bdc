/**
 * Yield bounds as a table: exactly at the limit passes, one unit over fails, for metres, kilograms, a mix of
 * both, and sewing's garments per cut piece; other events are not bounded here.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_WRITE_LIMITS } from "../../../services/config/index";
import { checkYield } from "../../../services/production/plausibility";
import type { EventBody } from "../../../services/records/index";

const cutting = (inputs: [number, "m" | "kg"][], pieces: number) =>
  ({
    type: "cutting",
    body: {
      id: "CUT",
      inputs: inputs.map(([amount, unit], index) => ({ lotId: `FL-${index}`, quantity: { amount, unit } })),
      output: { quantity: { amount: pieces, unit: "pcs" } },
      occurredAt: "2026-03-02T08:00:00Z",
    },
  }) as unknown as EventBody;

const sewing = (pieces: number[], garments: number) =>
  ({
    type: "sewing",
    body: {
      id: "GB",
      inputs: pieces.map((amount, index) => ({ lotId: `CUT-${index}`, quantity: { amount, unit: "pcs" } })),
      output: { quantity: { amount: garments, unit: "pcs" } },
    },
  }) as unknown as EventBody;

describe("checkYield", () => {
  it.each([
    ["300 m into 2,400 pieces (a real T-shirt cutting)", cutting([[300, "m"]], 2400), true],
    ["10 m into 500 pieces: at 50 per m", cutting([[10, "m"]], 500), true],
    ["10 m into 501 pieces", cutting([[10, "m"]], 501), false],
    ["0.001 m into 10^12 pieces", cutting([[0.001, "m"]], 1e12), false],
    ["2 kg into 400 pieces: at 200 per kg", cutting([[2, "kg"]], 400), true],
    ["2 kg into 401 pieces", cutting([[2, "kg"]], 401), false],
    [
      "1 m + 1 kg into 250 pieces",
      cutting(
        [
          [1, "m"],
          [1, "kg"],
        ],
        250,
      ),
      true,
    ],
    [
      "1 m + 1 kg into 251 pieces",
      cutting(
        [
          [1, "m"],
          [1, "kg"],
        ],
        251,
      ),
      false,
    ],
    ["0.1 m into 5 pieces (fractional metres)", cutting([[0.1, "m"]], 5), true],
    ["2,400 pieces into 1,200 garments", sewing([2400], 1200), true],
    ["two bundles of 150 pieces into 300 garments", sewing([150, 150], 300), true],
    ["two bundles of 150 pieces into 301 garments", sewing([150, 150], 301), false],
    ["1 piece into 100,000 garments", sewing([1], 100_000), false],
  ])("%s", (_name, event, allowed) => {
    if (allowed) expect(() => checkYield(DEFAULT_WRITE_LIMITS, event)).not.toThrow();
    else
      expect(() => checkYield(DEFAULT_WRITE_LIMITS, event)).toThrow(
        expect.objectContaining({ code: "IMPLAUSIBLE_YIELD" }),
      );
  });

  it("names the limit and the numbers", () => {
    try {
      checkYield(DEFAULT_WRITE_LIMITS, sewing([10], 11));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: "IMPLAUSIBLE_YIELD",
        details: { limit: "MAX_GARMENTS_PER_CUT_PIECE", maximum: 10, requested: 11, consumed: { pcs: 10 } },
      });
    }
  });

  it("follows the configured limits (two pieces per garment)", () => {
    const limits = { ...DEFAULT_WRITE_LIMITS, maxGarmentsPerCutPiece: 0.5 };
    expect(() => checkYield(limits, sewing([10], 5))).not.toThrow();
    expect(() => checkYield(limits, sewing([10], 6))).toThrow(
      expect.objectContaining({ code: "IMPLAUSIBLE_YIELD" }),
    );
  });

  it("does not bound fabric lots or shipments", () => {
    expect(() =>
      checkYield(DEFAULT_WRITE_LIMITS, { type: "fabric-lot", body: {} } as unknown as EventBody),
    ).not.toThrow();
    expect(() =>
      checkYield(DEFAULT_WRITE_LIMITS, { type: "shipment", body: {} } as unknown as EventBody),
    ).not.toThrow();
  });
});
