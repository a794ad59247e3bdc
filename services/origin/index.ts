/**
 * The origin engine: OriginFacts in, an explained assessment out, against Viet Nam's FTAs for garments of
 * HS 61 and 62. Pure; the API validates with `originFactsSchema`, calls `assessOrigin`, and documents the
 * answer with `originAssessmentSchema`. Certificates read `proofRequirementsFor` and refuse an answer that
 * is not `originating` or is `provisional` (services/certificates/errors.ts).
 */
export { assessOrigin } from "./evaluate";
export {
  constructions,
  countryCodeSchema,
  ftaIds,
  materialRoles,
  originFactsSchema,
  stageNames,
  type Construction,
  type FtaId,
  type Material,
  type MaterialRole,
  type OriginFacts,
  type OriginFactsInput,
  type StageName,
} from "./facts";
export {
  originAssessmentSchema,
  originCheckSchema,
  type CumulationUse,
  type OriginAssessment,
  type OriginCheck,
} from "./assessment";
export { proofRequirementsFor, ruleSetFor, ruleSets } from "./rules";
export type { FtaRuleSet, ProofRequirements } from "./rules/types";
export { productRulesFor } from "./product-rules";
export {
  checkProofRequest,
  decimalMillionths,
  proofTypeFor,
  proofTypeIds,
  proofTypes,
  proofTypesFor,
} from "./proof-types";
export type * from "./proof-types";
