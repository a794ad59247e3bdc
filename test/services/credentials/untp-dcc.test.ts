/**
 * The origin certificate as a UNTP Digital Conformity Credential 0.6.1: it validates against UNTP's DCC JSON
 * Schema and the VC 2.0 JSON Schema (both from the shared standards data), and expands under `jsonld` in safe
 * mode with local contexts only, so no term is dropped.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { threadproofVocabulary } from "../../../services/credentials/contexts";
import { signedOriginCredential } from "../../support/certificates";
import { expandSafely } from "../../support/json-ld";
import { readStandardsJson } from "../../support/standards";

const BASE = "https://trace.example.vn";
const ISSUED_AT = new Date("2026-03-05T09:00:00Z");

function validator(schemaFile: [string, string]) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(readStandardsJson<Record<string, unknown>>(...schemaFile));
}
const dccSchema = validator(["untp-0.6.1", "untp-dcc-schema.json"]);

async function credentialFor(fta: "EVFTA" | "CPTPP", importingCountry: string) {
  const { credential } = await signedOriginCredential({
    id: `CO-${fta}-20260305-0A1B2C3D`,
    subjectLotId: "SHP-0001",
    fta,
    importingCountry,
    issuedAt: ISSUED_AT,
    validUntil: new Date("2027-03-05T09:00:00Z"),
  });
  return credential;
}

/** Every property IRI in an expanded document, at any depth (`@json` values are opaque and not walked). */
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

describe.each([
  ["EVFTA", "DE"],
  ["CPTPP", "JP"],
] as ["EVFTA" | "CPTPP", string][])("the %s origin certificate", (fta, importingCountry) => {
  it("validates against the UNTP DCC 0.6.1 schema", async () => {
    const credential = await credentialFor(fta, importingCountry);
    const valid = dccSchema(credential);
    expect(dccSchema.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(credential.credentialSubject).toMatchObject({
      assessorLevel: "Self",
      attestationType: fta === "CPTPP" ? "certification" : "declaration",
    });
  });

  it("expands in safe mode with local contexts, its own terms in threadproof's vocabulary", async () => {
    const credential = await credentialFor(fta, importingCountry);
    const [expanded] = await expandSafely(credential, BASE);
    const iris = propertyIris(expanded);
    const vocab = threadproofVocabulary(BASE);
    expect(iris).toContain(`${vocab}certificateId`);
    expect(iris).toContain(`${vocab}facts`);
    expect(iris).toContain("https://www.w3.org/2018/credentials#credentialSubject");
    // UNTP's terms keep UNTP's meaning.
    expect([...iris].filter((iri) => iri.startsWith("https://test.uncefact.org/vocabulary/untp/"))).toEqual(
      expect.arrayContaining([expect.stringContaining("assessorLevel")]),
    );
  });
});

describe("the checks can fail", () => {
  it("refuses a credential whose assessor level is outside UNTP's enumeration", async () => {
    const credential = await credentialFor("EVFTA", "DE");
    (credential.credentialSubject as Record<string, unknown>).assessorLevel = "self-declared";
    expect(dccSchema(credential)).toBe(false);
  });

  it("safe-mode expansion throws on a term no context defines", async () => {
    const credential = await credentialFor("EVFTA", "DE");
    const bare = { ...credential, "@context": ["https://www.w3.org/ns/credentials/v2"] };
    await expect(expandSafely(bare, BASE)).rejects.toThrow();
  });
});
