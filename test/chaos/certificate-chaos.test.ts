/**
 * SIGKILL chaos for certificates: the service runs as a child process while certifier clients issue, supersede
 * and revoke origin certificates for many shipments at once, and is killed again and again mid-stream, then
 * restarted on the same data dir — each kill lands inside an issue, a supersession or a revocation in turn, at a
 * random point of its typical latency. Every request whose answer the crash swallowed is retried with its
 * Idempotency-Key until it is answered. At the end, on chain: the certificates anchored are exactly the ones
 * acknowledged (none lost, no unacknowledged duplicate — a retry finds its anchor again instead of sending a
 * second), every acknowledged revocation and supersession is there, and each shipment has exactly the one valid
 * certificate its acknowledged requests leave (none after a revocation); through the API, the valid ones verify
 * "valid" and each superseded one names its replacement.
 *
 * CHAOS_SCALE multiplies the kills; CHAOS_SEED replays a run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLedger } from "../../services/chain";
import { chainKey } from "../../services/chain/keys";
import { startServiceProcess, type ServiceProcess } from "../support/service-process";
import { killSupervisedNode } from "../support/anvil-node";
import { cutting, fabricLot, sewing } from "../support/api-harness";
import { mulberry32 } from "../support/seeded-random";
import { scaled } from "./world";

const OPERATOR_KEY = "chaos-certificates-operator-key-0123456789";
const KILLS = scaled(6);
const WRITERS = 4;
const SHIPMENTS_PER_WRITER = 10;

type Step = "issue" | "supersede" | "revoke";

interface Request {
  step: Step;
  shipment: string;
  idempotencyKey: string;
}

/** What the acknowledged answers say about one shipment. */
interface Shipment {
  id: string;
  /** The certificate valid now, as the acknowledged answers leave it (null: none, or revoked). */
  valid: string | null;
  steps: Step[];
  next: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A writer's plan for a shipment: issue and supersede it zero or one time, revoke it, issue again (nothing is
 * valid then, so no supersedes is needed), supersede zero or one time, then revoke it or leave it valid.
 */
function plan(random: () => number): Step[] {
  const steps: Step[] = ["issue"];
  if (random() < 0.5) steps.push("supersede");
  steps.push("revoke", "issue");
  if (random() < 0.5) steps.push("supersede");
  if (random() < 0.5) steps.push("revoke");
  return steps;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function post(url: string, apiKey: string, path: string, body: unknown, key: string): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      "idempotency-key": key,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("SIGKILL chaos: certificates", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-chaos-certificates-"));
  const env = {
    PORT: "0",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: OPERATOR_KEY,
    PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
  };
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.kill("SIGKILL");
    // On the anvil engine (CHAIN_ENGINE=anvil) the SIGKILLed service leaves its node running.
    killSupervisedNode(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`issues, supersedes and revokes exactly once through ${KILLS} kills under load`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    const context = `seed ${seed}`;
    const started = Date.now();

    service = await startServiceProcess(env);
    const operator = (path: string, body: unknown, key: string) =>
      post(service!.url, OPERATOR_KEY, path, body, key);
    const facility = await operator(
      "/api/v1/facilities",
      {
        id: "garment-1",
        name: "Thai Nguyen Garment",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505"],
      },
      "facility",
    );
    expect(facility.status, JSON.stringify(facility.body)).toBe(201);
    const certifierAnswer = await operator(
      "/api/v1/certifiers",
      { id: "vcci-hcm", name: "VCCI HCM" },
      "certifier",
    );
    expect(certifierAnswer.status, JSON.stringify(certifierAnswer.body)).toBe(201);
    const factoryKey = facility.body.apiKey as string;
    const certifierKey = certifierAnswer.body.apiKey as string;

    // Vietnamese yarn knitted in Viet Nam, cut and sewn there: originating under EVFTA for Germany.
    const shipments: Shipment[][] = [];
    const provenance: [string, unknown][] = [
      [
        "fabric-lots",
        fabricLot("FL-1", {
          supplier: { name: "Hanoi Knitting Mill", country: "VN" },
          stages: [
            { stage: "spinning", country: "VN" },
            { stage: "fabric-formation", country: "VN" },
          ],
        }),
      ],
      ["cuttings", cutting("CUT-1", "FL-1")],
      ["sewings", sewing("SEW-1", "CUT-1")],
    ];
    for (let writer = 0; writer < WRITERS; writer++) {
      shipments.push([]);
      for (let j = 0; j < SHIPMENTS_PER_WRITER; j++) {
        const id = `SHP-${writer}-${j}`;
        shipments[writer]!.push({ id, valid: null, steps: plan(random), next: 0 });
        provenance.push([
          "shipments",
          {
            id,
            inputs: [{ lotId: "SEW-1", quantity: { amount: 1, unit: "pcs" } }],
            buyer: { name: "Nordwind GmbH", country: "DE" },
            destinationCountry: "DE",
            invoiceNumber: `INV-${id}`,
            occurredAt: "2026-03-05T08:00:00Z",
          },
        ]);
      }
    }
    const record = async ([path, body]: [string, unknown]) => {
      const answer = await post(
        service!.url,
        factoryKey,
        `/api/v1/events/${path}`,
        body,
        `setup-${(body as { id: string }).id}`,
      );
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    };
    // The fabric, cutting and sewing in order; the shipments from the batch all at once (the relayer batches them).
    for (const step of provenance.slice(0, 3)) await record(step);
    await Promise.all(provenance.slice(3).map(record));
    const setUp = Date.now();

    const issued = new Set<string>();
    const revoked = new Set<string>();
    const superseded = new Map<string, string>(); // old -> new
    const uncertain = new Map<number, Request>();
    const counts = { issue: 0, supersede: 0, revoke: 0 };
    const lostAnswers = { issue: 0, supersede: 0, revoke: 0 };
    const inFlight = new Map<number, { step: Step; sentAt: number }>();
    const latencies: Record<Step, number[]> = { issue: [], supersede: [], revoke: [] };
    let foundAgain = 0;
    let revokedAgain = 0;

    /** The writer's next request, or null when its shipments are done. */
    const nextRequest = (writer: number): Request | null => {
      const shipment = shipments[writer]!.find((s) => s.next < s.steps.length);
      if (!shipment) return null;
      const step = shipment.steps[shipment.next]!;
      return { step, shipment: shipment.id, idempotencyKey: `${step}-${shipment.id}-${shipment.next}` };
    };
    const shipmentOf = (writer: number, id: string) => shipments[writer]!.find((s) => s.id === id)!;

    const send = (url: string, writer: number, request: Request): Promise<Answer> => {
      const shipment = shipmentOf(writer, request.shipment);
      if (request.step === "revoke")
        return post(
          url,
          certifierKey,
          `/api/v1/origin/certificates/${shipment.valid}/revoke`,
          { reason: `Revoked in the chaos run (${request.idempotencyKey})` },
          request.idempotencyKey,
        );
      return post(
        url,
        certifierKey,
        "/api/v1/origin/certificates",
        {
          subjectId: request.shipment,
          fta: "EVFTA",
          exporterAuthorisation: `VN-HCM-${request.idempotencyKey}`,
          ...(request.step === "supersede" ? { supersedes: shipment.valid } : {}),
        },
        request.idempotencyKey,
      );
    };

    const accept = (writer: number, request: Request, answer: Answer) => {
      const shipment = shipmentOf(writer, request.shipment);
      const expected = request.step === "revoke" ? 200 : 201;
      expect(answer.status, `${context}: ${request.idempotencyKey} ${JSON.stringify(answer.body)}`).toBe(
        expected,
      );
      if (request.step === "revoke") {
        expect(answer.body.id).toBe(shipment.valid);
        revoked.add(shipment.valid!);
        shipment.valid = null;
      } else {
        const id = answer.body.id as string;
        expect(issued.has(id), `${context}: ${id} answered to two requests`).toBe(false);
        expect(answer.body.replaces, context).toBe(request.step === "supersede" ? shipment.valid : null);
        if (request.step === "supersede") superseded.set(shipment.valid!, id);
        issued.add(id);
        shipment.valid = id;
      }
      counts[request.step]++;
      shipment.next++;
    };

    async function writer(index: number, url: string, stop: { now: boolean }): Promise<void> {
      while (!stop.now) {
        const request = nextRequest(index);
        if (!request) return;
        let answer: Answer;
        const sentAt = performance.now();
        inFlight.set(index, { step: request.step, sentAt });
        try {
          answer = await send(url, index, request);
        } catch {
          uncertain.set(index, request); // the service died under us: the outcome is unknown
          return;
        } finally {
          inFlight.delete(index);
        }
        latencies[request.step].push(performance.now() - sentAt);
        accept(index, request, answer);
      }
    }

    /**
     * Kills the service somewhere inside a request of kind `step`: once one is in flight, after a random part
     * of that kind's typical latency — before, during or after its IPFS write, its chain transaction and its
     * answer alike.
     */
    async function killDuring(step: Step): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 300 + random() * 500));
      const deadline = performance.now() + 3_000;
      let target: { step: Step; sentAt: number } | undefined;
      while (!target && performance.now() < deadline) {
        target = [...inFlight.values()].find((flight) => flight.step === step);
        if (!target) await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (target) {
        const typical = median(latencies[step]) ?? 150;
        const wait = target.sentAt + random() * typical - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      await service!.kill("SIGKILL");
    }

    for (let round = 0; round < KILLS; round++) {
      const stop = { now: false };
      const running = shipments.map((_, index) => writer(index, service!.url, stop));
      await killDuring((["issue", "supersede", "revoke"] as const)[round % 3]!);
      stop.now = true;
      await Promise.all(running);
      service = await startServiceProcess(env);
      for (const [index, request] of uncertain) {
        lostAnswers[request.step]++;
        // Did the killed attempt anchor before it died? Then the retry must answer that certificate.
        const before =
          request.step === "revoke"
            ? []
            : (
                (await (
                  await fetch(`${service.url}/api/v1/lots/${request.shipment}/certificates`)
                ).json()) as { certificates: { id: string }[] }
              ).certificates.map((c) => c.id);
        const revokedBefore =
          request.step === "revoke" &&
          (
            (await (
              await fetch(
                `${service.url}/api/v1/origin/certificates/${shipmentOf(index, request.shipment).valid}/verification`,
              )
            ).json()) as { verdict: string }
          ).verdict === "revoked";
        const answer = await send(service.url, index, request);
        if (request.step !== "revoke" && before.includes(answer.body.id as string)) foundAgain++;
        if (revokedBefore) revokedAgain++;
        accept(index, request, answer);
        uncertain.delete(index);
      }
    }
    // The rest of the plan, undisturbed.
    await Promise.all(shipments.map((_, index) => writer(index, service!.url, { now: false })));
    expect(uncertain.size, context).toBe(0);

    // Through the API: each shipment's valid certificate verifies; each superseded one names its replacement.
    for (const writerShipments of shipments) {
      for (const shipment of writerShipments) {
        const listed = (await (
          await fetch(`${service.url}/api/v1/lots/${shipment.id}/certificates`)
        ).json()) as { certificates: { id: string; status: string }[] };
        const valid = listed.certificates.filter((c) => c.status === "valid").map((c) => c.id);
        expect(valid, `${context}: valid certificates of ${shipment.id}`).toEqual(
          shipment.valid ? [shipment.valid] : [],
        );
      }
    }
    for (const [old, replacement] of superseded) {
      const verification = (await (
        await fetch(`${service.url}/api/v1/origin/certificates/${old}/verification`)
      ).json()) as { verdict: string; supersededBy: string | null };
      expect(verification, `${context}: ${old}`).toMatchObject({
        verdict: "revoked",
        supersededBy: replacement,
      });
    }
    await service.kill("SIGTERM");
    service = undefined;

    // On chain: exactly the acknowledged anchors, every acknowledged revocation and supersession.
    const ledger = await createLedger({ dataDir });
    try {
      const events = await ledger.readEvents(0);
      const anchored = events.flatMap((e) => (e.name === "CertificateAnchored" ? [e.certificateKey] : []));
      expect(new Set(anchored).size, `${context}: a certificate anchored twice`).toBe(anchored.length);
      expect(new Set(anchored), `${context}: anchors other than the acknowledged`).toEqual(
        new Set([...issued].map((id) => chainKey(id))),
      );
      for (const id of issued) {
        const state = await ledger.getCertificate(id);
        const shouldStand = !revoked.has(id) && !superseded.has(id);
        expect(state?.revokedAt === null, `${context}: ${id} ${shouldStand ? "valid" : "revoked"}`).toBe(
          shouldStand,
        );
      }
      const revocations = events.filter((e) => e.name === "CertificateRevoked").length;
      expect(revocations, `${context}: revocations on chain`).toBe(revoked.size + superseded.size);
    } finally {
      await ledger.close();
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const setUpSeconds = ((setUp - started) / 1000).toFixed(0);
    console.log(
      `SIGKILL chaos, certificates (${context}): ${KILLS} kills in ${seconds} s (${setUpSeconds} s to set up); acknowledged ${counts.issue} issues, ` +
        `${counts.supersede} supersessions, ${counts.revoke} revocations; answers lost and retried: ` +
        `${lostAnswers.issue} issues, ${lostAnswers.supersede} supersessions, ${lostAnswers.revoke} revocations ` +
        `(${foundAgain} retried certificates had been anchored before the kill and were found again, ` +
        `${revokedAgain} retried revocations had reached the chain and answered 200); ` +
        `${issued.size} anchors on chain, 0 unacknowledged, 0 doubled`,
    );
  }, 600_000);
});
