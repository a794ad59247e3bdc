import { type ClaimFinding, claimFinding, type ShortSupplyFinding, shortSupplyFinding } from "./claims";
import type { OriginFacts } from "./facts";
import { type ClassifyingComponent, classifyingComponent } from "./materials";
import { type Place, territoryFor } from "./membership";
import type { CountryCode, FtaRuleSet } from "./rules/types";
import type { Finding } from "./tri";

/** What every test of one assessment shares: the facts, the table, the territory and each material's claims. */
export interface AssessmentContext {
  readonly table: FtaRuleSet;
  readonly facts: OriginFacts;
  /** Whether production in a country counts as in the territory, and why. */
  readonly territory: (country: CountryCode) => Place;
  readonly component: ClassifyingComponent | undefined;
  /** Per material: its claim under this agreement, if it makes one. */
  readonly claims: readonly (ClaimFinding | undefined)[];
  /** Per material: its short supply item, if it names one. */
  readonly shortSupply: readonly (ShortSupplyFinding | undefined)[];
}

/** One test of the rule, before it is written into the answer. */
export interface CheckResult extends Finding {
  readonly id: string;
  readonly detail: string;
}

export function assessmentContext(table: FtaRuleSet, facts: OriginFacts): AssessmentContext {
  const indices = facts.materials.map((_, index) => index);
  return {
    table,
    facts,
    territory: territoryFor(table, facts),
    component: classifyingComponent(facts.materials),
    claims: indices.map((index) => claimFinding(table, facts, index)),
    shortSupply: indices.map((index) => shortSupplyFinding(table, facts, index)),
  };
}
