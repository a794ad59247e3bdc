/**
 * Records, through the real API, a Vietnamese T-shirt batch of Vietnamese fabric (originating under EVFTA),
 * shipped to Germany in several shipments, and has the certifier `vcci-hcm` issue an EVFTA certificate for
 * some of them: the set-up of the credential tests.
 */
import { expect } from "vitest";
import { OPERATOR_KEY, cutting, fabricLot, sewing } from "./api-harness";
import type { Json, TestService } from "./api-harness";

export interface CertifiedShipments {
  /** The factory's and the certifier's API keys. */
  factory: string;
  certifier: string;
  /** The issued credentials, in the order of `certify`. */
  certificates: Json[];
}

/** Ships 100 garments of SEW-1 in each of `shipments` and certifies those in `certify` under EVFTA. */
export async function recordCertifiedShipments(
  t: TestService,
  options: { shipments: readonly string[]; certify: readonly string[] },
): Promise<CertifiedShipments> {
  const facility = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: {
      id: "garment-thai-nguyen",
      name: "Thai Nguyen Garment",
      country: "VN",
      roles: ["fabric", "cutting", "sewing", "shipping"],
      gtinPrefixes: ["8938505"],
    },
  });
  expect(facility.status, JSON.stringify(facility.body)).toBe(201);
  const factory = facility.body.apiKey as string;
  const registered = await t.call("POST", "/api/v1/certifiers", {
    key: OPERATOR_KEY,
    body: { id: "vcci-hcm", name: "VCCI Hồ Chí Minh" },
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const certifier = registered.body.apiKey as string;
  const steps: [string, Record<string, unknown>][] = [
    [
      "fabric-lots",
      fabricLot("FL-1", {
        supplier: { name: "Thai Nguyen Garment", country: "VN" },
        stages: [
          { stage: "spinning", country: "VN" },
          { stage: "fabric-formation", country: "VN" },
        ],
      }),
    ],
    ["cuttings", cutting("CUT-1", "FL-1")],
    ["sewings", sewing("SEW-1", "CUT-1")],
    ...options.shipments.map((id, n): [string, Record<string, unknown>] => [
      "shipments",
      {
        id,
        inputs: [{ lotId: "SEW-1", quantity: { amount: 100, unit: "pcs" } }],
        buyer: { name: "Nordwind GmbH", country: "DE" },
        destinationCountry: "DE",
        invoiceNumber: `INV-DE-${n}`,
        occurredAt: `2026-03-0${6 + n}T08:00:00Z`,
      },
    ]),
  ];
  for (const [path, body] of steps) {
    const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
    expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
  }
  const certificates: Json[] = [];
  for (const subjectId of options.certify) {
    const issued = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId, fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    certificates.push(issued.body.credential);
  }
  return { factory, certifier, certificates };
}
