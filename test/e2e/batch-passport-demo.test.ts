/**
 * The signed passports of the demo's garment batches (the `npm start` seed, through the public API): each
 * validates against UNTP's DPP 0.6.1 schema and verifies with Digital Bazaar's verifier against the programme's
 * did:web document; its materials and facilities are the recorded ones, as the verified provenance gives them;
 * its conformity claims are the batch's issued origin certificates, valid.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { createVerifyCryptosuite } from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import * as vc from "@digitalbazaar/vc";
import { contexts as didContexts } from "did-context";
import { JsonLdDocumentLoader } from "jsonld-document-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, type SeedResult } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { readStandardsJson } from "../support/standards";
import { VC_V2_CONTEXT_URL, errorMessages } from "../support/vc-verifier";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const dppSchema = ajv.compile(
  readStandardsJson<Record<string, unknown>>("untp-0.6.1", "untp-dpp-schema.json"),
);

/** An outsider's offline loader: static contexts, and did:web resolved to the DID document it fetched. */
function loaderResolving(didDocument: Json) {
  const loader = new JsonLdDocumentLoader();
  loader.addStatic(VC_V2_CONTEXT_URL, readStandardsJson("w3c", "credentials-v2.jsonld"));
  for (const map of [didContexts, multikeyContexts, dataIntegrityContexts])
    for (const [url, document] of map) loader.addStatic(url, document);
  loader.setProtocolHandler({
    protocol: "did",
    handler: {
      get: async ({ url }) => {
        if (url.split("#")[0] !== didDocument.id) throw new Error(`No DID document for ${url}`);
        if (!url.includes("#")) return didDocument;
        const method = (didDocument.verificationMethod as Json[]).find((m) => m.id === url);
        if (!method) throw new Error(`No verification method ${url}`);
        return { "@context": "https://w3id.org/security/multikey/v1", ...method };
      },
    },
  });
  return loader.build();
}

interface Fibre {
  fibre: string;
  percent: number;
}

describe("the demo batches' signed passports", () => {
  let t: TestService;
  let seed: SeedResult;
  let didDocument: Json;
  const batches: { gtin: string; lot: string; fta: string }[] = [];
  const getJson = async (path: string, accept = "application/json") => {
    const answer = await fetch(`${t.service.url}${path}`, { headers: { accept } });
    expect(answer.status, path).toBe(200);
    return (await answer.json()) as Json;
  };

  beforeAll(async () => {
    t = await startTestService();
    seed = await seedDemo({
      baseUrl: t.service.url,
      operatorApiKey: OPERATOR_KEY,
      garmentSecret: loadGarmentSecret(t.dataDir),
    });
    for (const garment of seed.garments) {
      const [, gtin, lot] = /\/01\/(\d{14})\/10\/([^/]+)\/21\//.exec(new URL(garment.url).pathname)!;
      batches.push({ gtin: gtin!, lot: decodeURIComponent(lot!), fta: garment.fta });
    }
    didDocument = await getJson("/.well-known/did.json");
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("finds the three demo batches", () => {
    expect(batches).toHaveLength(3);
  });

  it("signs each batch's passport: valid against UNTP's DPP schema, verified by Digital Bazaar's verifier", async () => {
    for (const { gtin, lot } of batches) {
      const passport = await getJson(`/api/v1/passports/${gtin}/${lot}`, "application/vc+ld+json");
      expect(dppSchema(passport), `${lot}: ${JSON.stringify(dppSchema.errors)}`).toBe(true);
      const result = await vc.verifyCredential({
        credential: passport,
        suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
        documentLoader: loaderResolving(didDocument),
      });
      expect(errorMessages(result), lot).toEqual([]);
      expect(result.verified, lot).toBe(true);
    }
  });

  it("states the recorded materials and the facility of each step", async () => {
    for (const { gtin, lot } of batches) {
      const passport = await getJson(`/api/v1/passports/${gtin}/${lot}`);
      const subject = passport.credentialSubject;
      const provenance = await getJson(`/api/v1/provenance/${encodeURIComponent(lot)}`);
      const nodes = provenance.nodes as Json[];
      // Fabrics: every fibre of every fabric lot upstream, placed where the fabric was formed.
      const expectedFabrics = nodes
        .filter((node) => node.operation === "fabric-lot")
        .flatMap((node) =>
          (node.fabric.composition as Fibre[]).map((part) => ({
            lot: node.id as string,
            name: part.fibre,
            originCountry: (node.fabric.stages as Json[]).find((s) => s.stage === "fabric-formation")!
              .country,
          })),
        );
      const sewing = nodes.find((node) => node.id === lot)!;
      const expectedTrims = (sewing.sewing.trims as Json[]).map((trim) => ({
        lot,
        name: trim.description as string,
        originCountry: trim.originCountry as string,
      }));
      const stated = (subject.materialsProvenance as Json[]).map((m) => ({
        lot: m.materialSource.lotId,
        name: m.name,
        originCountry: m.originCountry,
      }));
      const byKey = (a: Json, b: Json) => JSON.stringify(a).localeCompare(JSON.stringify(b));
      expect([...stated].sort(byKey), lot).toEqual([...expectedFabrics, ...expectedTrims].sort(byKey));
      // Mass fractions: all there (every demo weight is recorded), adding up to the whole garment.
      const fractions = (subject.materialsProvenance as Json[]).map((m) => m.massFraction as number);
      expect(
        fractions.every((f) => f > 0 && f <= 1),
        lot,
      ).toBe(true);
      expect(fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      // Fibres of one fabric keep their composition's proportions.
      for (const fabric of nodes.filter((node) => node.operation === "fabric-lot")) {
        const parts = fabric.fabric.composition as Fibre[];
        const masses = (subject.materialsProvenance as Json[])
          .filter((m) => m.materialSource.lotId === fabric.id)
          .map((m) => m.mass.value as number);
        const total = masses.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => expect(masses[i]! / total).toBeCloseTo(part.percent / 100, 4));
      }
      // Every upstream step, with the facility that recorded it.
      const steps = new Map(
        (subject.traceabilityInformation as Json[]).map((s) => [s.lotId, s.facility.registeredId]),
      );
      for (const node of nodes) expect(steps.get(node.id), `${lot} ${node.id}`).toBe(node.recordedBy.id);
      expect(subject.product).toMatchObject({
        registeredId: gtin,
        batchNumber: lot,
        producedAtFacility: { registeredId: sewing.recordedBy.id, name: sewing.recordedBy.name },
        countryOfProduction: sewing.recordedBy.country,
      });
    }
  });

  it("claims conformity with each issued origin certificate over the batch, valid and pointing at it", async () => {
    const issued = seed.certificates.filter((c) => c.outcome === "issued");
    expect(issued.length).toBe(2); // CPTPP to Japan, EVFTA to Germany
    let claims = 0;
    for (const { gtin, lot } of batches) {
      const passport = await getJson(`/api/v1/passports/${gtin}/${lot}`);
      for (const claim of passport.credentialSubject.conformityClaim as Json[]) {
        claims++;
        expect(claim).toMatchObject({ conformance: true, certificateStatus: "valid" });
        expect(
          issued.some((c) => c.url?.endsWith(`/${claim.certificateId}`)),
          claim.certificateId,
        ).toBe(true);
        const credential = await getJson(new URL(claim.id).pathname, "application/vc+ld+json");
        expect(credential.id).toBe(claim.id);
      }
    }
    expect(claims).toBe(issued.length);
  });

  it("states a revocation in the next passport it signs: the claim no longer conforms, and the new copy verifies", async () => {
    let target: { gtin: string; lot: string; certificateId: string } | undefined;
    for (const { gtin, lot } of batches) {
      const claims = (await getJson(`/api/v1/passports/${gtin}/${lot}`)).credentialSubject
        .conformityClaim as Json[];
      if (claims[0]) target = { gtin, lot, certificateId: claims[0].certificateId as string };
    }
    expect(target).toBeDefined();
    const path = `/api/v1/passports/${target!.gtin}/${target!.lot}`;
    const before = await fetch(`${t.service.url}${path}`);
    const revoked = await t.call("POST", `/api/v1/origin/certificates/${target!.certificateId}/revoke`, {
      key: OPERATOR_KEY,
      body: { reason: "issued on a wrong invoice" },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const after = await fetch(`${t.service.url}${path}`);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const passport = (await after.json()) as Json;
    const claim = (passport.credentialSubject.conformityClaim as Json[]).find(
      (c) => c.certificateId === target!.certificateId,
    );
    expect(claim).toMatchObject({ conformance: false, certificateStatus: "revoked" });
    const result = await vc.verifyCredential({
      credential: passport,
      suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
      documentLoader: loaderResolving(didDocument),
    });
    expect(errorMessages(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });
});
