/**
 * Each certifier's Bitstring Status Lists: a new certificate gets an unused index (chosen at random, so a
 * list's bits do not betray the order of issue) in its certifier's list, and revoking it sets that bit, signs
 * the list credential again with the certifier's key and stores it in IPFS. The chain's revocation flag stays
 * the source of truth: a list is set from a revocation already on chain, never the other way round, and
 * setting a bit twice changes nothing, so a retried revocation cannot flip it back.
 */
import { randomInt } from "node:crypto";
import { putRecord } from "../records";
import type { DocumentStore } from "../ipfs";
import type { IndexDatabase } from "../read-model/database";
import type { ServiceDatabase } from "../service-db/database";
import {
  claimStatusEntry,
  entriesInList,
  findStatusList,
  saveStatusList,
  statusEntryOf,
} from "../service-db/status-lists";
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
}

/** Random picks before a list counts as too full and the next one is opened. */
const PICKS_PER_LIST = 64;

/** Where list `listId` ("<certifier id>/<number>") is published. */
export function statusListUrl(baseUrl: string, listId: string): string {
  const [certifierId, number] = listId.split("/");
  return `${baseUrl}/credentials/status/${encodeURIComponent(certifierId ?? "")}/${number ?? ""}`;
}

export const listIdOf = (certifierId: string, number: number) => `${certifierId}/${number}`;

/** Signs the list credential of `bits`, stores it in IPFS and keeps it (with its digest) as the list's latest. */
async function publish(
  deps: StatusListDeps,
  listId: string,
  certifierId: string,
  bits: Buffer,
  now: Date,
): Promise<void> {
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
  saveStatusList(deps.serviceDb, {
    listId,
    bits,
    credential: JSON.stringify(credential),
    digest: stored.digest,
    updatedAt: now.toISOString(),
  });
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
  const certifierId = entry.listId.slice(0, entry.listId.lastIndexOf("/"));
  return exclusive(deps.indexDb, `status-list\n${certifierId}`, async () => {
    const list = findStatusList(deps.serviceDb, entry.listId);
    const bits = list?.bits ?? emptyBitstring();
    if (bitAt(bits, entry.index)) return true;
    await publish(deps, entry.listId, certifierId, withBitSet(bits, entry.index), now);
    return true;
  });
}

/** The latest signed credential of list `listId`, or null when there is no such list. */
export function publishedStatusList(
  deps: Pick<StatusListDeps, "serviceDb">,
  listId: string,
): { credential: Record<string, unknown>; digest: string } | null {
  const list = findStatusList(deps.serviceDb, listId);
  return list
    ? { credential: JSON.parse(list.credential) as Record<string, unknown>, digest: list.digest }
    : null;
}
