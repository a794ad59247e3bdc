/**
 * The signed Digital Product Passport of a garment batch, against the real service: it validates against
 * UNTP's DPP 0.6.1 JSON Schema and the VC 2.0 JSON Schema, expands under `jsonld` in safe mode with local
 * contexts only, and Digital Bazaar's verifier accepts it with the programme's did:web document fetched from
 * the service (as an outsider resolves it) — and refuses a tampered copy. Its materials and facilities are the
 * recorded ones; the resolver links it (`gs1:dpp`), and the batch's EPCIS events (`gs1:epcis`, two choices:
 * 300); the key is the same after a restart.
 */
import { verify } from "node:crypto";
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
import { publicKeyFromDidKey } from "../../services/credentials/did-key";
import { threadproofVocabulary } from "../../services/credentials/contexts";
import { startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";
import { expandSafely } from "../support/json-ld";
import { readStandardsJson } from "../support/standards";
import { VC_V2_CONTEXT_URL, errorMessages } from "../support/vc-verifier";

const ORIGIN = "https://trace.example.vn";
const PROGRAMME_DID = "did:web:trace.example.vn";
const LINKSET = "application/linkset+json";
const GS1 = "https://gs1.org/voc/";
const PASSPORT_PATH = `/api/v1/passports/${GTIN}/SEW-0001`;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const dppSchema = ajv.compile(
  readStandardsJson<Record<string, unknown>>("untp-0.6.1", "untp-dpp-schema.json"),
);
const vcSchema = (() => {
  const draft = new Ajv2020({ strict: false, allErrors: true });
  addFormats(draft);
  const schema = readStandardsJson<Record<string, unknown>>("w3c", "verifiable-credential-schema.json");
  delete schema.$schema; // the VC schema names draft 2020-12 itself
  return draft.compile(schema);
})();

/**
 * An offline loader as an outside verifier builds it: the VC 2.0, DID, Multikey and Data Integrity contexts,
 * and did:web resolved to the DID document it fetched (its verification methods by id).
 */
function loaderResolving(didDocument: Json) {
  const loader = new JsonLdDocumentLoader();
  loader.addStatic(VC_V2_CONTEXT_URL, readStandardsJson("w3c", "credentials-v2.jsonld"));
  for (const map of [didContexts, multikeyContexts, dataIntegrityContexts])
    for (const [url, document] of map) loader.addStatic(url, document);
  loader.setProtocolHandler({
    protocol: "did",
    handler: {
      get: async ({ url }) => {
        const [did] = url.split("#");
        if (did !== didDocument.id) throw new Error(`No DID document for ${url}`);
        if (!url.includes("#")) return didDocument;
        const method = (didDocument.verificationMethod as Json[]).find((m) => m.id === url);
        if (!method) throw new Error(`No verification method ${url}`);
        return { "@context": "https://w3id.org/security/multikey/v1", ...method };
      },
    },
  });
  return loader.build();
}

const verifyAsOutsider = (credential: unknown, didDocument: Json) =>
  vc.verifyCredential({
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
    documentLoader: loaderResolving(didDocument),
  });

/** Every property IRI in an expanded document (`@json` values are opaque and not walked). */
function propertyIris(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) propertyIris(item, into);
  else if (node && typeof node === "object" && !("@value" in node)) {
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith("@")) into.add(key);
      propertyIris(value, into);
    }
  }
  return into;
}

describe("the signed batch passport", () => {
  let t: TestService;
  let life: RecordedLife;
  let passport: Json;
  let didDocument: Json;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.service.url}${path}`, { headers, redirect: "manual" });

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: ORIGIN });
    life = await recordGarmentLife(t);
    const answer = await get(PASSPORT_PATH, { accept: "application/vc+ld+json" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/vc\+ld\+json/);
    passport = await answer.json();
    didDocument = await (await get("/.well-known/did.json")).json();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("validates against the UNTP DPP 0.6.1 schema and the VC 2.0 schema", () => {
    const valid = dppSchema(passport);
    expect(dppSchema.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(vcSchema(passport), JSON.stringify(vcSchema.errors)).toBe(true);
    expect(passport).toMatchObject({
      id: `${ORIGIN}${PASSPORT_PATH}`,
      issuer: { id: PROGRAMME_DID },
      credentialSubject: {
        granularityLevel: "batch",
        product: {
          registeredId: GTIN,
          batchNumber: "SEW-0001",
          name: "men's cotton T-shirt",
          style: ["TS-01"],
        },
      },
    });
    // A check that can fail: an enumeration UNTP does not have.
    const broken = structuredClone(passport);
    broken.credentialSubject.granularityLevel = "lot";
    expect(dppSchema(broken)).toBe(false);
  });

  it("expands in safe mode with local contexts only, its own terms in threadproof's vocabulary", async () => {
    const { proof: _proof, ...unsigned } = passport;
    const [expanded] = await expandSafely(unsigned, ORIGIN);
    const iris = propertyIris(expanded);
    expect(iris).toContain("https://www.w3.org/2018/credentials#credentialSubject");
    expect([...iris].some((iri) => iri.startsWith("https://test.uncefact.org/vocabulary/untp/"))).toBe(true);
    expect(iris).toContain(`${threadproofVocabulary(ORIGIN)}materialSource`);
    // Without threadproof's context its own terms are dropped, and safe mode says so.
    const bare = { ...unsigned, "@context": (unsigned["@context"] as string[]).slice(0, 2) };
    await expect(expandSafely(bare, ORIGIN)).rejects.toThrow();
  });

  it("is signed by the programme's did:web key, which Digital Bazaar's verifier resolves from /.well-known/did.json", async () => {
    expect(didDocument.id).toBe(PROGRAMME_DID);
    expect(passport.proof).toMatchObject({
      cryptosuite: "eddsa-jcs-2022",
      verificationMethod: expect.stringMatching(new RegExp(`^${PROGRAMME_DID}#z6Mk`)),
    });
    expect(didDocument.assertionMethod).toContain(passport.proof.verificationMethod);
    const result = await verifyAsOutsider(passport, didDocument);
    expect(errorMessages(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it("the service's own verifier API checks its proof against the programme's did:web, and refuses a tampered copy", async () => {
    const verify = async (credential: unknown) => {
      const answer = await fetch(`${t.service.url}/credentials/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ verifiableCredential: credential }),
      });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { checks: { check: string; status: string }[] };
      return Object.fromEntries(body.checks.map((line) => [line.check, line.status]));
    };
    const checks = await verify(passport);
    expect(checks.proof).toBe("valid");
    expect(checks["issuer-key"]).toBe("valid");
    const tampered = structuredClone(passport);
    tampered.credentialSubject.product.batchNumber = "SEW-9999";
    expect((await verify(tampered)).proof).toBe("invalid");
  });

  it("a tampered copy fails verification", async () => {
    const tampered = structuredClone(passport);
    tampered.credentialSubject.materialsProvenance[0].originCountry = "VN";
    const result = await verifyAsOutsider(tampered, didDocument);
    expect(result.verified).toBe(false);
    // And a key the DID document does not list is not the programme's.
    const foreign = { ...didDocument, verificationMethod: [], assertionMethod: [] };
    expect((await verifyAsOutsider(passport, foreign)).verified).toBe(false);
  });

  it("states the recorded materials with origin countries and mass fractions, and the facility of each step", async () => {
    const subject = passport.credentialSubject;
    // FL-0001: 95 % cotton, 5 % elastane, formed in KR, 260 kg for 1,200 m; 300 m cut into 2,400 pieces, 2,400
    // pieces sewn into 100 garments: 0.065 kg of fabric per garment. Buttons: 0.4 kg for the batch, from CN.
    const fabricPerGarment = (260 * 300) / 1200 / 100;
    const buttons = 0.4 / 100;
    const total = fabricPerGarment + buttons;
    const materials = subject.materialsProvenance.map((m: Json) => ({
      name: m.name,
      originCountry: m.originCountry,
      lot: m.materialSource.lotId,
      kg: m.mass.value,
      share: m.massFraction,
    }));
    expect(materials).toEqual([
      {
        name: "cotton",
        originCountry: "KR",
        lot: "FL-0001",
        kg: expect.any(Number),
        share: expect.any(Number),
      },
      {
        name: "elastane",
        originCountry: "KR",
        lot: "FL-0001",
        kg: expect.any(Number),
        share: expect.any(Number),
      },
      {
        name: "buttons",
        originCountry: "CN",
        lot: "SEW-0001",
        kg: expect.any(Number),
        share: expect.any(Number),
      },
    ]);
    expect(materials[0].kg).toBeCloseTo(fabricPerGarment * 0.95, 6);
    expect(materials[1].kg).toBeCloseTo(fabricPerGarment * 0.05, 6);
    expect(materials[2].kg).toBeCloseTo(buttons, 6);
    expect(materials[0].share).toBeCloseTo((fabricPerGarment * 0.95) / total, 4);
    expect(materials[2].share).toBeCloseTo(buttons / total, 4);

    // Each step's facility is the one that recorded it, as the verified provenance shows it.
    const provenance = await (await get("/api/v1/provenance/SHP-0001")).json();
    const recordedBy = new Map(
      (provenance.nodes as Json[]).map((node) => [node.id, node.recordedBy.id as string]),
    );
    const steps = subject.traceabilityInformation.map((s: Json) => [
      s.lotId,
      s.valueChainProcess,
      s.facility.registeredId,
    ]);
    expect(steps).toEqual([
      ["FL-0001", "fabric production", "factory-0001"],
      ["CUT-0001", "cutting", "factory-0001"],
      ["SEW-0001", "sewing", "factory-0001"],
      ["TR-0001", "shipment", "factory-0001"],
      ["SHP-0001", "shipment", "export-0001"],
    ]);
    for (const [lotId, , facility] of steps) expect(recordedBy.get(lotId), lotId).toBe(facility);
    // Each step links its event record by hash and its EPCIS document; the batch its captured events too.
    for (const step of subject.traceabilityInformation as Json[]) {
      expect(step.verifiedRatio).toBe(1);
      expect(step.traceabilityEvent[0].linkURL).toBe(`${ORIGIN}/ipfs/${life.recordCids[step.lotId]}`);
      expect(step.traceabilityEvent[1].linkURL).toBe(`${ORIGIN}/api/v1/lots/${step.lotId}/epcis`);
    }
    const sewing = (subject.traceabilityInformation as Json[]).find((s) => s.lotId === "SEW-0001");
    expect(sewing.traceabilityEvent[2].linkURL).toBe(
      `${ORIGIN}/epcis/events?MATCH_anyEPCClass=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/10/SEW-0001`)}`,
    );
    expect(subject.conformityClaim).toEqual([]);
  });

  it("answers the same signed bytes while nothing it states changes, and a JOSE copy of the same content", async () => {
    const again = await get(PASSPORT_PATH);
    expect(await again.json()).toEqual(passport);
    const jwtAnswer = await get(PASSPORT_PATH, { accept: "application/vc+jwt" });
    expect(jwtAnswer.status).toBe(200);
    expect(jwtAnswer.headers.get("content-type")).toMatch(/^application\/vc\+jwt/);
    const [header, payload, signature] = (await jwtAnswer.text()).split(".") as [string, string, string];
    const decoded = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    expect(decoded(header)).toMatchObject({
      alg: "EdDSA",
      typ: "vc+jwt",
      kid: passport.proof.verificationMethod,
    });
    const { proof: _proof, ...content } = passport;
    expect(decoded(payload)).toEqual(content);
    const key = await publicKeyFromDidKey(didDocument.alsoKnownAs[0]);
    const signed = verify(
      null,
      Buffer.from(`${header}.${payload}`),
      key!,
      Buffer.from(signature, "base64url"),
    );
    expect(signed).toBe(true);
    expect(
      verify(null, Buffer.from(`${header}.${payload}x`), key!, Buffer.from(signature, "base64url")),
    ).toBe(false);
  });

  it("answers 404 for a batch nobody recorded and 400 for a bad GTIN", async () => {
    expect((await get(`/api/v1/passports/${GTIN}/NOPE-1`)).status).toBe(404);
    expect((await get("/api/v1/passports/08938505974018/SEW-0001")).status).toBe(400);
  });

  it("is the gs1:dpp link of the batch and of its garments, and gs1:productPassport resolves to it", async () => {
    for (const path of [
      `/01/${GTIN}/10/SEW-0001`,
      `/01/${GTIN}/10/SEW-0001/21/3?ac=${life.code("SEW-0001", 3)}`,
    ]) {
      const answer = await get(path, { accept: LINKSET, "accept-language": "vi" });
      const [context] = (await answer.json()).linkset;
      expect(context[`${GS1}dpp`], path).toEqual([
        {
          href: `${ORIGIN}${PASSPORT_PATH}`,
          type: "application/vc+ld+json",
          title: "Hộ chiếu sản phẩm số",
          hreflang: ["en"],
        },
      ]);
    }
    const redirect = await get(`/01/${GTIN}/10/SEW-0001?linkType=gs1:productPassport`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe(`${ORIGIN}${PASSPORT_PATH}`);
    const page = await (await get(`/01/${GTIN}/10/SEW-0001`, { accept: "text/html" })).text();
    expect(page).toContain(`href="${PASSPORT_PATH}"`);
  });

  it("uses the same key after a restart: passports signed before it still verify against the DID document", async () => {
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    t = await startTestService({ PUBLIC_BASE_URL: ORIGIN }, dataDir);
    const after = await (await get("/.well-known/did.json")).json();
    expect(after.verificationMethod).toEqual(didDocument.verificationMethod);
    expect((await verifyAsOutsider(passport, after)).verified).toBe(true);
  }, 120_000);
});
