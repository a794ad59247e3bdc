/**
 * The smallest change in the recorded facts that would make a garment originate under an agreement, found
 * by asking the engine itself: each candidate change (a material's spinning or weaving/knitting, the
 * garment's cutting or sewing, done in the exporting country) is applied to a copy of the facts and assessed
 * again; the first single change that makes the answer originating wins, then the first pair. The answer is
 * said in words ("weave or knit the cotton denim (HS 5209.42) in Viet Nam or the EU"). Pure and bounded: at
 * most `MAX_CANDIDATES` candidates, so at most that many single and C(n, 2) paired assessments.
 */
import { assessOrigin } from "./evaluate";
import type { OriginFacts, StageName } from "./facts";
import type { OriginAssessment } from "./assessment";

/** Changes tried; pairs of them at most C(12, 2) = 66. */
export const MAX_CANDIDATES = 12;

interface Candidate {
  apply(facts: OriginFacts): OriginFacts;
  words: string;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const countryName = (code: string) => (code === "VN" ? "Viet Nam" : (regionNames.of(code) ?? code));

/** Where else the work could happen, in the words a garment maker uses. */
function elsewhere(facts: OriginFacts): string {
  switch (facts.fta) {
    case "EVFTA":
      return " or the EU";
    case "UKVFTA":
      return " or the UK (or the EU)";
    case "CPTPP":
      return " or another CPTPP party";
    case "RCEP":
      return " or another RCEP party";
    case "VJEPA":
      return " or Japan";
    case "VKFTA":
      return " or Korea";
    default:
      return " or another party to the agreement";
  }
}

const verbs: Partial<Record<StageName, string>> = {
  spinning: "spin the yarn of",
  "fabric-formation": "weave or knit",
  cutting: "cut",
  sewing: "sew",
};

function withStage<T extends { stages?: { stage: StageName; country: string }[] }>(
  holder: T,
  stage: StageName,
  country: string,
): T {
  const stages = (holder.stages ?? []).filter((record) => record.stage !== stage);
  return { ...holder, stages: [...stages, { stage, country }] };
}

function candidatesFor(facts: OriginFacts): Candidate[] {
  const country = facts.exportingCountry;
  const where = `in ${countryName(country)}${elsewhere(facts)}`;
  const candidates: Candidate[] = [];
  facts.materials.forEach((material, index) => {
    // Textile materials only (chapters 50-60): the stages of a button do not decide a garment's origin.
    const chapter = Number(material.hsCode.slice(0, 2));
    if (!(chapter >= 50 && chapter <= 60)) return;
    const hs = material.hsCode.replace(".", "");
    const name = `the ${material.description} (HS ${hs.slice(0, 4)}.${hs.slice(4)})`;
    for (const stage of ["fabric-formation", "spinning"] as const) {
      if (material.stages.some((record) => record.stage === stage && record.country === country)) continue;
      candidates.push({
        words: `${verbs[stage]} ${name} ${where}`,
        apply: (f) => ({
          ...f,
          materials: f.materials.map((m, i) => (i === index ? withStage(m, stage, country) : m)),
        }),
      });
    }
  });
  for (const stage of ["cutting", "sewing"] as const) {
    if (facts.processes.some((record) => record.stage === stage && record.country === country)) continue;
    candidates.push({
      words: `${verbs[stage]} the garment ${where}`,
      apply: (f) => ({
        ...f,
        processes: [...f.processes.filter((record) => record.stage !== stage), { stage, country }],
      }),
    });
  }
  return candidates.slice(0, MAX_CANDIDATES);
}

export interface SmallestChange {
  /** The change in words, e.g. "weave or knit the cotton denim (HS 5209.42) in Viet Nam or the EU". */
  text: string;
  /** How many recorded facts change (1 or 2). */
  changes: number;
  /** The rule the changed facts would meet. */
  rule: OriginAssessment["rule"];
}

/**
 * The smallest change that makes the facts originate, or null when the answer is already originating, the
 * agreement is not in force, or no change of one or two stages would do.
 *
 * @example
 * smallestChange(factsWithChineseFabric)?.text; // "weave or knit the cotton denim (HS 5209.42) in Viet Nam or the EU"
 */
export function smallestChange(facts: OriginFacts, assessment = assessOrigin(facts)): SmallestChange | null {
  // An undecided answer may still be decided by a change that makes the missing facts irrelevant.
  if (assessment.status === "originating") return null;
  // A change of stages cannot make an agreement apply that is not in force.
  if (assessment.checks.some((check) => check.id === "parties" && !check.passed)) return null;
  const candidates = candidatesFor(facts);
  const originating = (changed: OriginFacts) => {
    const answer = assessOrigin(changed);
    return answer.status === "originating" ? answer : null;
  };
  for (const candidate of candidates) {
    const answer = originating(candidate.apply(facts));
    if (answer) return { text: candidate.words, changes: 1, rule: answer.rule };
  }
  for (let i = 0; i < candidates.length; i++)
    for (let j = i + 1; j < candidates.length; j++) {
      const answer = originating(candidates[j]!.apply(candidates[i]!.apply(facts)));
      if (answer)
        return {
          text: `${candidates[i]!.words}, and ${candidates[j]!.words}`,
          changes: 2,
          rule: answer.rule,
        };
    }
  return null;
}
