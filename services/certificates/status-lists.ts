/**
 * Each certifier's Bitstring Status Lists: a new certificate gets an unused index (chosen at random, so a
 * list's bits do not betray the order of issue) in its certifier's list, and revoking it sets that bit, signs
 * the list credential again with the certifier's key and stores it in IPFS. The chain's revocation flag stays
 * the source of truth: a list is set from a revocation already on chain, never the other way round, and
 * setting a bit twice changes nothing, so a retried revocation cannot flip it back.
 *
 * Every version of a list is anchored on chain (its digest under a growing version number, signed by the
 * certifier) before it is served, so that a verifier can refuse an edited or an older list. Publishing is two
 * steps: the signed version is kept as pending, then anchored and published. A crash between them leaves the
 * pending version, which the next start ({@link healStatusLists}) or the list's next update anchors first; a
 * crash after the anchor but before publishing is seen from the chain's digest and just published.
 */
import { randomInt } from "node:crypto";
import type { Hex, Ledger } from "../chain/ledger";
import { hasCode } from "../errors";
import { putRecord } from "../records";
import type { DocumentStore } from "../ipfs";
import type { IndexDatabase } from "../read-model/database";
import type { ServiceDatabase } from "../service-db/database";
import {
  claimStatusEntry,
  entriesInList,
  findPendingStatusList,
  findStatusList,
  saveAnchoredStatusList,
  savePendingStatusList,
  statusEntryOf,
  unanchoredStatusLists,
} from "../service-db/status-lists";
import type { StoredStatusList } from "../service-db/status-lists";
import { signDocument } from "../credentials/data-integrity";
import {
  STATUS_LIST_BITS,
  bitAt,
  buildStatusListCredential,
  emptyBitstring,
  statusListEntry,
  withBitSet,
} from "../credentials/status-list";
import type { StatusListEntry } from "../credentials/status-list";
import type { CertifierKeyStore } from "./certifier-keys";
import { exclusive } from "./exclusive";

export interface StatusListDeps {
  serviceDb: ServiceDatabase;
  indexDb: IndexDatabase;
  store: Pick<DocumentStore, "put">;
  certifierKeys: Pick<CertifierKeyStore, "keyFor">;
  publicBaseUrl: string;
  ledger: Pick<Ledger, "anchorStatusList" | "statusListAnchor">;
}

/** Random picks before a list counts as too full and the next one is opened. */
const PICKS_PER_LIST = 64;

/** Where list `listId` ("<certifier id>/<number>") is published. */
export function statusListUrl(baseUrl: string, listId: string): string {
  const [certifierId, number] = listId.split("/");
  return `${baseUrl}/credentials/status/${encodeURIComponent(certifierId ?? "")}/${number ?? ""}`;
}

export const listIdOf = (certifierId: string, number: number) => `${certifierId}/${number}`;

const certifierOfList = (listId: string) => listId.slice(0, listId.lastIndexOf("/"));

/** Anchors `digest` as version `version`: signed by the certifier, or by the operator without its key here. */
async function anchorOnChain(
  deps: StatusListDeps,
  list: { listId: string; version: number; digest: Hex },
): Promise<void> {
  const params = { ...list, certifierId: certifierOfList(list.listId) };
  try {
    await deps.ledger.anchorStatusList(params);
  } catch (error) {
    if (!hasCode(error, "FORBIDDEN")) throw error;
    await deps.ledger.anchorStatusList({ ...params, asOperator: true });
  }
}

/**
 * Anchors a signed version (unless the chain holds its digest already: a crash after the anchor) and publishes
 * it. A chain that anchors a later version already (a data directory restored from a backup) gets this one
 * under the next version number: the digest, not the number, is what a verifier compares.
 */
async function anchorAndPublish(deps: StatusListDeps, list: StoredStatusList): Promise<void> {
  const onChain = await deps.ledger.statusListAnchor(list.listId);
  let version = list.version;
  if (onChain !== null && onChain.digest.toLowerCase() === list.digest.toLowerCase()) {
    version = onChain.version;
  } else {
    if (onChain !== null && onChain.version >= version) version = onChain.version + 1;
    await anchorOnChain(deps, { listId: list.listId, version, digest: list.digest as Hex });
  }
  saveAnchoredStatusList(deps.serviceDb, { ...list, version, anchored: true });
}

/** Finishes list `listId`'s version left unanchored (pending, or published before anchors), if any. */
async function healStatusList(deps: StatusListDeps, listId: string): Promise<boolean> {
  const pending = findPendingStatusList(deps.serviceDb, listId);
  if (pending) {
    await anchorAndPublish(deps, pending);
    return true;
  }
  const current = findStatusList(deps.serviceDb, listId);
  if (current && !current.anchored) {
    await anchorAndPublish(deps, current);
    return true;
  }
  return false;
}

/**
 * Anchors and publishes every list version a crash left unanchored; run at start. Returns the lists healed.
 *
 * @example
 * const healed = await healStatusLists(deps);
 */
export async function healStatusLists(deps: StatusListDeps): Promise<string[]> {
  const healed: string[] = [];
  for (const listId of unanchoredStatusLists(deps.serviceDb)) {
    const done = await exclusive(deps.indexDb, `status-list\n${certifierOfList(listId)}`, () =>
      healStatusList(deps, listId),
    );
    if (done) healed.push(listId);
  }
  return healed;
}

/**
 * Signs the list credential of `bits` as the list's next version, stores it in IPFS, keeps it as pending,
 * then anchors and publishes it.
 */
async function publish(
  deps: StatusListDeps,
  listId: string,
  certifierId: string,
  bits: Buffer,
  now: Date,
): Promise<void> {
  const version =
    Math.max(
      findStatusList(deps.serviceDb, listId)?.version ?? 0,
      findPendingStatusList(deps.serviceDb, listId)?.version ?? 0,
    ) + 1;
  const key = await deps.certifierKeys.keyFor(certifierId);
  const credential = await signDocument(
    buildStatusListCredential({
      listUrl: statusListUrl(deps.publicBaseUrl, listId),
      issuer: key.did,
      bits,
      validFrom: now,
    }),
    { privateKey: key.privateKey, verificationMethod: key.verificationMethod, created: now },
  );
  // In IPFS by digest: each version of the list stays retrievable and checkable beside the chain.
  const stored = await putRecord(deps.store, credential);
  const list: StoredStatusList = {
    listId,
    bits,
    credential: JSON.stringify(credential),
    digest: stored.digest,
    updatedAt: now.toISOString(),
    version,
    anchored: false,
  };
  savePendingStatusList(deps.serviceDb, list);
  await anchorAndPublish(deps, list);
}

/**
 * The status entry of certificate `certificateId` in its certifier's list: the index it holds already (a
 * retried issue), or a new one. Opens (signs and publishes, all zero) a list the first time it is needed.
 */
export async function allocateStatusEntry(
  deps: StatusListDeps,
  certifierId: string,
  certificateId: string,
  now: Date,
): Promise<StatusListEntry> {
  return exclusive(deps.indexDb, `status-list\n${certifierId}`, async () => {
    const held = statusEntryOf(deps.serviceDb, certificateId);
    if (held) return statusListEntry(statusListUrl(deps.publicBaseUrl, held.listId), held.index);
    for (let number = 1; ; number++) {
      const listId = listIdOf(certifierId, number);
      if (entriesInList(deps.serviceDb, listId) >= STATUS_LIST_BITS) continue;
      await healStatusList(deps, listId);
      if (!findStatusList(deps.serviceDb, listId))
        await publish(deps, listId, certifierId, emptyBitstring(), now);
      for (let pick = 0; pick < PICKS_PER_LIST; pick++) {
        const index = randomInt(STATUS_LIST_BITS);
        if (claimStatusEntry(deps.serviceDb, { certificateId, listId, index }))
          return statusListEntry(statusListUrl(deps.publicBaseUrl, listId), index);
      }
    }
  });
}

/**
 * Sets the revocation bit of certificate `certificateId`, once the chain holds its revocation, and publishes
 * the list again. A certificate without an entry (issued before the lists) is left alone: the chain answers
 * for it. Returns whether the bit is set now.
 */
export async function markRevokedInStatusList(
  deps: StatusListDeps,
  certificateId: string,
  now: Date,
): Promise<boolean> {
  const entry = statusEntryOf(deps.serviceDb, certificateId);
  if (!entry) return false;
  const certifierId = certifierOfList(entry.listId);
  return exclusive(deps.indexDb, `status-list\n${certifierId}`, async () => {
    // A version a crash left unanchored goes first: it may hold bits set before this one.
    await healStatusList(deps, entry.listId);
    const list = findStatusList(deps.serviceDb, entry.listId);
    const bits = list?.bits ?? emptyBitstring();
    if (bitAt(bits, entry.index)) return true;
    await publish(deps, entry.listId, certifierId, withBitSet(bits, entry.index), now);
    return true;
  });
}

/** The latest published (anchored) credential of list `listId`, or null when there is no such list. */
export function publishedStatusList(
  deps: Pick<StatusListDeps, "serviceDb">,
  listId: string,
): { credential: Record<string, unknown>; digest: string; version: number } | null {
  const list = findStatusList(deps.serviceDb, listId);
  return list
    ? {
        credential: JSON.parse(list.credential) as Record<string, unknown>,
        digest: list.digest,
        version: list.version,
      }
    : null;
}
