/**
 * Verification of one garment, as a scan asks for it: the garment batch (sewing lot) it names, the batch's whole
 * upstream graph (cut bundles, fabric lots, transfers) and where the batch went, the garment's serial and
 * authentication code proven against the batch's Merkle root on chain, and the certificates over those lots.
 */
import type { Hex } from "../chain/ledger";
import { hasCode } from "../errors/index";
import { garmentCodeHash, garmentLeaf, manifestLeaves } from "../garments";
import type { LotView } from "../read-model/queries";
import { findGarmentCommitment, findLot, findUpstreamGraph } from "../read-model/queries";
import { normalizeGtin } from "../garments/digital-link";
import type { Check, Verdict } from "./checks";
import { errorDetail, shortHex, verdictOf } from "./checks";
import { fetchVerified } from "./content";
import { buildGarmentTree, garmentTreeOfNodes } from "../garments/merkle";
import type { GarmentTree } from "../garments/merkle";
import type { ProvenanceDeps } from "./deps";
import { verifyLots } from "./verify-provenance";
import type { LotsVerification } from "./verify-provenance";
import { note } from "./check-notes";

/**
 * Trees of batches up to this size are built here (a few milliseconds): a worker's queue may hold a big
 * sewing's commitment, and a scan of an ordinary batch must not wait behind it.
 */
const INLINE_TREE_MAX_GARMENTS = 5_000;

export interface VerifyGarmentParameters {
  /** The garment batch (sewing lot) id: GS1 AI 10. */
  lot: string;
  /** The serial as scanned: GS1 AI 21; a garment's serial is 1..N in its batch. */
  serial: string;
  /** The authentication code from the QR code (`?ac=`) or typed in; absent when the scan carried none. */
  code?: string;
  /** The GTIN on the scanned link (any length GS1 allows); it must be the batch's product GTIN. */
  gtin?: string;
}

export type GarmentCodeState = "valid" | "wrong" | "missing" | "unverified";

export type GarmentNotFoundReason =
  "unknown-lot" | "not-a-garment-batch" | "gtin-mismatch" | "unknown-serial";

/** The outcome of {@link verifyGarment}. */
export type GarmentVerification =
  | { found: false; reason: GarmentNotFoundReason }
  | ({
      found: true;
      /**
       * `valid`: the contract proved the code against the batch's root; `wrong`: it does not prove; `missing`:
       * none was given; `unverified`: the proof could not be made now (no verified manifest, the chain did not
       * answer) — never reported as valid.
       */
      code: GarmentCodeState;
      serial: number;
      batch: LotView;
      /** Every lot in the garment's life, upstream first by the time it happened. */
      nodes: LotView[];
      verdict: Verdict;
    } & Omit<LotsVerification, "verdict">);

const SERIAL = /^[1-9]\d{0,8}$/;
const STEP_ORDER: Record<LotView["operation"], number> = {
  "fabric-lot": 0,
  cutting: 1,
  sewing: 2,
  shipment: 3,
};

/**
 * Where the batch went, as long as the path is unambiguous (each lot consumed by exactly one other): with a
 * batch split across several shipments nobody can tell which one carried this garment, so none is shown.
 */
export function downstreamPath(indexDb: ProvenanceDeps["indexDb"], batch: LotView): LotView[] {
  const path: LotView[] = [];
  let current = batch;
  while (current.consumedBy.length === 1 && path.length < 16) {
    const next = findLot(indexDb, current.consumedBy[0]!.lotId);
    if (!next || next.operation !== "shipment") break;
    path.push(next);
    current = next;
  }
  return path;
}

export function timeOrder(a: LotView, b: LotView): number {
  const at = a.occurredAt ?? a.recordedAt;
  const bt = b.occurredAt ?? b.recordedAt;
  return at === bt ? STEP_ORDER[a.operation] - STEP_ORDER[b.operation] : at < bt ? -1 : 1;
}

/** The manifest and code checks of one garment against its batch's on-chain Merkle root. */
async function garmentChecks(
  deps: ProvenanceDeps,
  batch: LotView,
  record: Record<string, unknown> | null,
  serial: number,
  code: string | undefined,
): Promise<{ checks: Check[]; code: GarmentCodeState }> {
  const manifestCheck: Check = {
    id: `garment-manifest:${batch.id}`,
    kind: "garment-manifest",
    subject: batch.id,
    status: "passed",
  };
  const codeCheck: Check = {
    id: `garment-code:${batch.id}:${serial}`,
    kind: "garment-code",
    subject: batch.id,
    status: "passed",
  };
  // Fail closed: a code is "valid" only when the contract proved it; anything that stops the proof leaves it
  // "unverified", never "valid".
  const codeState: GarmentCodeState = code === undefined ? "missing" : "unverified";
  const done = (state: GarmentCodeState) => ({
    checks: [manifestCheck, codeCheck],
    code: state,
  });

  let chainRoot: Hex | null;
  try {
    chainRoot = await deps.ledger.garmentsRoot(batch.id);
  } catch (error) {
    manifestCheck.status = codeCheck.status = "unavailable";
    manifestCheck.detail = codeCheck.detail = `the chain did not answer: ${errorDetail(error)}`;
    manifestCheck.note = codeCheck.note = note("chain-unreachable");
    return done(codeState);
  }
  if (!chainRoot) {
    manifestCheck.status = codeCheck.status = "failed";
    manifestCheck.detail = codeCheck.detail = "the batch has no garment commitment on chain";
    manifestCheck.note = codeCheck.note = note("no-garment-commitment");
    return done(codeState);
  }
  // The manifest needs no trust in the sewing record: whatever bytes rebuild the chain's root are the batch's.
  // Its CID and hash come from the verified record, or else from the read model (indexed from that record).
  const garments = (record?.garments ?? null) as { manifestCid?: unknown; manifestDigest?: unknown } | null;
  const indexed = findGarmentCommitment(deps.indexDb, batch.lotKey);
  const manifestCid =
    typeof garments?.manifestCid === "string" ? garments.manifestCid : (indexed?.manifestCid ?? undefined);
  const manifestDigest =
    typeof garments?.manifestDigest === "string"
      ? garments.manifestDigest
      : (indexed?.manifestDigest ?? undefined);
  let built: { tree: GarmentTree; leaves: Hex[] } | undefined;
  if (!manifestCid || !manifestDigest) {
    manifestCheck.status = "unavailable";
    manifestCheck.detail = "no garment manifest is recorded for the batch";
    manifestCheck.note = note("no-garment-manifest");
  } else {
    const fetched = await fetchVerified(deps.store, manifestCid, manifestDigest);
    if (fetched.status !== "passed") {
      manifestCheck.status = fetched.status;
      manifestCheck.detail = fetched.detail;
      manifestCheck.note = fetched.note;
    } else {
      built = deps.caches.trees.get(manifestDigest);
      if (!built) {
        try {
          if (deps.workers && fetched.bytes.byteLength > INLINE_TREE_MAX_GARMENTS * 32) {
            // Off the event loop: a 100,000-garment tree would hold every other request for a while.
            const { nodes, leaves } = await deps.workers.run<{ nodes: Uint8Array; leaves: Hex[] }>(
              "manifestTree",
              { manifest: fetched.bytes },
            );
            built = { tree: garmentTreeOfNodes(nodes), leaves };
          } else {
            const leaves = manifestLeaves(fetched.bytes);
            built = { tree: buildGarmentTree(leaves), leaves };
          }
          deps.caches.trees.set(manifestDigest, built);
        } catch (error) {
          // Busy workers mean "could not check now", never "tampered".
          manifestCheck.status = hasCode(error, "UNAVAILABLE") ? "unavailable" : "failed";
          manifestCheck.detail = errorDetail(error);
          manifestCheck.note = note("manifest-unreadable");
        }
      }
      if (built && built.tree.root !== chainRoot.toLowerCase()) {
        manifestCheck.status = "failed";
        manifestCheck.detail = `the manifest builds ${shortHex(built.tree.root)}, the chain holds ${shortHex(chainRoot)}`;
        manifestCheck.note = note("manifest-root-mismatch", {
          built: shortHex(built.tree.root),
          chain: shortHex(chainRoot),
        });
        built = undefined;
      } else if (built) {
        manifestCheck.detail = `root ${shortHex(chainRoot)}, ${built.leaves.length} garments`;
      }
    }
  }

  if (code === undefined) {
    codeCheck.status = "unavailable";
    codeCheck.detail = "no authentication code was scanned";
    codeCheck.note = note("no-code-scanned");
    return done("missing");
  }
  if (!built) {
    codeCheck.status = manifestCheck.status === "failed" ? "failed" : "unavailable";
    codeCheck.detail = "no verified manifest to prove the garment with";
    codeCheck.note = note("no-verified-manifest");
    return done("unverified");
  }
  // The scanned code's leaf must be the manifest's leaf for this serial; then the contract checks the proof.
  const codeHash = garmentCodeHash(code);
  const leaf = garmentLeaf(serial, codeHash);
  const proof = built.leaves[serial - 1] === leaf ? built.tree.proofOf(leaf) : null;
  if (!proof) {
    codeCheck.status = "failed";
    codeCheck.detail = `the code does not match serial ${serial} of the batch`;
    codeCheck.note = note("code-mismatch", { serial });
    return done("wrong");
  }
  try {
    const valid = await deps.ledger.verifyGarment({
      lotId: batch.id,
      serial,
      codeHash,
      proof,
    });
    codeCheck.status = valid ? "passed" : "failed";
    codeCheck.detail = valid
      ? `serial ${serial} proven by the contract's verifyGarment`
      : "the contract's verifyGarment refused the proof";
    if (!valid) codeCheck.note = note("code-refused");
    return done(valid ? "valid" : "wrong");
  } catch (error) {
    codeCheck.status = "unavailable";
    codeCheck.detail = `the chain did not answer: ${errorDetail(error)}`;
    codeCheck.note = note("chain-unreachable");
    return done("unverified");
  }
}

/** A garment named by a scan, found in the read model: its batch, serial and every lot of its life. */
export type ResolvedGarment =
  | { found: false; reason: GarmentNotFoundReason }
  | { found: true; batch: LotView; serial: number; nodes: LotView[] };

/**
 * Finds the garment a scan names in the read model, without verifying anything: the batch must be a sewing
 * lot whose product GTIN is the scanned one, and the serial one of its 1..N.
 */
export function resolveGarment(
  indexDb: ProvenanceDeps["indexDb"],
  params: Omit<VerifyGarmentParameters, "code">,
): ResolvedGarment {
  const batch = findLot(indexDb, params.lot);
  if (!batch) return { found: false, reason: "unknown-lot" };
  if (batch.operation !== "sewing") return { found: false, reason: "not-a-garment-batch" };
  if (params.gtin !== undefined) {
    let scanned: string | null;
    try {
      scanned = normalizeGtin(params.gtin);
    } catch {
      scanned = null;
    }
    const recorded = batch.sewing?.product.gtin ?? null;
    if (scanned === null || recorded === null || recorded.padStart(14, "0") !== scanned)
      return { found: false, reason: "gtin-mismatch" };
  }
  const count = batch.sewing?.garmentCount ?? batch.quantity;
  if (!SERIAL.test(params.serial) || Number(params.serial) > count)
    return { found: false, reason: "unknown-serial" };
  const upstream = findUpstreamGraph(indexDb, batch.id)!.nodes;
  const nodes = [...upstream, ...downstreamPath(indexDb, batch)].sort(timeOrder);
  return { found: true, batch, serial: Number(params.serial), nodes };
}

/**
 * Verifies one garment.
 *
 * @example
 * const result = await verifyGarment(deps, { lot: "SEW-0001", serial: "17", code: "K3J9XQ2M7P", gtin: "08938505974019" });
 * if (result.found) console.log(result.verdict, result.code);
 */
export async function verifyGarment(
  deps: ProvenanceDeps,
  params: VerifyGarmentParameters,
): Promise<GarmentVerification> {
  const garment = resolveGarment(deps.indexDb, params);
  if (!garment.found) return garment;
  const { serial } = garment;
  const lots = await verifyLots(deps, garment.nodes);
  // What is shown is the checked view of every lot, not the read model's rows it was found by.
  const nodes = lots.views;
  const batch = lots.lots.get(garment.batch.id)?.view ?? garment.batch;
  const proven = await garmentChecks(
    deps,
    batch,
    lots.lots.get(batch.id)?.record ?? null,
    serial,
    params.code,
  );
  const checks = [...lots.checks, ...proven.checks];
  return {
    found: true,
    code: proven.code,
    serial,
    ...lots,
    batch,
    nodes,
    checks,
    verdict: verdictOf(checks),
  };
}
