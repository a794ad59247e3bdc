import { describeCountry } from "./country-names";
import type { Construction, StageName, StageRecord } from "./facts";
import type { Place } from "./membership";
import type { CountryCode, RequiredStage } from "./rules/types";
import { allFindings, type Finding, known, unknownFor } from "./tri";

/** A stage a rule or condition can ask for. */
export type AskedStage = RequiredStage | "finishing";

// Knitting to shape forms the fabric and gives the pieces their shape, so it stands for both F and C
// ("cut or knit to shape", CPTPP; "cut or knitted to form", EVFTA). Assembly stands for sewing ("sewn or
// otherwise assembled").
const recordedAs: Readonly<Record<AskedStage, readonly StageName[]>> = {
  fibre: ["fibre"],
  spinning: ["spinning"],
  "fabric-formation": ["fabric-formation", "knit-to-shape"],
  cutting: ["cutting", "knit-to-shape"],
  sewing: ["sewing", "assembly"],
  finishing: ["finishing"],
};

// Finishing happens only to some fabrics: when none is recorded, none was done. The other stages happen to
// every material of their form, so when none is recorded, where it happened is unknown.
const doneOnlySometimes: ReadonlySet<AskedStage> = new Set(["finishing"]);

const stageWords: Readonly<Record<StageName, string>> = {
  fibre: "fibre production",
  spinning: "spinning (or extrusion)",
  "fabric-formation": "weaving or knitting",
  dyeing: "dyeing",
  printing: "printing",
  finishing: "finishing",
  cutting: "cutting",
  sewing: "sewing",
  "knit-to-shape": "knitting to shape",
  assembly: "assembly",
};

/** "weaving or knitting": a stage in words. */
export function describeStage(stage: StageName): string {
  return stageWords[stage];
}

/** The recorded stages that count as `stage`. */
export function recordsOf(records: readonly StageRecord[], stage: AskedStage): readonly StageRecord[] {
  return records.filter((record) => recordedAs[stage].includes(record.stage));
}

/** The name of the fact to ask for when a stage of the good itself is not recorded. */
function processFactName(stage: AskedStage, construction: Construction | undefined): StageName {
  if (stage === "cutting")
    return construction === "cut-and-sewn" || !construction ? "cutting" : "knit-to-shape";
  if (stage === "fabric-formation") return "knit-to-shape";
  if (stage === "sewing") return construction === "whole-garment" ? "assembly" : "sewing";
  return stage;
}

export interface StageFinding extends Finding {
  readonly detail: string;
}

/**
 * Whether a stage happened in a place that counts: every record of it must be inside. `factPath` is where
 * the records live (`materials[0].stages` or `processes`), so a missing stage is named precisely.
 */
export function stageHappenedIn(
  records: readonly StageRecord[],
  stage: AskedStage,
  place: (country: CountryCode) => Place,
  factPath: string,
  construction?: Construction,
): StageFinding {
  const matching = recordsOf(records, stage);
  if (matching.length === 0) {
    if (doneOnlySometimes.has(stage)) return { ...known(true), detail: `no ${stage} recorded` };
    const name = factPath === "processes" ? processFactName(stage, construction) : stage;
    return {
      ...unknownFor(`${factPath}.${name}`),
      detail: `where ${describeStage(name)} happened is not recorded`,
    };
  }
  const places = matching.map((record) => ({ record, place: place(record.country) }));
  const detail = places
    .map(
      ({ record, place: p }) =>
        `${describeStage(record.stage)} in ${describeCountry(record.country)}, ${p.why}`,
    )
    .join("; ");
  return { ...allFindings(places.map(({ place: p }) => p.inside)), detail };
}
