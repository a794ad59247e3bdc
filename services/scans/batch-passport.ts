/**
 * The signed Digital Product Passport of a garment batch (`/01/{gtin}/10/{lot}`): built from the batch's
 * CHECKED provenance — the lots as the chain and their hash-checked records give them (verifyBatch), never
 * the read model unchecked — and signed eddsa-jcs-2022 by the programme's did:web key.
 *
 * Signed on request, not when the batch is recorded: a passport states the certificates' status (issued,
 * revoked, expired) and the verification verdict, which change after the batch is recorded, so one signed at
 * recording would go stale. The work is the verification the batch page does anyway, plus one JCS
 * canonicalisation of the content for its digest; signing (JCS again, SHA-256, Ed25519: about 6 ms for a 50 kB
 * passport of 60 steps on this machine) runs only when the content changed. Signed passports are kept by the
 * SHA-256 of their unsigned content: the same content is signed once and answered with the same bytes (a stable
 * ETag) until something it states changes.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { deriveOriginFacts } from "../assessments/derive-facts";
import { signDocument } from "../credentials/data-integrity";
import { programmeDid } from "../credentials/did-web";
import { buildProductPassport } from "../credentials/product-passport";
import type { PassportMaterial, PassportParty, PassportStep } from "../credentials/product-passport";
import { UnavailableError } from "../errors/index";
import { normalizeGtin } from "../garments/digital-link";
import { verifyBatch } from "../provenance/index";
import type { BatchVerification, ProvenanceDeps } from "../provenance/index";
import { createContentCache } from "../provenance/content-cache";
import type { ContentCache } from "../provenance/content-cache";
import type { FacilitySummary, LotView } from "../read-model/queries";
import { batchEventsQueryUrl, lotEpcisUrl } from "./epcis-links";
import type { ProgrammeKeyStore } from "./programme-key";

/** The programme's name as the passports' issuer. */
export const PROGRAMME_NAME = "threadproof garment provenance programme";

export interface SignedPassport {
  credential: Record<string, unknown> & { proof: unknown };
  /** SHA-256 (hex) of the unsigned content. */
  contentDigest: string;
}

export interface BatchPassportDeps {
  provenance: ProvenanceDeps;
  programmeKeys: ProgrammeKeyStore;
  publicBaseUrl: string;
  /** The page of a certificate (same-site path or absolute URL). */
  certificateUrl: (id: string) => string;
  /** Signed passports by content digest (bounded). */
  signed: ContentCache<SignedPassport>;
}

/** A cache for {@link BatchPassportDeps.signed}: a few hundred passports, each a few kilobytes. */
export const createSignedPassportCache = (): ContentCache<SignedPassport> => createContentCache(500);

/** The stable URL of the passport of batch `lot` of `gtin`. */
export function batchPassportUrl(baseUrl: string, gtin: string, lot: string): string {
  return new URL(`/api/v1/passports/${gtin}/${encodeURIComponent(lot)}`, baseUrl).href;
}

/** The programme key's verification method under the programme's did:web. */
export async function programmeVerificationMethod(
  deps: Pick<BatchPassportDeps, "programmeKeys" | "publicBaseUrl">,
) {
  const key = await deps.programmeKeys.key();
  return { key, verificationMethod: `${programmeDid(deps.publicBaseUrl)}#${key.publicKeyMultibase}` };
}

type FoundBatch = Extract<BatchVerification, { found: true }>;

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const facilityUrl = (baseUrl: string, id: string) =>
  new URL(`/facilities/${encodeURIComponent(id)}`, baseUrl).href;

function partyOf(baseUrl: string, facility: FacilitySummary): PassportParty {
  const id = facility.id ?? "";
  return {
    id: facilityUrl(baseUrl, id),
    name: facility.name ?? id,
    registeredId: id,
    ...(facility.country ? { country: facility.country } : {}),
  };
}

interface Fibre {
  fibre?: unknown;
  percent?: unknown;
}

/**
 * The materials of one garment: every fibre of every fabric lot reached upstream and every trim, with each one's
 * kilograms per garment apportioned by the quantities consumed on the way (the same apportioning the origin
 * facts use) and its share of the garment's mass when every material's weight was recorded.
 */
function materialsOf(result: FoundBatch): PassportMaterial[] {
  const byId = new Map(result.nodes.map((lot) => [lot.id, lot]));
  const upstream = [result.batch, ...result.nodes.filter((lot) => lot.id !== result.batch.id)];
  const { facts, subject } = deriveOriginFacts(
    { subject: result.batch.id, nodes: upstream, edges: [] },
    // The agreement plays no part in the materials and their weights.
    { fta: "EVFTA" },
  );
  const materials: PassportMaterial[] = [];
  const all = facts.materials ?? [];
  subject.fabricLots.forEach((fabricLot, index) => {
    const lot = byId.get(fabricLot.lotId);
    const material = all[index];
    const fabric = lot?.fabric;
    if (!lot || !material || !fabric) return;
    const formation = fabric.stages.find((stage) => stage.stage === "fabric-formation");
    const originCountry = formation?.country ?? fabric.supplier.country ?? undefined;
    const fibres = (fabric.composition as Fibre[]).filter(
      (part): part is { fibre: string; percent: number } =>
        typeof part?.fibre === "string" && typeof part.percent === "number",
    );
    for (const { fibre, percent } of fibres.length
      ? fibres
      : [{ fibre: lot.description ?? lot.id, percent: 100 }]) {
      materials.push({
        name: fibre,
        ...(originCountry ? { originCountry } : {}),
        ...(material.weightKg !== undefined ? { massKg: round((material.weightKg * percent) / 100, 6) } : {}),
        source: { kind: "fabric", lotId: lot.id, role: fabricLot.role, description: lot.description },
        productionStages: fabric.stages,
      });
    }
  });
  for (const [offset, trim] of (result.batch.sewing?.trims ?? []).entries()) {
    const material = all[subject.fabricLots.length + offset];
    materials.push({
      name: trim.description,
      ...(trim.originCountry ? { originCountry: trim.originCountry } : {}),
      ...(material?.weightKg !== undefined ? { massKg: material.weightKg } : {}),
      source: { kind: "trim", lotId: result.batch.id, role: trim.role, description: trim.description },
      ...(trim.stages.length
        ? { productionStages: trim.stages.map(({ stage, country }) => ({ stage, country })) }
        : {}),
    });
  }
  const total = materials.reduce((sum, material) => sum + (material.massKg ?? 0), 0);
  // A share of the mass means something only when every part of the mass is known.
  if (total > 0 && materials.every((material) => material.massKg !== undefined))
    for (const material of materials) material.massFraction = round(material.massKg! / total, 4);
  return materials;
}

function stepsOf(baseUrl: string, result: FoundBatch, gtin: string): PassportStep[] {
  return result.nodes.map((lot: LotView) => {
    const checks = result.lots.get(lot.id)?.checks ?? [];
    const passed = checks.filter((check) => check.status === "passed").length;
    return {
      lotId: lot.id,
      operation: lot.operation,
      facility: partyOf(baseUrl, lot.recordedBy),
      occurredAt: lot.occurredAt,
      recordedAt: lot.recordedAt,
      record: {
        url: new URL(`/ipfs/${lot.record.cid}`, baseUrl).href,
        sha256: lot.record.digest.replace(/^0x/, "").toLowerCase(),
      },
      transaction: lot.chain.txHash,
      epcis: [
        { url: lotEpcisUrl(baseUrl, lot.id), name: `EPCIS document of the provenance of ${lot.id}` },
        ...(lot.id === result.batch.id
          ? [
              {
                url: batchEventsQueryUrl(baseUrl, gtin, lot.id),
                name: `EPCIS events captured for batch ${lot.id}`,
              },
            ]
          : []),
      ],
      verifiedRatio: checks.length ? round(passed / checks.length, 4) : 0,
    };
  });
}

/** The unsigned passport of a verified batch. */
export function unsignedBatchPassport(
  deps: Pick<BatchPassportDeps, "publicBaseUrl" | "certificateUrl">,
  result: FoundBatch,
  params: { gtin: string; issuerDid: string },
): Record<string, unknown> {
  const base = deps.publicBaseUrl;
  const { batch } = result;
  const lot = batch.id;
  const product = batch.sewing?.product;
  const name = product?.description ?? batch.description ?? lot;
  const digitalLink = new URL(`/01/${params.gtin}/10/${encodeURIComponent(lot)}`, base).href;
  const styles = [
    ...new Set(result.nodes.flatMap((node) => (node.cutting?.style ? [node.cutting.style] : []))),
  ];
  const validFrom = result.nodes.reduce(
    (latest, node) => (node.recordedAt > latest ? node.recordedAt : latest),
    batch.recordedAt,
  );
  return buildProductPassport({
    id: batchPassportUrl(base, params.gtin, lot),
    baseUrl: base,
    issuer: { did: params.issuerDid, name: PROGRAMME_NAME },
    validFrom,
    product: {
      gtin: params.gtin,
      lot,
      name,
      digitalLink,
      pageUrl: digitalLink,
      hsCode: product?.hsCode ?? null,
      styles,
      garmentCount: batch.sewing?.garmentCount ?? null,
      producedAt: partyOf(base, batch.recordedBy),
      productionDate: batch.occurredAt,
    },
    materials: materialsOf(result),
    steps: stepsOf(base, result, params.gtin),
    claims: result.certificates.map((certificate) => ({
      id: new URL(`/api/v1/origin/certificates/${encodeURIComponent(certificate.id)}`, base).href,
      certificateId: certificate.id,
      name: `${certificate.fta} origin certificate ${certificate.id}`,
      pageUrl: new URL(deps.certificateUrl(certificate.id), base).href,
      sha256: certificate.digest.replace(/^0x/, "").toLowerCase(),
      status: certificate.status,
      conformance: certificate.status === "valid" && certificate.verified === "passed",
      issuedAt: certificate.issuedAt,
    })),
    verification: {
      url: new URL(`/api/v1/provenance/${encodeURIComponent(lot)}`, base).href,
      verdict: result.verdict,
    },
  });
}

export type BatchPassport =
  { found: false } | ({ found: true; verdict: FoundBatch["verdict"] } & SignedPassport);

/**
 * The signed passport of batch `lot` of `gtin`, or `found: false`. UNAVAILABLE when a record of the batch
 * could not be read and checked now: the programme signs no passport with steps left blank.
 *
 * @example
 * const passport = await batchPassport(deps, { gtin: "08938505974019", lot: "SEW-0001" });
 * if (passport.found) response.type("application/vc+ld+json").json(passport.credential);
 */
export async function batchPassport(
  deps: BatchPassportDeps,
  params: { gtin: string; lot: string },
): Promise<BatchPassport> {
  const result = await verifyBatch(deps.provenance, params);
  if (!result.found) return { found: false };
  const unread = result.nodes.filter((lot) => !lot.record.available).map((lot) => lot.id);
  if (unread.length)
    throw new UnavailableError("A record of the batch cannot be read and checked now", {
      details: { lotIds: unread.slice(0, 20) },
    });
  const { key, verificationMethod } = await programmeVerificationMethod(deps);
  const gtin = normalizeGtin(params.gtin);
  const unsigned = unsignedBatchPassport(deps, result, { gtin, issuerDid: programmeDid(deps.publicBaseUrl) });
  const contentDigest = createHash("sha256").update(canonicalize(unsigned)!, "utf8").digest("hex");
  let signed = deps.signed.get(contentDigest);
  if (!signed) {
    const credential = await signDocument(unsigned, { privateKey: key.privateKey, verificationMethod });
    signed = { credential, contentDigest };
    deps.signed.set(contentDigest, signed);
  }
  return { found: true, verdict: result.verdict, ...signed };
}
