import type { Construction, FtaId, MaterialRole } from "../facts";
import type { HsPattern, TariffLevel } from "../hs-codes";

/**
 * The shape of one agreement's rules of origin for garments (HS 61 and 62), as data. Each table in this
 * folder is an exported constant declared `as const satisfies FtaRuleSet`, whose header cites its legal
 * source, version and confirmation status from rules-of-origin.md ([C] confirmed, [U] unconfirmed).
 */

export type CountryCode = string;
/** YYYY-MM-DD */
export type IsoDate = string;

/** A party, and when the agreement entered into force for it. */
export interface Member {
  readonly country: CountryCode;
  readonly inForce: IsoDate;
  /**
   * For a party that acceded partner by partner (the UK in CPTPP): the date for each partner. A partner that
   * is not listed is not a partner yet, whatever the dates of the two parties.
   */
  readonly inForceWith?: Readonly<Record<CountryCode, IsoDate>>;
  /** Parties on the same side of a bilateral agreement (EU member states under EVFTA) do not trade under it. */
  readonly side?: string;
}

/**
 * The stages of rules-of-origin.md's notation that a rule requires in the territory: Y (spinning or
 * extrusion), F (weaving or knitting), C (cutting), S (sewing), and the fibre itself for a fibre-forward
 * rule. Knitting to shape counts as both F and C, assembly as S.
 */
export type RequiredStage = "fibre" | "spinning" | "fabric-formation" | "cutting" | "sewing";

/**
 * Which materials a rule's tests apply to: only the component that determines the garment's tariff
 * classification (CPTPP chapter rule 1); the textile materials (EVFTA: chapters 50-63, note 7.2 frees the
 * rest); or every material (a plain change-of-chapter rule).
 */
export type MaterialScope = "classifying-component" | "textile-materials" | "all-materials";

/** Every non-originating material in scope must come from another chapter/heading/subheading, not from `except`. */
export interface TariffShift {
  readonly level: TariffLevel;
  readonly except: readonly HsPattern[];
}

/** Non-qualifying materials that a rule lets through, up to a share of a weight or a price. */
export interface Tolerance {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly measure: "weight" | "value";
  readonly percent: number;
  /** What the share is of. */
  readonly of: "classifying-component" | "textile-materials" | "good" | "ex-works-price";
  /** Which non-qualifying materials it may cover. */
  readonly covers: "classifying-component" | "textile-non-trims" | "textile-trims" | "all-materials";
  /** Elastomeric yarn: not covered at all (CPTPP 4.2.4), or covered up to its own share (EU note 6: 20 %). */
  readonly elastomeric?: "excluded" | { readonly percent: number };
}

/**
 * How far a material has been made before the garment maker uses it (read from its HS code): fibre, yarn,
 * fabric, made-up (cut panels and other parts of chapters 61-63), or not textile at all.
 */
export type MaterialForm = "fibre" | "yarn" | "fabric" | "made-up" | "non-textile";

/** Picks materials: a material matches when it satisfies every field given. */
export interface MaterialSelector {
  readonly hs?: readonly HsPattern[];
  readonly roles?: readonly MaterialRole[];
  readonly classifyingComponent?: true;
  readonly elastomeric?: true;
}

/**
 * A requirement on particular materials, whatever else the rule says (CPTPP's narrow-fabric, sewing-thread
 * and elastomeric-yarn rules; VJEPA's fabric rule). Optional stages such as finishing count only where done.
 * No tolerance applies to a condition.
 */
export interface MaterialCondition {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  /** A material is concerned when it matches any selector. */
  readonly materials: readonly MaterialSelector[];
  /** The stages that must have happened in `in`. */
  readonly stages: readonly ("fibre" | "spinning" | "fabric-formation" | "finishing")[];
  /** Where: the listed countries; by default the territory (parties in force, cumulation). */
  readonly in?: readonly CountryCode[];
  /** Only non-originating materials are concerned (VJEPA); otherwise an originating claim also satisfies it. */
  readonly nonOriginatingOnly?: true;
  /** Products the condition does not apply to (CPTPP chapter 62 narrow fabrics: not 6212.10). */
  readonly exceptProducts?: readonly HsPattern[];
}

/** One way of satisfying a product rule; a rule is met when any of its alternatives is. */
export interface RuleAlternative {
  readonly id: string;
  readonly text: string;
  /** Stages (rules-of-origin.md notation) that must happen in the territory. */
  readonly stages: readonly RequiredStage[];
  readonly scope: MaterialScope;
  readonly tariffShift?: TariffShift;
  /** Regional value content, build-down: (price - non-originating materials) / price. */
  readonly rvc?: { readonly minPercent: number };
  /** EVFTA chapter 62: printing with preparatory/finishing operations, unprinted fabric capped by price. */
  readonly printing?: {
    readonly minPreparatoryOrFinishing: number;
    readonly maxUnprintedFabricPercent: number;
  };
  readonly tolerances: readonly Tolerance[];
}

/** The product-specific rule for a set of HS codes (and, where it matters, constructions). */
export interface ProductRule {
  readonly id: string;
  readonly products: readonly HsPattern[];
  /** Constructions the rule is for; all when absent (EVFTA chapter 61 differs for whole garments). */
  readonly constructions?: readonly Construction[];
  readonly text: string;
  readonly source: string;
  readonly confirmed: boolean;
  readonly alternatives: readonly RuleAlternative[];
  readonly conditions: readonly MaterialCondition[];
}

/**
 * Cumulation beyond the parties: materials of these countries count as originating when claimed with a proof
 * (Korean fabric under EVFTA), and, where `processingCounts`, work done there counts as done in the
 * territory (EU processing under UKVFTA).
 */
export interface ExtendedCumulation {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly countries: readonly CountryCode[];
  readonly from: IsoDate;
  readonly processingCounts: boolean;
  /** Only materials of these forms (Korean *fabric*). */
  readonly materialForms?: readonly MaterialForm[];
  /** Only for these products. */
  readonly products?: readonly HsPattern[];
  /** The exporter must cut (or knit to shape) and sew the garment itself: beyond insufficient operations. */
  readonly requiresMakingUpInExportingCountry?: true;
  /** The entry the exporter's proof of origin must carry when this cumulation is used. */
  readonly proofEntry?: string;
}

export interface Cumulation {
  /** bilateral: materials of the two sides; accumulation: originating materials of any party in force. */
  readonly kind: "bilateral" | "accumulation";
  readonly text: string;
  readonly source: string;
  readonly extended: readonly ExtendedCumulation[];
}

/** A CPTPP Short Supply List item: the material counts as originating when used for its end use. */
export interface ShortSupplyItem {
  readonly item: number;
  readonly description: string;
  readonly materials: readonly HsPattern[];
  readonly endUse: readonly HsPattern[];
  readonly endUseText: string;
}

/** What a proof of origin under the agreement must be and hold; certificates are built from this. */
export interface ProofRequirements {
  readonly text: string;
  readonly source: string;
  readonly confirmed: boolean;
  readonly forms: readonly string[];
  /** Data elements the proof must hold, in order. */
  readonly dataElements: readonly string[];
  /** Fixed wording the proof carries, with "..." where the exporter fills in. */
  readonly declarationText?: string;
  readonly validityMonths?: number;
  readonly recordKeepingYears?: number;
  readonly blanketPeriodMaxMonths?: number;
  readonly valueLimit?: { readonly amount: number; readonly currency: string; readonly appliesTo: string };
}

/**
 * Goods put up in sets for retail sale: every item originating, or the non-originating items within a share
 * of a value. Kept as data for certificates and the README; OriginFacts describes one garment, not the items
 * of a set, so the evaluator cannot apply it.
 */
export interface SetsRule {
  readonly text: string;
  readonly source: string;
  readonly maxNonOriginatingPercent: number;
  readonly of: "set-value" | "ex-works-price";
}

export interface FtaRuleSet {
  readonly fta: FtaId;
  readonly name: string;
  /** Legal source(s) the table was built from. */
  readonly source: string;
  /** Version or date of the source. */
  readonly version: string;
  /** True only when every rule, date and tolerance in the table is [C]; otherwise answers are provisional. */
  readonly confirmed: boolean;
  /** Why the table is (not) confirmed, in a sentence a compliance officer can act on. */
  readonly confirmationNote: string;
  readonly members: readonly Member[];
  readonly cumulation: Cumulation;
  readonly productRules: readonly ProductRule[];
  readonly shortSupply: readonly ShortSupplyItem[];
  /** Materials outside chapters 50-63 that may be used freely, where the agreement says so (EU note 7.2). */
  readonly freeMaterials?: { readonly text: string; readonly source: string };
  /** The rule for goods put up in sets, where the agreement has one (not evaluated: see SetsRule). */
  readonly sets?: SetsRule;
  readonly proof: ProofRequirements;
}
