/**
 * A capture's events committed on chain (one `CommitEvents` operation per capture, signed by the facility)
 * and shown on the garment page they name, each checked against that commitment: its record in IPFS
 * reproduces its event hash, its proof leads to its capture's root, the chain holds that root for the
 * facility. Real chain, Helia, SQLite and HTTP; the forgeries are made in the service database, which is
 * what a facility with access to the host (or a bug) could alter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../services/chain/keys";
import { eventLeaf } from "../../services/epcis/commitment";
import { SHOWN_EVENTS } from "../../services/provenance/supply-chain-events";
import { startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";

const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const BATCH = `https://id.gs1.org/01/${GTIN}/10/SEW-0001`;
const garmentUri = (serial: number) => `https://id.gs1.org/01/${GTIN}/21/${serial}`;

let t: TestService;
let life: RecordedLife;
let factoryKey: string;

function inspection(time: string, what: { epc?: string; epcClass?: string }, disposition = "conformant") {
  return {
    type: "ObjectEvent",
    eventTime: time,
    eventTimeZoneOffset: "+07:00",
    action: "OBSERVE",
    bizStep: "inspecting",
    disposition,
    ...(what.epc ? { epcList: [what.epc] } : {}),
    ...(what.epcClass ? { quantityList: [{ epcClass: what.epcClass, quantity: 10, uom: "H87" }] } : {}),
    readPoint: { id: "urn:epc:id:sgln:8938505.00001.0" },
  };
}

function document(events: unknown[]) {
  return {
    "@context": [EPCIS_CONTEXT],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: "2026-03-06T09:00:00+07:00",
    epcisBody: { eventList: events },
  };
}

async function capture(events: unknown[]): Promise<{ id: string; job: Json }> {
  const answer = await t.call("POST", "/epcis/capture", {
    key: factoryKey,
    rawBody: JSON.stringify(document(events)),
    headers: { "content-type": "application/ld+json" },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const location = answer.headers.get("location")!;
  for (;;) {
    const job = await t.call("GET", location, { key: factoryKey });
    if (!job.body.running) return { id: location.split("/").pop()!, job: job.body };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function garmentJson(serial: number): Promise<Json> {
  const answer = await t.call("GET", `/01/${GTIN}/10/SEW-0001/21/${serial}`, {
    headers: { accept: "application/json" },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  t = await startTestService();
  life = await recordGarmentLife(t, "0001", 20);
  factoryKey = life.keys["factory-0001"]!;
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe("event commitments on chain", () => {
  let first: { id: string; job: Json };

  it("commits each capture's events root on chain for the capturing facility", async () => {
    first = await capture([
      inspection("2026-03-06T08:00:00+07:00", { epc: garmentUri(3) }),
      inspection("2026-03-06T08:30:00+07:00", { epcClass: BATCH }),
    ]);
    expect(first.job.success, JSON.stringify(first.job.errors)).toBe(true);
    expect(first.job.events.map((event: Json) => event.outcome)).toEqual(["kept", "kept"]);
    const onChain = await t.service.ledger.eventCommitment(`epcis-capture:${first.id}`);
    expect(onChain).not.toBeNull();
    expect(onChain!.eventsRoot).toBe(first.job.captureRoot);
    expect(onChain!.facilityKey).toBe(chainKey("factory-0001"));
    // Another capture's id holds nothing.
    expect(await t.service.ledger.eventCommitment("epcis-capture:not-a-capture")).toBeNull();
  });

  it("shows the events naming a garment or its batch on its page, verified against the chain", async () => {
    const three = await garmentJson(3);
    expect(three.supplyChainEvents.total).toBe(2);
    expect(three.supplyChainEvents.events.map((event: Json) => event.verdict)).toEqual([
      "verified",
      "verified",
    ]);
    // Newest first: the batch inspection (08:30) before the garment's own (08:00).
    expect(three.supplyChainEvents.events.map((event: Json) => event.bizStep)).toEqual([
      "inspecting",
      "inspecting",
    ]);
    expect(three.supplyChainEvents.events[0].disposition).toBe("conformant");
    expect(three.supplyChainEvents.events[0].recordUrl).toMatch(/^\/ipfs\/bafkrei/);
    const four = await garmentJson(4);
    expect(four.supplyChainEvents.total).toBe(1);
    expect(four.supplyChainEvents.queryUrl).toContain(encodeURIComponent(BATCH));

    const page = await t.call("GET", `/01/${GTIN}/10/SEW-0001/21/3?ac=${life.code("SEW-0001", 3)}`, {
      headers: { accept: "text/html", "accept-language": "vi" },
    });
    expect(page.body).toContain("Các sự kiện khác đã ghi nhận");
    expect(page.body).toContain("Đã xác minh trên chuỗi khối");
    expect(page.body).toContain("Kiểm tra");
    // The CBV disposition in the page's words, not the vocabulary's.
    expect(page.body).toContain("Tình trạng: Đạt yêu cầu");
    expect(page.body).not.toContain("conformant");
  });

  describe("forged rows", () => {
    const db = () => t.service.serviceDb;
    const rowOf = (eventID: string) =>
      db()
        .prepare("SELECT seq, proof, capture_root, record_cid FROM epcis_events WHERE event_id = ?")
        .get(eventID) as {
        seq: number;
        proof: string;
        capture_root: string;
        record_cid: string;
      };
    const set = (seq: number, column: string, value: string) =>
      db().prepare(`UPDATE epcis_events SET ${column} = ? WHERE seq = ?`).run(value, seq);
    const verdictOf = async (eventID: string) => {
      const view = (await garmentJson(3)).supplyChainEvents;
      return view.events.find((event: Json) => event.eventID === eventID);
    };

    it("a proof that does not lead to the root is tampered", async () => {
      const eventID = first.job.events[0].eventID;
      const row = rowOf(eventID);
      set(row.seq, "proof", JSON.stringify([`0x${"ab".repeat(32)}`]));
      try {
        expect((await verdictOf(eventID)).verdict).toBe("tampered");
      } finally {
        set(row.seq, "proof", row.proof);
      }
      expect((await verdictOf(eventID)).verdict).toBe("verified");
    });

    it("a root the chain does not hold for the capture is tampered, even with a proof that leads to it", async () => {
      const eventID = first.job.events[0].eventID;
      const row = rowOf(eventID);
      // A one-event tree: the root is the leaf itself and the proof is empty, so the proof checks out.
      const hash = first.job.events[0].eventHash;
      set(row.seq, "capture_root", eventLeaf(hash));
      set(row.seq, "proof", "[]");
      try {
        const forged = await verdictOf(eventID);
        expect(forged.verdict).toBe("tampered");
        expect(forged.reason).toMatch(/root differs from the chain/);
      } finally {
        set(row.seq, "capture_root", row.capture_root);
        set(row.seq, "proof", row.proof);
      }
    });

    it("a record that is another event's is never shown as verified", async () => {
      const [garmentEvent, batchEvent] = first.job.events.map((event: Json) => rowOf(event.eventID));
      set(garmentEvent!.seq, "record_cid", batchEvent!.record_cid);
      try {
        const forged = await verdictOf(first.job.events[0].eventID);
        expect(forged.verdict).not.toBe("verified");
      } finally {
        set(garmentEvent!.seq, "record_cid", garmentEvent!.record_cid);
      }
      expect((await verdictOf(first.job.events[0].eventID)).verdict).toBe("verified");
    });
  });

  it("lists at most the newest ten on a page and counts the rest", async () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      inspection(
        `2026-03-07T${String(8 + Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 10).padStart(2, "0")}:00+07:00`,
        {
          epcClass: BATCH,
        },
      ),
    );
    const job = await capture(many);
    expect(job.job.success).toBe(true);
    const view = (await garmentJson(5)).supplyChainEvents;
    expect(view.total).toBe(16);
    expect(view.events).toHaveLength(SHOWN_EVENTS);
    expect(view.events.every((event: Json) => event.verdict === "verified")).toBe(true);
    const page = await t.call("GET", `/01/${GTIN}/10/SEW-0001/21/5?ac=${life.code("SEW-0001", 5)}`, {
      headers: { accept: "text/html" },
    });
    expect(page.body).toContain(`The newest ${SHOWN_EVENTS} of 16 events.`);
  });
});
