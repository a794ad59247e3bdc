/**
 * A certificate's evidence list, from the subject's recorded provenance: every event (its record in IPFS and
 * the transaction that anchored it) and every document (supporting documents and the proofs cited by
 * originating claims), each with the SHA-256 of its bytes, in the UNTP link shape
 * `{ linkURL, linkName, hashDigest, hashMethod: "SHA-256" }`.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { FacilityState, Ledger } from "../chain/ledger";
import { ConflictError, hasCode } from "../errors";
import type { FacilitySummary, LotView, ProvenanceGraph } from "../read-model/queries";
import type { DocumentStore } from "../ipfs";
import { FacilityRecordReader, getRecord, readEventRecord, readRecord } from "../records";
import { deriveOriginFacts } from "../assessments/derive-facts";
import { assessOrigin } from "../origin/evaluate";
import { originFactsSchema } from "../origin/facts";
import type { FtaId } from "../origin/facts";
import { checkedLotView, facilityIdsOf } from "../provenance/checked-view";
import type { LotRecordedEvent } from "../provenance/checked-view";
import { note } from "../provenance/check-notes";
import type { CheckNote } from "../provenance/check-notes";

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
      // A sewing's trims cite the proof of where a stage happened (thread spun, elastic formed).
      ...(lot.sewing?.trims ?? []).flatMap((trim) =>
        trim.stages
          .filter((stage) => typeof stage.proofCid === "string")
          .map((stage) => ({
            cid: stage.proofCid!,
            name: `proof of the ${stage.stage} of ${trim.description} (${stage.country}) in lot ${lot.id}`,
            sha256: null,
            mediaType: null,
          })),
      ),
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

/** What checking a certificate against its evidence reads. */
export interface EvidenceCheckDeps {
  ledger: Pick<Ledger, "getLot" | "lotRecord" | "getFacility">;
  store: Pick<DocumentStore, "get">;
  /**
   * Outcomes by credential digest: the credential names its evidence by digest, so the re-derivation over the
   * same bytes gives the same answer forever (the bytes themselves are re-read and re-hashed on every check).
   */
  outcomes?: {
    get(key: string): EvidenceOutcome | undefined;
    set(key: string, value: EvidenceOutcome): void;
  };
}

/** `passed` null: the evidence could not be read now. */
export interface EvidenceOutcome {
  passed: boolean | null;
  detail: string;
  /** What `detail` says when it did not pass, as a stable code for the page to word in its language. */
  note?: CheckNote;
}

interface EvidenceRecord {
  lotId: string;
  event: LotRecordedEvent;
  record: unknown;
}

async function facilitySummary(
  deps: EvidenceCheckDeps,
  id: string | undefined,
): Promise<{ summary: FacilitySummary; chain: FacilityState | null }> {
  if (id === undefined) return { summary: { id: null, name: null, country: "" }, chain: null };
  const chain = await deps.ledger.getFacility(id);
  if (!chain) return { summary: { id, name: null, country: "" }, chain: null };
  let name: string | null = null;
  try {
    const read = readRecord(FacilityRecordReader, (await getRecord(deps.store, chain.metadataDigest)).record);
    name = read?.name ?? null;
  } catch {
    name = null;
  }
  return { summary: { id, name, country: chain.country }, chain };
}

/**
 * Whether a certificate's facts are what its evidence gives today: every event record it cites must be the
 * one the chain's LotRecorded event names and hash to it in IPFS; the lots those records describe (with the
 * chain's quantities and the facilities' registered countries) are derived into origin facts again, which must
 * be the certificate's facts, and the origin engine must still find them originating under a confirmed rule.
 *
 * @example
 * const { passed, detail } = await checkCertificateEvidence({ ledger, store }, credential, anchor.digest);
 */
export async function checkCertificateEvidence(
  deps: EvidenceCheckDeps,
  credential: {
    evidence?: unknown;
    credentialSubject: { subjectLot: { id: string }; facts: unknown };
  },
  credentialDigest: string,
): Promise<EvidenceOutcome> {
  const links = (Array.isArray(credential.evidence) ? credential.evidence : []).filter(
    (link): link is EvidenceLink =>
      typeof link === "object" &&
      link !== null &&
      (link as EvidenceLink).linkType === "event-record" &&
      typeof (link as EvidenceLink).lotId === "string" &&
      typeof (link as EvidenceLink).hashDigest === "string",
  );
  if (links.length === 0)
    return {
      passed: false,
      detail: "The certificate cites no evidence records",
      note: note("evidence-none-cited"),
    };
  let records: EvidenceRecord[];
  try {
    records = await Promise.all(
      links.map(async (link): Promise<EvidenceRecord> => {
        const lotId = link.lotId!;
        const event = await deps.ledger.lotRecord(lotId);
        if (!event)
          throw new EvidenceProblem(
            false,
            `Lot ${lotId} of the evidence is not recorded on chain`,
            note("evidence-lot-not-on-chain", { lot: lotId }),
          );
        if (event.recordDigest.slice(2).toLowerCase() !== link.hashDigest.toLowerCase())
          throw new EvidenceProblem(
            false,
            `The evidence of lot ${lotId} is not the record the chain holds`,
            note("evidence-record-not-chain", { lot: lotId }),
          );
        try {
          return { lotId, event, record: (await getRecord(deps.store, event.recordDigest)).record };
        } catch (error) {
          if (hasCode(error, "RECORD_DIGEST_MISMATCH") || hasCode(error, "NOT_A_RECORD"))
            throw new EvidenceProblem(
              false,
              `The evidence record of lot ${lotId} in IPFS no longer matches the digest on chain`,
              note("evidence-record-changed", { lot: lotId }),
            );
          throw new EvidenceProblem(
            null,
            `The evidence record of lot ${lotId} cannot be read now`,
            note("evidence-record-unreadable", { lot: lotId }),
          );
        }
      }),
    );
  } catch (error) {
    if (error instanceof EvidenceProblem)
      return { passed: error.passed, detail: error.message, note: error.note };
    return { passed: null, detail: "The evidence could not be read now", note: note("evidence-unreadable") };
  }
  const kept = deps.outcomes?.get(credentialDigest);
  if (kept) return kept;
  let outcome: EvidenceOutcome;
  try {
    outcome = await rederive(deps, credential, records);
  } catch (error) {
    return {
      passed: null,
      detail: `The evidence could not be checked now: ${(error as Error).message}`,
      note: note("evidence-unreadable"),
    };
  }
  if (outcome.passed !== null) deps.outcomes?.set(credentialDigest, outcome);
  return outcome;
}

class EvidenceProblem extends Error {
  constructor(
    readonly passed: boolean | null,
    message: string,
    readonly note: CheckNote,
  ) {
    super(message);
  }
}

async function rederive(
  deps: EvidenceCheckDeps,
  credential: { credentialSubject: { subjectLot: { id: string }; facts: unknown } },
  records: EvidenceRecord[],
): Promise<EvidenceOutcome> {
  const nodes: LotView[] = [];
  for (const { lotId, event, record } of records) {
    const read = readEventRecord(event.operation, record);
    const chain = await deps.ledger.getLot(lotId);
    if (!read || !chain)
      return {
        passed: false,
        detail: `The evidence record of lot ${lotId} does not read`,
        note: note("evidence-record-unreadable", { lot: lotId }),
      };
    const ids = facilityIdsOf(read);
    const [recordedBy, holder] = await Promise.all([
      facilitySummary(deps, ids.recordedBy),
      facilitySummary(deps, ids.holder),
    ]);
    nodes.push(
      checkedLotView({
        indexed: { id: lotId, consumedBy: [] },
        event,
        chain,
        read,
        recordCid: "",
        facilities: { recordedBy: recordedBy.summary, holder: holder.summary },
      }),
    );
  }
  const subjectId = credential.credentialSubject.subjectLot.id;
  const subject = nodes.find((node) => node.id === subjectId);
  if (!subject)
    return {
      passed: false,
      detail: `The evidence does not include the subject lot ${subjectId}`,
      note: note("evidence-subject-missing", { lot: subjectId }),
    };
  const graph: ProvenanceGraph = {
    subject: subjectId,
    nodes: [subject, ...nodes.filter((node) => node !== subject)],
    edges: [],
  };
  const stated = credential.credentialSubject.facts as {
    fta?: FtaId;
    importingCountry?: string;
    date?: string;
  } | null;
  if (!stated?.fta)
    return { passed: false, detail: "The certificate states no facts", note: note("evidence-no-facts") };
  let derived;
  try {
    derived = deriveOriginFacts(graph, {
      fta: stated.fta,
      ...(stated.importingCountry ? { importingCountry: stated.importingCountry } : {}),
      ...(stated.date ? { date: stated.date } : {}),
    });
  } catch (error) {
    return {
      passed: false,
      detail: `The evidence does not give the certificate's facts: ${(error as Error).message}`,
      note: note("evidence-facts-differ"),
    };
  }
  if (derived.missing.length)
    return {
      passed: false,
      detail: `The evidence does not give ${derived.missing.join(", ")}`,
      note: note("evidence-facts-missing", { count: derived.missing.length }),
    };
  const parsed = originFactsSchema.safeParse(derived.facts);
  if (!parsed.success)
    return {
      passed: false,
      detail: "The evidence does not make valid origin facts",
      note: note("evidence-facts-invalid"),
    };
  if (canonicalize(parsed.data) !== canonicalize(stated)) {
    const a = parsed.data as unknown as Record<string, unknown>;
    const b = stated as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (key) => canonicalize(a[key]) !== canonicalize(b[key]),
    );
    return {
      passed: false,
      detail: `The evidence records give other facts than the certificate's (${fields.join(", ")})`,
      note: note("evidence-facts-differ"),
    };
  }
  const again = assessOrigin(parsed.data);
  if (again.status !== "originating" || again.provisional)
    return {
      passed: false,
      detail: `The facts its evidence gives assess as ${again.status}${again.provisional ? " (provisional)" : ""} under ${again.rule.id}`,
      note: note("evidence-not-originating"),
    };
  return {
    passed: true,
    detail: `Its facts are what its ${records.length} evidence records, checked against the chain, give; assessed again: originating`,
  };
}
