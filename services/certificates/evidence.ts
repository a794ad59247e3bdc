/**
 * A certificate's evidence list, from the subject's recorded provenance: every event (its record in IPFS and
 * the transaction that anchored it) and every document (supporting documents and the proofs cited by
 * originating claims), each with the SHA-256 of its bytes, in the UNTP link shape
 * `{ linkURL, linkName, hashDigest, hashMethod: "SHA-256" }`.
 */
import { createHash } from "node:crypto";
import { ConflictError, hasCode } from "../errors";
import type { ProvenanceGraph } from "../read-model/queries";
import type { DocumentStore } from "../ipfs";

export interface EvidenceLink {
  type: ["Evidence"];
  /** Where the service serves it (digest-checked); `cid` names it in any IPFS node. */
  linkURL: string;
  cid: string;
  linkName: string;
  linkType: "event-record" | "document";
  mediaType?: string;
  hashDigest: string;
  hashMethod: "SHA-256";
  /** For an event: the lot it recorded and where the chain holds its digest. */
  lotId?: string;
  transaction?: { chainId: number; contract: string; txHash: string; blockNumber: number };
}

/** EVIDENCE_UNAVAILABLE: a document the certificate would rest on cannot be read now, so its hash cannot be stated. */
export class EvidenceUnavailableError extends ConflictError {
  constructor(cid: string, lotId: string) {
    super("EVIDENCE_UNAVAILABLE", `Document ${cid} cited by lot '${lotId}' cannot be read from IPFS`, {
      cid,
      lotId,
    });
  }
}

/**
 * The evidence for a subject, upstream first (fabric lots before the subject).
 *
 * @example
 * const evidence = await collectEvidence(graph, { store, chainId: 31337, contract, baseUrl });
 */
export async function collectEvidence(
  graph: ProvenanceGraph,
  deps: { store: Pick<DocumentStore, "get">; chainId: number; contract: string; baseUrl: string },
): Promise<EvidenceLink[]> {
  const events: EvidenceLink[] = [];
  const documents: EvidenceLink[] = [];
  const seen = new Set<string>();

  const hashOf = async (cid: string, lotId: string): Promise<string> => {
    try {
      return createHash("sha256")
        .update(await deps.store.get(cid))
        .digest("hex");
    } catch (error) {
      if (hasCode(error, "NOT_FOUND") || hasCode(error, "INVALID_CID"))
        throw new EvidenceUnavailableError(cid, lotId);
      throw error;
    }
  };

  for (const lot of [...graph.nodes].reverse()) {
    events.push({
      type: ["Evidence"],
      linkURL: `${deps.baseUrl}/api/v1/records/${lot.record.cid}`,
      cid: lot.record.cid,
      linkName: `${lot.operation} event record of lot ${lot.id}`,
      linkType: "event-record",
      mediaType: "application/json",
      hashDigest: lot.record.digest.slice(2),
      hashMethod: "SHA-256",
      lotId: lot.id,
      transaction: {
        chainId: deps.chainId,
        contract: deps.contract,
        txHash: lot.chain.txHash,
        blockNumber: lot.chain.blockNumber,
      },
    });
    const cited = [
      ...lot.documents.map((document) => ({
        cid: document.cid,
        name: `${document.type} of lot ${lot.id}`,
        sha256: document.sha256,
        mediaType: document.mediaType,
      })),
      ...((lot.fabric?.originating ?? []) as { fta?: string; proofCid?: string }[])
        .filter((claim) => typeof claim.proofCid === "string")
        .map((claim) => ({
          cid: claim.proofCid!,
          name: `proof of ${claim.fta ?? ""} originating status of lot ${lot.id}`,
          sha256: null,
          mediaType: null,
        })),
    ];
    for (const document of cited) {
      if (seen.has(document.cid)) continue;
      seen.add(document.cid);
      documents.push({
        type: ["Evidence"],
        linkURL: `${deps.baseUrl}/api/v1/documents/${document.cid}`,
        cid: document.cid,
        linkName: document.name,
        linkType: "document",
        ...(document.mediaType ? { mediaType: document.mediaType } : {}),
        hashDigest: document.sha256 ?? (await hashOf(document.cid, lot.id)),
        hashMethod: "SHA-256",
        lotId: lot.id,
      });
    }
  }
  return [...events, ...documents];
}
