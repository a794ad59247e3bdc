/** Decoding the contract's logs into {@link LedgerEvent}s, the only input of the read model. */
import type { EventFragment, Interface, Result } from "ethers";
import {
  codeFromBytes32,
  countryFromBytes2,
  fromChainAmount,
  gtinFromChain,
  gtinPrefixFromChain,
  lotKindFromIndex,
  operationKindFromIndex,
  rolesFromBits,
  unitFromIndex,
  ZERO_HASH,
} from "./encoding";
import type { Hex, LedgerEvent } from "./ledger";

/** A log as JSON-RPC returns it. */
export interface Log {
  address: string;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  /** Given by nodes in logs and receipts (an archived log may lack it). */
  blockHash?: Hex;
  transactionHash: Hex;
  logIndex: Hex;
}

type Where = Pick<LedgerEvent, "blockNumber" | "blockTimestamp" | "txHash" | "logIndex">;

const fragmentsByTopic = new WeakMap<Interface, Map<string, EventFragment>>();

/** ethers' parseLog recomputes every event's topic hash per log; ingest decodes thousands a second. */
function parseLog(iface: Interface, log: Log): { name: string; args: Result } | null {
  let fragments = fragmentsByTopic.get(iface);
  if (fragments === undefined) {
    fragments = new Map();
    iface.forEachEvent((fragment) => fragments?.set(fragment.topicHash, fragment));
    fragmentsByTopic.set(iface, fragments);
  }
  const fragment = log.topics[0] === undefined ? undefined : fragments.get(log.topics[0]);
  if (fragment === undefined) return null;
  return { name: fragment.name, args: iface.decodeEventLog(fragment, log.data, log.topics) };
}

/** Decodes one log; logs of other contracts or unknown events give null. */
export function decodeLog(iface: Interface, log: Log, blockTimestamp: number): LedgerEvent | null {
  const parsed = parseLog(iface, log);
  if (parsed === null) return null;
  const where: Where = {
    blockNumber: Number(BigInt(log.blockNumber)),
    blockTimestamp: new Date(blockTimestamp * 1000),
    txHash: log.transactionHash,
    logIndex: Number(BigInt(log.logIndex)),
  };
  const a = parsed.args;
  switch (parsed.name) {
    case "FacilityRegistered":
      return {
        ...where,
        name: "FacilityRegistered",
        facilityKey: a.facilityId,
        account: a.account,
        country: countryFromBytes2(a.country),
        roles: rolesFromBits(a.roles),
        metadataDigest: a.metadataDigest,
      };
    case "FacilitySuspensionChanged":
      return {
        ...where,
        name: "FacilitySuspensionChanged",
        facilityKey: a.facilityId,
        suspended: a.suspended,
      };
    case "LotRecorded": {
      const kind = lotKindFromIndex(a.kind);
      if (kind === null) return null;
      return {
        ...where,
        name: "LotRecorded",
        lotKey: a.lotId,
        facilityKey: a.facilityId,
        operation: operationKindFromIndex(a.operation),
        kind,
        unit: unitFromIndex(a.unit),
        quantity: fromChainAmount(a.quantity),
        recordDigest: a.recordDigest,
      };
    }
    case "LotConsumed":
      return {
        ...where,
        name: "LotConsumed",
        lotKey: a.lotId,
        intoLotKey: a.intoLotId,
        quantity: fromChainAmount(a.quantity),
        remaining: fromChainAmount(a.remaining),
      };
    case "EventsCommitted":
      return {
        ...where,
        name: "EventsCommitted",
        commitmentKey: a.commitmentId,
        facilityKey: a.facilityId,
        eventsRoot: a.eventsRoot,
        eventCount: Number(a.eventCount),
        recordDigest: a.recordDigest,
      };
    case "GarmentsCommitted":
      return {
        ...where,
        name: "GarmentsCommitted",
        lotKey: a.lotId,
        garmentsRoot: a.garmentsRoot,
        gtin: gtinFromChain(a.gtin),
      };
    case "FacilityGtinPrefixesChanged":
      return {
        ...where,
        name: "FacilityGtinPrefixesChanged",
        facilityKey: a.facilityId,
        prefixes: (a.prefixes as bigint[]).map(gtinPrefixFromChain),
      };
    case "CertifierRegistered":
      return { ...where, name: "CertifierRegistered", certifierKey: a.certifierId, account: a.account };
    case "CertifierAccountRotated":
      return {
        ...where,
        name: "CertifierAccountRotated",
        certifierKey: a.certifierId,
        previousAccount: a.previousAccount,
        account: a.account,
      };
    case "LotShipped":
      return {
        ...where,
        name: "LotShipped",
        lotKey: a.lotId,
        fromFacilityKey: a.fromFacilityId,
        recipientKey: a.recipientId === ZERO_HASH ? null : a.recipientId,
      };
    case "CertificateAnchored":
      return {
        ...where,
        name: "CertificateAnchored",
        certificateKey: a.certificateId,
        subjectLotKey: a.subjectLotId,
        fta: codeFromBytes32(a.fta),
        digest: a.digest,
        certifier: a.certifier,
        certifierKey: a.certifierId,
      };
    case "CertificateRevoked":
      return {
        ...where,
        name: "CertificateRevoked",
        certificateKey: a.certificateId,
        reasonDigest: a.reasonDigest,
        revokedBy: a.revokedBy,
        byOperator: a.byOperator,
      };
    case "StatusListAnchored":
      return {
        ...where,
        name: "StatusListAnchored",
        listKey: a.listId,
        certifierKey: a.certifierId,
        version: Number(a.version),
        digest: a.digest,
        byOperator: a.byOperator,
      };
    default:
      return null;
  }
}

/** Decodes a transaction's logs (all from one block). */
export function decodeLogs(iface: Interface, logs: Log[], blockTimestamp: number): LedgerEvent[] {
  return logs.flatMap((log) => decodeLog(iface, log, blockTimestamp) ?? []);
}
