/**
 * What is shown of a lot, taken from checked sources only: the chain (kind, unit, quantities, holder, the
 * LotRecorded event with its record digest and transaction) and the lot's event record whose bytes hashed to
 * that digest. Facilities are named by their metadata record (checked against the chain's metadata digest)
 * and placed in the country the chain registered. The read model's copy of the same lot is then compared
 * field by field with this view: it is an index and a cache, never an authority, so any difference is a
 * failed check naming the field.
 */
import type { FacilityState, Hex, LotState } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { FacilitySummary, LotView } from "../read-model/queries";
import { findFacility } from "../read-model/queries";
import { FacilityRecordReader, isTimeZone, readRecord } from "../records/index";
import type { EventRecordRead } from "../records/index";
import type { Check } from "./checks";
import { errorDetail, shortHex } from "./checks";
import { fetchRecordBytes } from "./content";
import type { FacilityRead, LotCheckDeps, LotRecordedEvent } from "./deps";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";

export type { FacilityRead, LotRecordedEvent } from "./deps";

/** A facility as the chain and its metadata record give it. */
export interface CheckedFacility {
  summary: FacilitySummary;
  /** The chain's facility state; null when the chain did not answer or holds no such facility. */
  chain: FacilityState | null;
  /** `facility-record:<id>` and, when the chain answered, `facility-standing:<id>`. */
  checks: Check[];
}

/** The facility checks of one verification, so each facility is read once however many lots name it. */
export type FacilityMemo = Map<string, Promise<CheckedFacility>>;

async function facilityRecord(
  deps: LotCheckDeps,
  digest: Hex,
): Promise<{ record: FacilityRead } | { status: "failed" | "unavailable"; detail: string; note: CheckNote }> {
  const kept = deps.caches.facilityRecords.get(digest);
  if (kept) return { record: kept };
  const fetched = await fetchRecordBytes(deps.store, digest);
  if (fetched.status !== "passed")
    return { status: fetched.status, detail: fetched.detail, note: fetched.note };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fetched.bytes));
  } catch {
    return {
      status: "failed",
      detail: "the facility record is not JSON",
      note: note("facility-record-not-json"),
    };
  }
  const record = readRecord(FacilityRecordReader, parsed);
  if (!record)
    return {
      status: "failed",
      detail: "the facility record is not a JSON object",
      note: note("facility-record-not-object"),
    };
  // Content addressed: bytes that hashed to this digest once are these bytes forever.
  deps.caches.facilityRecords.set(digest, record);
  return { record };
}

async function checkFacilityNow(deps: LotCheckDeps, id: string): Promise<CheckedFacility> {
  const record: Check = {
    id: `facility-record:${id}`,
    kind: "facility-record",
    subject: id,
    status: "passed",
  };
  const unknown: FacilitySummary = { id, name: null, country: "" };
  let chain: FacilityState | null;
  try {
    chain = await deps.ledger.getFacility(id);
  } catch (error) {
    record.status = "unavailable";
    record.detail = `the chain did not answer: ${errorDetail(error)}`;
    record.note = note("chain-unreachable");
    return { summary: unknown, chain: null, checks: [record] };
  }
  if (!chain) {
    record.status = "failed";
    record.detail = `facility '${id}' is not registered on chain`;
    record.note = note("facility-not-registered", { facility: id });
    return { summary: unknown, chain: null, checks: [record] };
  }
  const standing: Check = {
    id: `facility-standing:${id}`,
    kind: "facility-standing",
    subject: id,
    // A suspension is not a contradiction of the chain (nothing was altered), but nothing made by a facility the
    // programme operator suspended can be vouched for: the page warns and the verdict is not "authentic".
    status: chain.suspended ? "unavailable" : "passed",
    detail: chain.suspended
      ? `'${id}' is suspended by the programme operator on chain`
      : `'${id}' is registered and not suspended`,
    ...(chain.suspended ? { note: note("facility-suspended", { facility: id }) } : {}),
  };
  const summary: FacilitySummary = { id, name: null, country: chain.country, suspended: chain.suspended };
  const read = await facilityRecord(deps, chain.metadataDigest);
  if ("status" in read) {
    record.status = read.status;
    record.detail = `facility record: ${read.detail}`;
    record.note = read.note;
    return { summary, chain, checks: [record, standing] };
  }
  if (read.record.id === undefined || chainKey(read.record.id) !== chainKey(id)) {
    record.status = "failed";
    record.detail = `the facility record names '${String(read.record.id)}'`;
    record.note = note("facility-record-names-other", { facility: String(read.record.id) });
    return { summary, chain, checks: [record, standing] };
  }
  summary.name = read.record.name ?? null;
  // Read leniently, so checked again: a zone Intl does not know is not shown.
  const zone = read.record.timeZone;
  if (typeof zone === "string" && isTimeZone(zone)) summary.timeZone = zone;
  // The read model's row must say what the chain and the record say.
  const indexed = findFacility(deps.indexDb, id);
  const differences: string[] = [];
  if (!indexed) differences.push("the index has no row for it");
  else {
    if (indexed.name !== summary.name)
      differences.push(
        `name '${String(indexed.name)}' in the index, '${String(summary.name)}' in its record`,
      );
    if (indexed.country !== chain.country)
      differences.push(`country ${indexed.country} in the index, ${chain.country} on chain`);
    if (indexed.metadataDigest.toLowerCase() !== chain.metadataDigest.toLowerCase())
      differences.push(
        `metadata digest ${shortHex(indexed.metadataDigest)} in the index, ${shortHex(chain.metadataDigest)} on chain`,
      );
    if (indexed.suspended !== chain.suspended)
      differences.push(
        `suspended ${String(indexed.suspended)} in the index, ${String(chain.suspended)} on chain`,
      );
  }
  if (differences.length) {
    record.status = "failed";
    record.detail = differences.join("; ");
    record.note = note("facility-record-differs", { count: differences.length });
  } else {
    record.detail = `name from its record ${shortHex(chain.metadataDigest)}, country ${chain.country} from the chain`;
  }
  return { summary, chain, checks: [record, standing] };
}

/** The checked facility `id`, read once per `memo`. */
export function checkFacility(deps: LotCheckDeps, memo: FacilityMemo, id: string): Promise<CheckedFacility> {
  let checked = memo.get(id);
  if (!checked) {
    checked = checkFacilityNow(deps, id);
    memo.set(id, checked);
  }
  return checked;
}

const money = (value: { amount?: number; currency?: string } | undefined) =>
  value?.amount === undefined || value.currency === undefined
    ? null
    : { amount: value.amount, currency: value.currency };

/** The facility ids a lot's record names: who recorded it and who holds it (a transfer's recipient). */
export function facilityIdsOf(read: EventRecordRead): { recordedBy?: string; holder?: string } {
  const recordedBy = read.record.facilityId;
  const holder =
    read.operation === "shipment" && read.record.toFacilityId !== undefined
      ? read.record.toFacilityId
      : recordedBy;
  return { recordedBy, holder };
}

/**
 * The view of a lot from checked sources. `read` is the record whose bytes matched `event.recordDigest`;
 * without it only what the chain says is shown (the record's fields stay empty). `indexed` gives only what no
 * record or chain state says: the id as scanned, the record's CID (derived from the digest) and the lots made
 * from this one (each of which is checked itself when shown).
 */
export function checkedLotView(params: {
  indexed: Pick<LotView, "id" | "consumedBy">;
  event: LotRecordedEvent;
  chain: LotState;
  read: EventRecordRead | null;
  recordCid: string;
  facilities: { recordedBy: FacilitySummary; holder: FacilitySummary };
  /** The garments root the chain holds for a sewing, when it was read. */
  garmentsRoot?: Hex | null;
}): LotView {
  const { indexed, event, chain, read, facilities } = params;
  const record = read?.record;
  const view: LotView = {
    id: indexed.id,
    lotKey: event.lotKey,
    kind: chain.kind,
    operation: event.operation,
    quantity: chain.quantity,
    remaining: chain.remaining,
    unit: chain.unit,
    facility: facilities.holder,
    recordedBy: facilities.recordedBy,
    description: null,
    occurredAt: record?.occurredAt ?? null,
    recordedAt: event.blockTimestamp.toISOString(),
    record: { cid: params.recordCid, digest: event.recordDigest, available: read !== null },
    chain: { txHash: event.txHash, blockNumber: event.blockNumber },
    documents: (record?.documents ?? []).flatMap((d) =>
      d?.type === undefined || d.cid === undefined
        ? []
        : [{ type: d.type, cid: d.cid, sha256: d.sha256 ?? null, mediaType: d.mediaType ?? null }],
    ),
    inputs: [],
    consumedBy: indexed.consumedBy,
  };
  if (!read) return view;
  switch (read.operation) {
    case "fabric-lot": {
      const r = read.record;
      view.description = r.description ?? null;
      view.fabric = {
        hsCode: r.hsCode ?? null,
        composition: (r.composition ?? []) as unknown[],
        weightKg: r.weightKg ?? null,
        value: money(r.value),
        supplier: { name: r.supplier?.name ?? null, country: r.supplier?.country ?? null },
        stages: (r.stages ?? []).flatMap((s) =>
          s?.stage === undefined || s.country === undefined ? [] : [{ stage: s.stage, country: s.country }],
        ),
        originating: (r.originating ?? []) as unknown[],
      };
      return view;
    }
    case "cutting": {
      const r = read.record;
      view.inputs = (r.inputs ?? []).flatMap((input) =>
        input?.lotId === undefined || input.quantity?.amount === undefined
          ? []
          : [
              {
                lotId: input.lotId,
                quantity: input.quantity.amount,
                unit: (input.quantity.unit ?? chain.unit) as LotView["unit"],
                role: input.role ?? null,
              },
            ],
      );
      view.cutting = { style: r.output?.style ?? null };
      return view;
    }
    case "sewing": {
      const r = read.record;
      view.description = r.product?.description ?? null;
      view.inputs = inputsOf(r.inputs, chain.unit);
      view.sewing = {
        product: {
          gtin: r.product?.gtin ?? null,
          hsCode: r.product?.hsCode ?? null,
          description: r.product?.description ?? null,
          construction: r.product?.construction ?? null,
          exWorksPrice: money(r.product?.exWorksPrice),
        },
        garmentCount: r.garments?.count ?? null,
        garmentsRoot: params.garmentsRoot ?? (r.garments?.root as Hex | undefined) ?? null,
        manifestCid: r.garments?.manifestCid ?? null,
        trims: (r.trims ?? []).map((trim) => ({
          description: trim?.description ?? "",
          hsCode: trim?.hsCode ?? null,
          role: trim?.role ?? null,
          originCountry: trim?.originCountry ?? null,
          weightKg: trim?.weightKg ?? null,
          value: money(trim?.value),
          stages: (trim?.stages ?? []).filter((stage) => stage?.stage && stage.country) as {
            stage: string;
            country: string;
            proofCid?: string;
          }[],
        })),
      };
      return view;
    }
    case "shipment": {
      const r = read.record;
      view.inputs = inputsOf(r.inputs, chain.unit);
      const transfer = r.toFacilityId !== undefined;
      view.shipment = {
        from: facilities.recordedBy,
        toFacility: transfer ? facilities.holder : null,
        buyer:
          r.buyer?.name === undefined && r.buyer?.country === undefined
            ? null
            : { name: r.buyer?.name ?? null, country: r.buyer?.country ?? null },
        destinationCountry: r.destinationCountry ?? null,
        invoiceNumber: r.invoiceNumber ?? null,
      };
      return view;
    }
  }
}

function inputsOf(
  inputs: ({ lotId?: string; quantity?: { amount?: number; unit?: string } } | undefined)[] | undefined,
  unit: LotView["unit"],
): LotView["inputs"] {
  return (inputs ?? []).flatMap((input) =>
    input?.lotId === undefined || input.quantity?.amount === undefined
      ? []
      : [
          {
            lotId: input.lotId,
            quantity: input.quantity.amount,
            unit: (input.quantity.unit ?? unit) as LotView["unit"],
            role: null,
          },
        ],
  );
}

const TOLERANCE = 1e-9;

/** Every path at which `indexed` and `checked` differ (numbers within a rounding tolerance are equal). */
function differences(indexed: unknown, checked: unknown, path: string, out: string[]): void {
  if (typeof indexed === "number" && typeof checked === "number") {
    if (Math.abs(indexed - checked) > TOLERANCE) out.push(path);
    return;
  }
  if (Array.isArray(indexed) && Array.isArray(checked)) {
    if (indexed.length !== checked.length) {
      out.push(`${path} (${indexed.length} in the index, ${checked.length} in the record)`);
      return;
    }
    indexed.forEach((item, i) => differences(item, checked[i], `${path}[${i}]`, out));
    return;
  }
  if (
    typeof indexed === "object" &&
    indexed !== null &&
    typeof checked === "object" &&
    checked !== null &&
    !Array.isArray(indexed) &&
    !Array.isArray(checked)
  ) {
    const a = indexed as Record<string, unknown>;
    const b = checked as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(a[key] ?? null, b[key] ?? null, path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if ((indexed ?? null) !== (checked ?? null)) out.push(path);
}

/** What the page, JSON, passport, linkset and fact derivation show of a lot: compared index ↔ checked. */
function shown(view: LotView, withRecord: boolean) {
  return {
    kind: view.kind,
    operation: view.operation,
    quantity: view.quantity,
    unit: view.unit,
    facility: { id: view.facility.id, name: view.facility.name, country: view.facility.country },
    recordedBy: { id: view.recordedBy.id, name: view.recordedBy.name, country: view.recordedBy.country },
    recordedAt: view.recordedAt,
    record: { cid: view.record.cid, digest: view.record.digest.toLowerCase() },
    chain: view.chain,
    ...(withRecord
      ? {
          description: view.description,
          occurredAt: view.occurredAt,
          documents: view.documents,
          inputs: view.inputs,
          fabric: view.fabric ?? null,
          cutting: view.cutting ?? null,
          sewing: view.sewing
            ? { ...view.sewing, garmentsRoot: view.sewing.garmentsRoot?.toLowerCase() ?? null }
            : null,
          shipment: view.shipment
            ? {
                ...view.shipment,
                from: {
                  id: view.shipment.from.id,
                  name: view.shipment.from.name,
                  country: view.shipment.from.country,
                },
                toFacility: view.shipment.toFacility
                  ? {
                      id: view.shipment.toFacility.id,
                      name: view.shipment.toFacility.name,
                      country: view.shipment.toFacility.country,
                    }
                  : null,
              }
            : null,
        }
      : {}),
  };
}

/**
 * The fields at which the read model's view of a lot differs from the checked one. Record fields are compared
 * only when the record was checked (`withRecord`); facility names only where the checked view knows them.
 */
export function indexDifferences(indexed: LotView, checked: LotView, withRecord: boolean): string[] {
  const out: string[] = [];
  const a = shown(indexed, withRecord);
  const b = shown(checked, withRecord);
  // A facility whose record could not be read has no checked name: nothing to compare the index's with.
  for (const [ia, cb] of [
    [a.facility, b.facility],
    [a.recordedBy, b.recordedBy],
  ] as const) {
    if (cb.name === null) ia.name = null;
    if (cb.country === "") ia.country = "";
  }
  if (a.shipment && b.shipment) {
    if (b.shipment.from.name === null) a.shipment.from.name = null;
    if (a.shipment.toFacility && b.shipment.toFacility?.name === null) a.shipment.toFacility.name = null;
  }
  differences(a, b, "", out);
  return out;
}
