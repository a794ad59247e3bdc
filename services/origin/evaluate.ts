import { assessAlternative } from "./alternative";
import type { CumulationUse, OriginAssessment } from "./assessment";
import { assessConditions } from "./conditions";
import { type AssessmentContext, assessmentContext, type CheckResult } from "./context";
import type { OriginFacts } from "./facts";
import { formatHs } from "./hs-codes";
import { describeMaterial, materialPath } from "./materials";
import { checkTradeBetweenParties } from "./membership";
import { productRulesFor } from "./product-rules";
import { ruleSetFor } from "./rules";
import type { ProductRule } from "./rules/types";
import { agreeing, allFindings, anyFinding, type Finding, known, unknownFor } from "./tri";

/**
 * Assesses whether a garment is originating under an agreement, and explains why.
 *
 * Pure: the facts in, the assessment out; nothing is read or recorded. The story, as rules-of-origin.md
 * tells it:
 *  1. The agreement must be in force between the exporting and the importing country on the export date.
 *  2. The component that determines the garment's classification must be known: the rules test it.
 *  3. The product rule for the garment's HS code (and construction, where the rule depends on it) applies:
 *     its material conditions must hold, and any one of its alternatives must be met.
 *  4. Originating when all hold; not originating when one definitely fails; otherwise insufficient data,
 *     naming the facts that would decide it. A missing fact that cannot change the answer does not block it.
 * The answer is provisional when the agreement's table is not confirmed against the legal text.
 *
 * @example
 * const facts = originFactsSchema.parse(body);
 * const assessment = assessOrigin(facts);
 * if (assessment.status === "originating" && !assessment.provisional) issueCertificate(assessment);
 */
export function assessOrigin(facts: OriginFacts): OriginAssessment {
  const table = ruleSetFor(facts.fta);
  const context = assessmentContext(table, facts);

  // 1. In force between exporter and importer on the export date.
  const trade: CheckResult = { id: "parties", ...checkTradeBetweenParties(table, facts) };
  // 2. The component that determines classification.
  const component = componentCheck(context);
  // 3. The product rule(s) for the garment, each with its conditions and alternatives.
  const candidates = productRulesFor(table, facts.product.hsCode, facts.product.construction);
  const ruleCheck: CheckResult = {
    id: "product-rule",
    ...known(true),
    detail: `HS ${formatHs(facts.product.hsCode)} falls under ${candidates.map((r) => `${r.id}: ${r.text}`).join("; or ")}`,
  };
  const assessed = context.component ? candidates.map((rule) => assessRule(rule, context)) : [];
  // With one candidate rule its answer stands; with several (construction unknown) they must agree.
  const ruleFinding = context.component ? agreeing(assessed, "product.construction") : unknownFor();
  // 4. All must hold.
  const verdict = allFindings([trade, component, ruleFinding]);

  const status =
    verdict.result === true
      ? "originating"
      : verdict.result === false
        ? "not-originating"
        : "insufficient-data";
  const cumulation = cumulationUsed(context);
  const shortSupplyItems = context.shortSupply.flatMap((s) =>
    s?.result === true && s.item ? [s.item.item] : [],
  );
  const proofEntries = [
    ...new Set(cumulation?.used.flatMap((use) => (use.proofEntry ? [use.proofEntry] : []))),
  ];
  return {
    fta: facts.fta,
    status,
    provisional: !table.confirmed,
    ...(table.confirmed ? {} : { provisionalReason: table.confirmationNote }),
    rule: ruleApplied(assessed, candidates, status),
    checks: [trade, component, ruleCheck, ...assessed.flatMap((a) => a.checks)].map(toOutputCheck),
    missing: [...verdict.missing],
    ...(cumulation ? { cumulation } : {}),
    ...(proofEntries.length > 0 ? { requiredProofEntries: proofEntries } : {}),
    ...(shortSupplyItems.length > 0 ? { shortSupplyItems } : {}),
  };
}

function componentCheck(context: AssessmentContext): CheckResult {
  const { component, facts } = context;
  if (!component)
    return {
      id: "classifying-component",
      ...unknownFor("materials"),
      detail:
        "No main fabric, yarn or cut panels are recorded: the component that determines the garment's " +
        "classification, which the rules test, is unknown",
    };
  const names = component.primary
    .map((i) => {
      const material = facts.materials[i];
      return material ? describeMaterial(material, i) : "a material";
    })
    .join(", ");
  return {
    id: "classifying-component",
    ...known(true),
    detail: `The component that determines classification is ${names}`,
  };
}

interface RuleOutcome extends Finding {
  readonly rule: ProductRule;
  readonly alternatives: readonly (Finding & { readonly id: string; readonly text: string })[];
  readonly checks: readonly CheckResult[];
}

/** A rule is met when its conditions hold and any one of its alternatives is met. */
function assessRule(rule: ProductRule, context: AssessmentContext): RuleOutcome {
  const alternatives = rule.alternatives.map((alternative) => ({
    id: alternative.id,
    text: alternative.text,
    ...assessAlternative(alternative, context, `${rule.id}/${alternative.id}`),
  }));
  const conditions = assessConditions(rule.conditions, context);
  return {
    rule,
    alternatives,
    ...allFindings([...conditions, anyFinding(alternatives)]),
    checks: [...alternatives.flatMap((a) => a.checks), ...conditions],
  };
}

function ruleApplied(
  outcomes: readonly RuleOutcome[],
  candidates: readonly ProductRule[],
  status: OriginAssessment["status"],
): OriginAssessment["rule"] {
  const met = status === "originating" ? outcomes[0]?.alternatives.find((a) => a.result === true) : undefined;
  const first = outcomes[0]?.rule ?? candidates[0];
  if (met && first) return { id: `${first.id}/${met.id}`, text: met.text, source: first.source };
  return {
    id: candidates.map((rule) => rule.id).join(" | "),
    text: candidates.map((rule) => rule.text).join(" / "),
    source: [...new Set(candidates.map((rule) => rule.source))].join("; "),
  };
}

/** The cumulation the answer relied on: materials of another country that counted through their claims. */
function cumulationUsed(context: AssessmentContext): OriginAssessment["cumulation"] {
  const { table, facts } = context;
  const uses = new Map<string, CumulationUse>();
  context.claims.forEach((claim, index) => {
    const country = facts.materials[index]?.originCountry;
    if (claim?.result !== true || !country || country === facts.exportingCountry) return;
    const source = claim.cumulation ?? { id: `${table.fta}-${table.cumulation.kind}`, ...table.cumulation };
    const use = uses.get(source.id) ?? {
      id: source.id,
      text: source.text,
      source: source.source,
      countries: [],
      materials: [],
      ...(claim.cumulation?.proofEntry ? { proofEntry: claim.cumulation.proofEntry } : {}),
    };
    uses.set(source.id, {
      ...use,
      countries: [...new Set([...use.countries, country])],
      materials: [...use.materials, materialPath(index)],
    });
  });
  if (uses.size === 0) return undefined;
  const { kind, text, source } = table.cumulation;
  return { kind, text, source, used: [...uses.values()] };
}

function toOutputCheck(check: CheckResult): OriginAssessment["checks"][number] {
  return {
    id: check.id,
    passed: check.result === true,
    detail: check.detail,
    ...(check.result === "unknown" ? { missing: [...check.missing] } : {}),
  };
}
