/**
 * The operator's actions on facilities and certifiers: registering a facility puts its metadata record in
 * IPFS and its digest, country and roles on chain, with its GS1 company prefixes, then issues its API key
 * (shown once). Suspending and reinstating go to the chain, which then refuses the facility's events.
 * Certifiers are identities on chain too: registered with a signing key the service keeps, and rotated (the
 * chain account and the credential-signing did:key together) without invalidating what they signed before.
 */
import type { Ledger } from "../chain/ledger";
import { DuplicateIdError, ForbiddenError, hasCode, NotFoundError } from "../errors/index";
import type { Principal } from "../service-db/api-keys";
import type { CertifierDid, CertifierKeyStore } from "../certificates/certifier-keys";
import type { IndexDatabase } from "../read-model/database";
import { findFacility } from "../read-model/queries";
import type { DocumentStore } from "../ipfs/index";
import type { ApiKeyRegistry } from "../service-db/api-keys";
import { certifierName, insertCertifier } from "../service-db/certifiers";
import type { ServiceDatabase } from "../service-db/database";
import { buildFacilityRecord, encodeRecord, putRecord, sha256Hex } from "../records/index";
import type { RegisterFacilityBody } from "../records/index";

/** A certifier as the operator registers it. */
export interface RegisterCertifierBody {
  id: string;
  name: string;
}

export interface FacilityRegistration {
  id: string;
  name: string;
  country: string;
  roles: RegisterFacilityBody["roles"];
  account: string;
  /** The GS1 company prefixes the chain holds for it. */
  gtinPrefixes: string[];
  metadataCid: string;
  txHash: string;
  blockNumber: number;
  /** The facility's API key, shown this once. */
  apiKey: string | null;
}

/** What the operator sends: the facility record's fields and, outside the record, its GS1 company prefixes. */
export type RegisterFacilityRequest = RegisterFacilityBody & { gtinPrefixes?: string[] | undefined };

export interface FacilityDeps {
  ledger: Pick<Ledger, "registerFacility" | "setFacilitySuspended" | "setGtinPrefixes" | "getGtinPrefixes">;
  store: Pick<DocumentStore, "put">;
  indexDb: IndexDatabase;
  keys: ApiKeyRegistry;
}

/**
 * Registers a facility and issues its API key. A facility already on chain with the same metadata but no key
 * (the service stopped between the two) gets its key now instead of a DUPLICATE_ID.
 *
 * @example
 * const { apiKey } = await registerFacility(deps, { id: "mill-a", name: "Mill A", country: "VN", roles: ["fabric"] });
 */
export async function registerFacility(
  deps: FacilityDeps,
  request: RegisterFacilityRequest,
): Promise<FacilityRegistration> {
  const { gtinPrefixes, ...body } = request;
  const registration = await registerFacilityRecord(deps, body);
  if (gtinPrefixes === undefined) return registration;
  // A retry after a crash between the two writes finds the facility registered and sets the prefixes now.
  await deps.ledger.setGtinPrefixes(body.id, gtinPrefixes);
  return { ...registration, gtinPrefixes: await deps.ledger.getGtinPrefixes(body.id) };
}

async function registerFacilityRecord(
  deps: FacilityDeps,
  body: RegisterFacilityBody,
): Promise<FacilityRegistration> {
  const record = buildFacilityRecord(body);
  const digest = sha256Hex(encodeRecord(record));
  const principal = { type: "facility", id: body.id } as const;

  const resume = (): FacilityRegistration | null => {
    const existing = findFacility(deps.indexDb, body.id);
    if (!existing || existing.metadataDigest !== digest || deps.keys.hasKey(principal)) return null;
    return {
      id: body.id,
      name: body.name,
      country: existing.country,
      roles: record.roles,
      account: existing.account,
      gtinPrefixes: [],
      metadataCid: existing.metadataCid,
      txHash: existing.txHash,
      blockNumber: existing.blockNumber,
      apiKey: deps.keys.issue(principal),
    };
  };

  if (findFacility(deps.indexDb, body.id)) {
    const resumed = resume();
    if (resumed) return resumed;
    throw new DuplicateIdError("Facility", body.id);
  }
  const stored = await putRecord(deps.store, record);
  let receipt: Awaited<ReturnType<FacilityDeps["ledger"]["registerFacility"]>>;
  try {
    receipt = await deps.ledger.registerFacility({
      facilityId: body.id,
      country: body.country,
      roles: record.roles,
      metadataDigest: stored.digest,
    });
  } catch (error) {
    if (hasCode(error, "DUPLICATE_ID")) {
      const resumed = resume();
      if (resumed) return resumed;
    }
    throw error;
  }
  return {
    id: body.id,
    name: body.name,
    country: body.country,
    roles: record.roles,
    account: receipt.account,
    gtinPrefixes: [],
    metadataCid: stored.cid,
    txHash: receipt.txHash,
    blockNumber: receipt.blockNumber,
    apiKey: deps.keys.issue(principal),
  };
}

/** Suspends (or reinstates) a registered facility on chain. */
export async function setFacilitySuspended(
  deps: Pick<FacilityDeps, "ledger" | "indexDb">,
  facilityId: string,
  suspended: boolean,
): Promise<{ id: string; suspended: boolean; txHash: string; blockNumber: number }> {
  if (!findFacility(deps.indexDb, facilityId)) throw new NotFoundError("Facility", facilityId);
  const receipt = await deps.ledger.setFacilitySuspended(facilityId, suspended);
  return { id: facilityId, suspended, txHash: receipt.txHash, blockNumber: receipt.blockNumber };
}

/** Issues a new API key for a registered facility, revoking its earlier ones (a lost key is replaced this way). */
export function reissueFacilityKey(
  deps: Pick<FacilityDeps, "indexDb" | "keys">,
  facilityId: string,
): { id: string; apiKey: string } {
  if (!findFacility(deps.indexDb, facilityId)) throw new NotFoundError("Facility", facilityId);
  return { id: facilityId, apiKey: deps.keys.issue({ type: "facility", id: facilityId }) };
}

/**
 * Replaces a facility's GS1 company prefixes on chain (the operator's word on which GTINs it may sew under).
 * Batches sewn earlier stay as recorded.
 */
export async function setFacilityGtinPrefixes(
  deps: Pick<FacilityDeps, "ledger" | "indexDb">,
  facilityId: string,
  prefixes: readonly string[],
): Promise<{ id: string; gtinPrefixes: string[]; txHash: string; blockNumber: number }> {
  if (!findFacility(deps.indexDb, facilityId)) throw new NotFoundError("Facility", facilityId);
  const receipt = await deps.ledger.setGtinPrefixes(facilityId, prefixes);
  return {
    id: facilityId,
    gtinPrefixes: await deps.ledger.getGtinPrefixes(facilityId),
    txHash: receipt.txHash,
    blockNumber: receipt.blockNumber,
  };
}

export interface CertifierDeps {
  serviceDb: ServiceDatabase;
  keys: ApiKeyRegistry;
  ledger: Pick<Ledger, "registerCertifier" | "rotateCertifierAccount" | "getCertifier">;
  certifierKeys: CertifierKeyStore;
}

/**
 * Registers a certifier (a compliance officer or issuing body): on chain with its own signing key, which the
 * service keeps in its keystore and signs the certifier's anchors and revocations with; then in the register of
 * names, and issues its API key. A certifier on chain whose registration did not finish (the service stopped
 * in between) is finished now instead of a DUPLICATE_ID.
 */
export async function registerCertifier(
  deps: CertifierDeps,
  body: RegisterCertifierBody,
): Promise<{ id: string; name: string; account: string; apiKey: string }> {
  const principal = { type: "certifier", id: body.id } as const;
  const known = certifierName(deps.serviceDb, body.id);
  if (known !== null && deps.keys.hasKey(principal)) throw new DuplicateIdError("Certifier", body.id);
  let account: string;
  try {
    account = (await deps.ledger.registerCertifier(body.id)).account;
  } catch (error) {
    const onChain = hasCode(error, "DUPLICATE_ID") ? await deps.ledger.getCertifier(body.id) : null;
    if (onChain === null || (known !== null && deps.keys.hasKey(principal))) throw error;
    account = onChain.account;
  }
  insertCertifier(deps.serviceDb, { id: body.id, name: body.name, createdAt: new Date().toISOString() });
  return {
    id: body.id,
    name: certifierName(deps.serviceDb, body.id) ?? body.name,
    account,
    apiKey: deps.keys.issue(principal),
  };
}

export interface CertifierKeyRotation {
  id: string;
  /** The chain account that signs the certifier's anchors and revocations from now on, and the one before. */
  account: string;
  previousAccount: string;
  /** The did:key that signs its credentials from now on, and the one before (still verifying what it signed). */
  did: string;
  previousDid: string;
  rotatedBy: "operator" | "certifier";
  txHash: string;
  blockNumber: number;
}

/**
 * Rotates a certifier's keys: its chain account (by the operator's authority, or by the certifier's own
 * signature with its current key) and its credential-signing did:key. Certificates signed before stay valid:
 * the chain keeps naming the certifier for its old account, and an old did:key still verifies what it signed.
 *
 * @example
 * await rotateCertifierKeys(deps, { type: "operator", id: "operator" }, "vcci-hcm");
 */
export async function rotateCertifierKeys(
  deps: CertifierDeps,
  principal: Principal,
  certifierId: string,
  now: Date = new Date(),
): Promise<CertifierKeyRotation> {
  const by = principal.type === "operator" ? "operator" : "certifier";
  if (principal.type === "facility" || (principal.type === "certifier" && principal.id !== certifierId))
    throw new ForbiddenError("Only the operator or the certifier itself may rotate a certifier's keys");
  if (certifierName(deps.serviceDb, certifierId) === null) throw new NotFoundError("Certifier", certifierId);
  const chain = await deps.ledger.rotateCertifierAccount({ certifierId, by });
  const dids = await deps.certifierKeys.rotate(certifierId, now);
  return {
    id: certifierId,
    account: chain.account,
    previousAccount: chain.previousAccount,
    did: dids.current.did,
    previousDid: dids.previous.did,
    rotatedBy: by,
    txHash: chain.txHash,
    blockNumber: chain.blockNumber,
  };
}

/** A certifier as anyone may read it: its chain account now, and every did:key it signs or signed with. */
export async function describeCertifier(
  deps: Pick<CertifierDeps, "serviceDb" | "ledger" | "certifierKeys">,
  certifierId: string,
): Promise<{ id: string; name: string; account: string | null; keys: CertifierDid[] }> {
  const name = certifierName(deps.serviceDb, certifierId);
  if (name === null) throw new NotFoundError("Certifier", certifierId);
  const onChain = await deps.ledger.getCertifier(certifierId);
  return {
    id: certifierId,
    name,
    account: onChain?.account ?? null,
    keys: await deps.certifierKeys.historyOf(certifierId),
  };
}
