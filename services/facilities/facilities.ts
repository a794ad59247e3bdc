/**
 * The operator's actions on facilities and certifiers: registering a facility puts its metadata record in
 * IPFS and its digest, country and roles on chain, then issues its API key (shown once). Suspending and
 * reinstating go to the chain, which then refuses the facility's events.
 */
import type { Ledger } from "../chain/ledger";
import { DuplicateIdError, hasCode, NotFoundError } from "../errors/index";
import type { IndexDatabase } from "../read-model/database";
import { findFacility } from "../read-model/queries";
import type { DocumentStore } from "../ipfs/index";
import type { ApiKeyRegistry } from "../service-db/api-keys";
import { insertCertifier } from "../service-db/certifiers";
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
  metadataCid: string;
  txHash: string;
  blockNumber: number;
  /** The facility's API key, shown this once. */
  apiKey: string | null;
}

export interface FacilityDeps {
  ledger: Pick<Ledger, "registerFacility" | "setFacilitySuspended">;
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

/** Registers a certifier (a compliance officer or issuing body) and issues its API key. */
export function registerCertifier(
  deps: { serviceDb: ServiceDatabase; keys: ApiKeyRegistry },
  body: RegisterCertifierBody,
): { id: string; name: string; apiKey: string } {
  const inserted = insertCertifier(deps.serviceDb, {
    id: body.id,
    name: body.name,
    createdAt: new Date().toISOString(),
  });
  if (!inserted) throw new DuplicateIdError("Certifier", body.id);
  return { id: body.id, name: body.name, apiKey: deps.keys.issue({ type: "certifier", id: body.id }) };
}
