import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessOrigin,
  ftaIds,
  originAssessmentSchema,
  originFactsSchema,
  type OriginFacts,
  type OriginFactsInput,
  ruleSetFor,
} from "../../../services/origin";
import { inForceBetweenFrom, inForceOn } from "../../../services/origin/membership";
import { countries, isoDate, originFactsArbitrary } from "./arbitrary-facts";
import { proofCid } from "./garments";

/** Property tests: invariants every assessment keeps, whatever the facts. */

const runs = { numRuns: 400 };
const assess = (input: OriginFactsInput) => assessOrigin(originFactsSchema.parse(input));

/** Whether the fact a missing path names is really absent from the facts. */
function isAbsent(facts: OriginFacts, path: string): boolean {
  if (path === "date") return facts.date === undefined;
  if (path === "product.construction") return facts.product.construction === undefined;
  if (path === "product.exWorksPrice") return facts.product.exWorksPrice === undefined;
  if (path === "materials")
    return !facts.materials.some((m) => ["main-fabric", "yarn", "cut-panels"].includes(m.role));
  const process = /^processes\.([a-z-]+)$/.exec(path);
  if (process) return !facts.processes.some((record) => record.stage === process[1]);
  const stage = /^materials\[(\d+)\]\.stages\.([a-z-]+)$/.exec(path);
  if (stage) return !facts.materials[Number(stage[1])]?.stages.some((record) => record.stage === stage[2]);
  const field = /^materials\[(\d+)\]\.(weightKg|value|elastomeric|originCountry)$/.exec(path);
  if (field) return facts.materials[Number(field[1])]?.[field[2] as "weightKg"] === undefined;
  return false;
}

/** The facts with one of the facts the evaluator can do without removed. */
const removeOneFact = (input: OriginFactsInput) =>
  fc
    .constantFrom(
      "date",
      "construction",
      "exWorksPrice",
      "weightKg",
      "value",
      "elastomeric",
      "originCountry",
      "fibre",
      "spinning",
      "fabric-formation",
    )
    .chain((fact) => fc.nat({ max: (input.materials?.length ?? 1) - 1 }).map((index) => ({ fact, index })))
    .map(({ fact, index }) => {
      const facts = structuredClone(input);
      const material = facts.materials?.[index];
      if (fact === "date") delete facts.date;
      else if (fact === "construction") delete facts.product.construction;
      else if (fact === "exWorksPrice") delete facts.product.exWorksPrice;
      else if (material && (fact === "fibre" || fact === "spinning" || fact === "fabric-formation"))
        material.stages = (material.stages ?? []).filter((record) => record.stage !== fact);
      else if (material) delete material[fact as "weightKg" | "value" | "elastomeric" | "originCountry"];
      return { facts, removed: `${fact} of materials[${index}]` };
    });

describe("assessOrigin invariants", () => {
  it("answers in the documented shape; provisional exactly when the table is unconfirmed; missing facts exactly when undecided, each really absent", () => {
    fc.assert(
      fc.property(originFactsArbitrary, (input) => {
        const facts = originFactsSchema.parse(input);
        const assessment = originAssessmentSchema.parse(assessOrigin(facts));
        expect(assessment.provisional).toBe(!ruleSetFor(facts.fta).confirmed);
        expect(assessment.missing.length > 0).toBe(assessment.status === "insufficient-data");
        for (const path of assessment.missing) expect(isAbsent(facts, path), path).toBe(true);
        for (const check of assessment.checks) if (check.missing) expect(check.passed, check.id).toBe(false);
      }),
      runs,
    );
  });

  it("names materials to a person by description and HS code: no check's words carry a raw index", () => {
    fc.assert(
      fc.property(originFactsArbitrary, (input) => {
        const facts = originFactsSchema.parse(input);
        for (const check of assessOrigin(facts).checks) {
          expect(check.detail, check.id).not.toMatch(/materials\[\d+\]/);
          // Machine ids keep the index: the words and the ids are told apart.
          for (const path of check.missing ?? []) expect(path).not.toMatch(/\(HS /);
        }
      }),
      runs,
    );
  });

  it("a missing fact never turns a decided answer into the other: removing one leaves it or makes it undecided", () => {
    fc.assert(
      fc.property(
        originFactsArbitrary.chain((input) => removeOneFact(input).map((less) => ({ input, ...less }))),
        ({ input, facts, removed }) => {
          const before = assess(input).status;
          const after = assess(facts).status;
          expect([before, "insufficient-data"], `after removing ${removed}`).toContain(after);
        },
      ),
      runs,
    );
  });

  it("making a non-originating material originating never turns an originating answer into not-originating", () => {
    fc.assert(
      fc.property(
        originFactsArbitrary.chain((input) =>
          fc.nat({ max: (input.materials?.length ?? 1) - 1 }).map((index) => ({ input, index })),
        ),
        ({ input, index }) => {
          const improved = structuredClone(input);
          const material = improved.materials?.[index];
          if (!material) return;
          // Made in the exporting country throughout, and claimed originating with its proof.
          material.stages = (material.stages ?? []).map((record) => ({
            ...record,
            country: input.exportingCountry,
          }));
          material.originCountry = input.exportingCountry;
          material.originating = [{ fta: input.fta, basis: "exporter's own production", proofCid }];
          const before = assess(input).status;
          const after = assess(improved).status;
          if (before === "originating") expect(after).toBe("originating");
          if (before === "insufficient-data") expect(after).not.toBe("not-originating");
        },
      ),
      runs,
    );
  });

  it("moving the export date later never removes a party whose date has passed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ftaIds),
        fc.constantFrom(...countries),
        fc.constantFrom(...countries),
        isoDate,
        isoDate,
        (fta, a, b, d1, d2) => {
          const [earlier, later] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const from = inForceBetweenFrom(ruleSetFor(fta), a, b);
          if (inForceOn(from, earlier).result === true) expect(inForceOn(from, later).result).toBe(true);
        },
      ),
      runs,
    );
    fc.assert(
      fc.property(originFactsArbitrary, isoDate, isoDate, (input, d1, d2) => {
        const [earlier, later] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const parties = (date: string) =>
          assess({ ...input, date }).checks.find((c) => c.id === "parties")?.passed;
        if (parties(earlier)) expect(parties(later)).toBe(true);
      }),
      runs,
    );
  });

  it("an originating answer has its parties in force and every material condition met", () => {
    fc.assert(
      fc.property(originFactsArbitrary, (input) => {
        const assessment = assess(input);
        if (assessment.status !== "originating") return;
        const byId = (prefix: string) => assessment.checks.filter((c) => c.id.startsWith(prefix));
        expect(byId("parties")[0]?.passed).toBe(true);
        for (const check of byId("condition.")) expect(check.passed, check.id).toBe(true);
        // The alternative it names was met in every check.
        for (const check of byId(`${assessment.rule.id}.`))
          if (!check.id.includes(".tolerance.")) expect(check.passed, check.id).toBe(true);
      }),
      runs,
    );
  });

  it("is pure: the same facts give the same answer and are not changed", () => {
    fc.assert(
      fc.property(originFactsArbitrary, (input) => {
        const facts = originFactsSchema.parse(input);
        const frozen = structuredClone(facts);
        deepFreeze(facts);
        expect(assessOrigin(facts)).toEqual(assessOrigin(facts));
        expect(facts).toEqual(frozen);
      }),
      { numRuns: 100 },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
