/**
 * The credentials' public surroundings: the JSON-LD context of threadproof's own terms, and (below) the
 * status lists, DID documents and the verifier that outside tools use to check threadproof's credentials.
 */
import { z } from "zod";
import { JSON_LD_MEDIA_TYPE, THREADPROOF_CONTEXT_PATH, threadproofContext } from "../../credentials/contexts";
import { listIdOf, publishedStatusList } from "../../certificates/status-lists";
import { certifierDidWeb, didDocument, programmeDid } from "../../credentials/did-web";
import { verifyCredentialHere, verifyPresentationHere } from "../../certificates/credential-verifier";
import { MAX_PRESENTED_CREDENTIALS } from "../../credentials/verifier/verify-presentation";
import { MAX_JWT_LENGTH } from "../../credentials/jose";
import { NotFoundError, PayloadTooLargeError } from "../../errors";
import { certifierName } from "../../service-db/certifiers";
import type { RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import { jsonAnswer } from "./answers";

const StatusListParams = z.object({
  certifierId: IdSchema,
  number: z.string().regex(/^[1-9][0-9]{0,5}$/, "a list number (1, 2, ...)"),
});
const DID_MEDIA_TYPE = "application/did+json";
const DidDocumentSchema = z
  .object({
    id: z.string(),
    verificationMethod: z.array(
      z.object({ id: z.string(), type: z.string(), controller: z.string(), publicKeyMultibase: z.string() }),
    ),
    assertionMethod: z.array(z.string()),
  })
  .loose();
const CertifierParams = z.object({ id: IdSchema });

const StatusListCredentialSchema = z
  .object({
    id: z.string(),
    type: z.array(z.string()),
    issuer: z.string(),
    validFrom: z.string(),
    credentialSubject: z.object({
      id: z.string(),
      type: z.literal("BitstringStatusList"),
      statusPurpose: z.literal("revocation"),
      encodedList: z.string(),
    }),
    proof: z.record(z.string(), z.unknown()),
  })
  .loose();

/** The verifier reads at most this much JSON (below the service's JSON body limit): its work stays bounded. */
export const VERIFY_BODY_LIMIT_BYTES = 128 * 1024;

const VerifyCredentialBody = z
  .object({
    verifiableCredential: z.union([
      z
        .string()
        .min(1)
        .max(MAX_JWT_LENGTH)
        .meta({ description: "A VC-JOSE-COSE compact JWS (application/vc+jwt)" }),
      z
        .record(z.string(), z.unknown())
        .meta({ description: "A VC 2.0 credential (Data Integrity), or an EnvelopedVerifiableCredential" }),
    ]),
    options: z.object({}).strict().optional(),
  })
  .strict();

const CheckLineSchema = z.object({
  check: z.enum(["data-model", "json-ld", "proof", "issuer-key", "status", "validity"]),
  status: z.enum(["valid", "invalid", "unverified"]),
  detail: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
const ProblemDetailSchema = z.object({ type: z.string(), title: z.string(), detail: z.string() });
const VerificationAnswerSchema = z.object({
  verified: z.boolean(),
  securedBy: z.enum(["data-integrity", "jose", "none"]),
  checks: z.array(CheckLineSchema),
  warnings: z.array(ProblemDetailSchema),
  errors: z.array(ProblemDetailSchema),
});

const VerifyPresentationBody = z
  .object({
    verifiablePresentation: z
      .record(z.string(), z.unknown())
      .superRefine((presentation, refinement) => {
        const credentials = presentation.verifiableCredential;
        if (Array.isArray(credentials) && credentials.length > MAX_PRESENTED_CREDENTIALS)
          refinement.addIssue({
            code: "custom",
            path: ["verifiableCredential"],
            message: `at most ${MAX_PRESENTED_CREDENTIALS} credentials are verified in one presentation`,
          });
      })
      .meta({ description: "A VC 2.0 VerifiablePresentation holding credentials, with or without a proof" }),
    options: z
      .object({
        challenge: z.string().min(1).max(256).optional(),
        domain: z.string().min(1).max(256).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const PresentationAnswerSchema = z.object({
  verified: z.boolean(),
  proof: z.enum(["present", "absent"]),
  checks: z.array(CheckLineSchema.extend({ check: z.enum(["data-model", "json-ld", "proof"]) })),
  credentialResults: z.array(VerificationAnswerSchema),
  warnings: z.array(ProblemDetailSchema),
  errors: z.array(ProblemDetailSchema),
});

/** Refuses a body beyond the verifier's bound, by its declared and its parsed size. */
function boundVerifyBody(request: { headers: Record<string, unknown>; body?: unknown }): void {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (
    declared > VERIFY_BODY_LIMIT_BYTES ||
    JSON.stringify(request.body ?? null).length > VERIFY_BODY_LIMIT_BYTES
  )
    throw new PayloadTooLargeError(VERIFY_BODY_LIMIT_BYTES);
}

const JsonLdContextSchema = z.object({ "@context": z.record(z.string(), z.unknown()) });

export const credentialRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: THREADPROOF_CONTEXT_PATH,
      operationId: "getThreadproofContext",
      summary: "The JSON-LD context of threadproof's own credential terms",
      access: "open",
      answers: { 200: jsonAnswer("The context", JsonLdContextSchema, JSON_LD_MEDIA_TYPE) },
      handle: (_request, response, context) => {
        response
          .type(JSON_LD_MEDIA_TYPE)
          .set("Cache-Control", "public, max-age=86400")
          .json(threadproofContext(context.publicBaseUrl));
      },
    },
    {
      method: "get",
      path: "/.well-known/did.json",
      operationId: "getProgrammeDidDocument",
      summary: "The programme's did:web DID document",
      access: "public",
      answers: { 200: jsonAnswer("The DID document", DidDocumentSchema, DID_MEDIA_TYPE) },
      handle: async (_request, response, context) => {
        // The programme's key signs the product passports (services/scans/programme-key.ts).
        const { didKey } = await context.passports.programmeKeys.key();
        response.type(DID_MEDIA_TYPE).json(didDocument(programmeDid(context.publicBaseUrl), [didKey]));
      },
    },
    {
      method: "get",
      path: "/certifiers/:id/did.json",
      operationId: "getCertifierDidDocument",
      summary: "A certifier's did:web DID document: every Ed25519 key it signs or signed with",
      access: "public",
      request: { params: CertifierParams },
      answers: { 200: jsonAnswer("The DID document", DidDocumentSchema, DID_MEDIA_TYPE) },
      errors: ["NOT_FOUND", "VALIDATION_FAILED"],
      handle: async (request, response, context) => {
        const { id } = parseWith(CertifierParams, request.params);
        if (certifierName(context.serviceDb, id) === null) throw new NotFoundError("Certifier", id);
        const didKeys = (await context.certificates.certifierKeys.historyOf(id)).map((key) => key.did);
        response
          .type(DID_MEDIA_TYPE)
          .set("Cache-Control", "no-cache")
          .json(didDocument(certifierDidWeb(context.publicBaseUrl, id), didKeys));
      },
    },
    {
      method: "get",
      path: "/credentials/status/:certifierId/:number",
      operationId: "getStatusListCredential",
      summary: "A certifier's Bitstring Status List credential (revocation), signed eddsa-jcs-2022",
      description:
        "Updated within the revoke request. The chain anchor stays the source of truth; `ETag` is the list credential's SHA-256 as stored in IPFS.",
      access: "public",
      request: { params: StatusListParams },
      answers: {
        200: jsonAnswer("The list credential", StatusListCredentialSchema, "application/vc+ld+json"),
      },
      errors: ["NOT_FOUND", "VALIDATION_FAILED"],
      handle: (request, response, context) => {
        const { certifierId, number } = parseWith(StatusListParams, request.params);
        const listId = listIdOf(certifierId, Number(number));
        const list = publishedStatusList(context.certificates, listId);
        if (!list) throw new NotFoundError("Status list", listId);
        response
          .type("application/vc+ld+json")
          .set("Cache-Control", "no-cache")
          .set("ETag", `"${list.digest}"`)
          .json(list.credential);
      },
    },
    {
      method: "post",
      path: "/credentials/verify",
      operationId: "verifyCredential",
      summary: "Verify any VC 2.0 credential, offline (W3C VC API)",
      description:
        "Takes `{ verifiableCredential, options? }`: a credential secured with an eddsa-jcs-2022 Data Integrity proof, an `EnvelopedVerifiableCredential` whose `data:application/vc+jwt,` URL holds a VC-JOSE-COSE compact JWS, or that JWS as a string. Answers 200 with one line per check (`data-model`, `json-ld`, `proof`, `issuer-key`, `status`, `validity`), each `valid`, `invalid` or `unverified`; `verified` when no line is invalid and every line but `json-ld` is valid (JSON-LD processing is optional for a verifier; an unknown context is a warning). Nothing is fetched: did:key keys always resolve, did:web only for this service's own host; this service's status lists and chain anchors are read locally, any other status is `unverified`. At most 128 KiB of JSON.",
      access: "public",
      request: { body: VerifyCredentialBody },
      answers: { 200: jsonAnswer("The checks", VerificationAnswerSchema) },
      errors: ["VALIDATION_FAILED", "PAYLOAD_TOO_LARGE"],
      handle: async (request, response, context) => {
        boundVerifyBody(request);
        const { verifiableCredential } = parseWith(VerifyCredentialBody, request.body);
        // The programme's did:web (the batch passports' issuer) resolves here too, from its kept key.
        const deps = {
          ...context.certificates,
          programmeDidKeys: async () => [(await context.passports.programmeKeys.key()).didKey],
        };
        response.json(await verifyCredentialHere(deps, verifiableCredential));
      },
    },
    {
      method: "post",
      path: "/presentations/verify",
      operationId: "verifyPresentation",
      summary: "Verify a VC 2.0 verifiable presentation and each credential in it, offline (W3C VC API)",
      description: `Takes \`{ verifiablePresentation, options? }\`: a \`VerifiablePresentation\` holding up to ${MAX_PRESENTED_CREDENTIALS} credentials (Data Integrity, or \`EnvelopedVerifiableCredential\`s), with or without a proof. Answers 200 with the presentation's own lines (\`data-model\`, \`json-ld\`, \`proof\`: an eddsa-jcs-2022 proof for the \`authentication\` purpose by the presentation's holder, carrying \`options.challenge\` and \`options.domain\` when given) and, in \`credentialResults\`, each credential's answer exactly as \`POST /credentials/verify\` gives it. \`proof\` says whether the presentation is signed; an unsigned one can still verify (its credentials do), with a warning that its holder is not authenticated, but cannot meet a challenge. Nothing is fetched. At most 128 KiB of JSON.`,
      access: "public",
      request: { body: VerifyPresentationBody },
      answers: { 200: jsonAnswer("The checks", PresentationAnswerSchema) },
      errors: ["VALIDATION_FAILED", "PAYLOAD_TOO_LARGE"],
      handle: async (request, response, context) => {
        boundVerifyBody(request);
        const { verifiablePresentation, options } = parseWith(VerifyPresentationBody, request.body);
        const deps = {
          ...context.certificates,
          programmeDidKeys: async () => [(await context.passports.programmeKeys.key()).didKey],
        };
        response.json(await verifyPresentationHere(deps, verifiablePresentation, options ?? {}));
      },
    },
  ],
};
