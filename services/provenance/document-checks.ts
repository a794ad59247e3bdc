/**
 * Checking the documents a scan shows, with a bounded amount of I/O whatever a facility cites.
 *
 * A document whose CID is in the register of checked documents (service-db/checked-documents.ts) is shown
 * from the register, without reading it: content addressing makes that safe, since a CID names one sequence
 * of bytes forever, so once its bytes were hashed the answer for that CID can never change (a record citing
 * it with another hash fails from the register alone). Every other document is read and hashed within one
 * request's byte budget; beyond the budget it is shown as "not yet checked" (never as verified) and handed to
 * a background checker, which reads a few at a time and fills the register for the next scan.
 */
import { findCheckedDocument, recordCheckedDocument } from "../service-db/checked-documents";
import type { ServiceDatabase } from "../service-db/database";
import { findUpload } from "../service-db/uploads";
import type { DocumentStore } from "../ipfs";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";
import { shortHex } from "./checks";
import { fetchVerified } from "./content";
import type { FetchOutcome } from "./content";

/** How a document's check came out: `unchecked` means not read yet (the request's budget was spent). */
export type DocumentStatus = "passed" | "failed" | "unavailable" | "unchecked";

/** Reads of documents handed over to be made later, off the request. */
export interface BackgroundDocumentChecker {
  /** Queues a check of `cid` against `sha256`; ignored when already queued or the queue is full. */
  schedule(cid: string, sha256: string): void;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops taking work; running checks finish. */
  close(): void;
}

/** What document checking reads and fills. */
export interface DocumentChecking {
  /** The service database holding the register of checked documents (and the upload register, for sizes). */
  db: ServiceDatabase;
  /** Bytes of not-yet-checked documents one request may read and hash. */
  budgetBytes: number;
  background?: BackgroundDocumentChecker;
}

/** One request's allowance of document bytes to read. */
export interface ReadBudget {
  remaining: number;
  /** Reads of documents whose size is not known beforehand go one at a time, so at most one overshoots. */
  unknownSizeLane: Promise<unknown>;
}

export function createReadBudget(bytes: number): ReadBudget {
  return { remaining: bytes, unknownSizeLane: Promise.resolve() };
}

/** The outcome for one document: its status and a short explanation. */
export interface DocumentOutcome {
  status: DocumentStatus;
  detail?: string;
  note?: CheckNote;
}

function normalizeHash(hash: string): string {
  return hash.toLowerCase().replace(/^0x/, "");
}

/**
 * Checks one cited document: from the register when its CID was checked before, else by reading it when the
 * budget allows (remembering a match), else `unchecked` with a background check scheduled. Without
 * `checking` every document is read, as an assessment must.
 */
export async function checkDocument(
  store: Pick<DocumentStore, "get">,
  checking: DocumentChecking | undefined,
  budget: ReadBudget | undefined,
  document: { cid: string; sha256: string },
): Promise<DocumentOutcome> {
  const expected = normalizeHash(document.sha256);
  if (!checking) return outcomeOf(await fetchVerified(store, document.cid, expected));
  const known = findCheckedDocument(checking.db, document.cid);
  if (known) {
    if (known.sha256 === expected)
      return {
        status: "passed",
        detail: `${document.cid} sha-256 ${shortHex(expected)}, checked ${known.checkedAt}`,
      };
    return {
      status: "failed",
      detail: `sha-256 of ${document.cid} is ${shortHex(known.sha256)}, the recorded hash is ${shortHex(expected)}`,
      note: note("content-hash-mismatch", {
        cid: document.cid,
        actual: shortHex(known.sha256),
        expected: shortHex(expected),
      }),
    };
  }
  const read = async (): Promise<{ outcome: DocumentOutcome; bytesRead: number }> => {
    const fetched = await fetchVerified(store, document.cid, expected);
    if (fetched.status !== "passed") return { outcome: outcomeOf(fetched), bytesRead: 0 };
    const bytes = fetched.bytes.byteLength;
    recordCheckedDocument(checking.db, { cid: document.cid, sha256: expected, bytes });
    return { outcome: outcomeOf(fetched), bytesRead: bytes };
  };
  const notYet = (): DocumentOutcome => {
    checking.background?.schedule(document.cid, expected);
    return {
      status: "unchecked",
      detail: `not yet checked: this request's ${checking.budgetBytes} bytes of document reads are spent; it is checked in the background`,
      note: note("document-not-yet-checked", { bytes: checking.budgetBytes }),
    };
  };
  if (!budget) return (await read()).outcome;
  const size = findUpload(checking.db, document.cid)?.size;
  if (size !== undefined) {
    // Reserved before the read, synchronously, so concurrent checks of one request cannot overspend.
    if (size > budget.remaining) return notYet();
    budget.remaining -= size;
    return (await read()).outcome;
  }
  // A size learnt only by reading: one such read at a time, charged after it.
  const turn = budget.unknownSizeLane.then(async (): Promise<DocumentOutcome> => {
    if (budget.remaining <= 0) return notYet();
    const { outcome, bytesRead } = await read();
    budget.remaining -= bytesRead;
    return outcome;
  });
  budget.unknownSizeLane = turn.catch(() => undefined);
  return turn;
}

function outcomeOf(fetched: FetchOutcome): DocumentOutcome {
  return fetched.status === "passed"
    ? { status: "passed" }
    : { status: fetched.status, detail: fetched.detail, note: fetched.note };
}
