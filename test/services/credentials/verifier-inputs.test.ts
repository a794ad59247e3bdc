/**
 * The verifier's pure parts: the VC 2.0 data-model rules against the W3C VC JSON Schema (the schema is their
 * floor: what it refuses, the rules refuse), the test suite's presentation inputs (the endpoint verifies
 * credentials; presentations go through the same rules), and the offline key resolution of did:key and
 * did:web (another host's did:web stays unresolved, never valid).
 */
import { readdirSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  privateKeyFromSeed,
  rawPublicKey,
} from "../../../services/credentials/did-key";
import { didDocument } from "../../../services/credentials/did-web";
import { keyResolver } from "../../../services/credentials/verification-method";
import {
  credentialProblems,
  isPresentation,
  presentationProblems,
} from "../../../services/credentials/verifier/data-model";
import { checkJsonLd, staticContexts } from "../../../services/credentials/verifier/json-ld";
import { readStandardsJson, standardsPath } from "../../support/standards";

const INPUTS = ["w3c", "vc-data-model-2.0-inputs"] as const;
const files = readdirSync(standardsPath(...INPUTS));
const read = (file: string) => readStandardsJson(...INPUTS, file) as Record<string, unknown>;
const contexts = staticContexts("https://trace.example.vn");

/** As the suite's issuer hands them on: its issuer added, its dates for the PAST/FUTURE DATE placeholders. */
function asIssued(input: Record<string, unknown>): Record<string, unknown> {
  const credential = structuredClone(input);
  if (!("issuer" in credential)) credential.issuer = "did:example:issuer";
  else if (
    typeof credential.issuer === "object" &&
    credential.issuer !== null &&
    !("id" in credential.issuer)
  )
    (credential.issuer as Record<string, unknown>).id = "did:example:issuer";
  for (const property of ["validFrom", "validUntil"])
    if (credential[property] === "PAST DATE") credential[property] = "2020-01-01T00:00:00Z";
    else if (credential[property] === "FUTURE DATE") credential[property] = "2090-01-01T00:00:00Z";
  return credential;
}

describe("the data-model rules and the VC 2.0 JSON Schema", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemaValid = ajv.compile(readStandardsJson("w3c", "verifiable-credential-schema.json") as object);
  const credentials = files.filter((file) => file.startsWith("credential-"));

  /**
   * The one disagreement: the schema requires a proof's `proofPurpose` and `verificationMethod`, while the
   * suite's `credential-proof-ok.json` carries a proof without a verification method. A proof's members are
   * its cryptosuite's to check: the verifier's `proof` line refuses it (no key to check it with), and the
   * data model accepts it as the suite does.
   */
  const schemaOnlyProof = "credential-proof-ok.json";

  it.each(credentials)("%s: refused by the rules whenever the schema refuses it", (file) => {
    const credential = asIssued(read(file));
    const problems = credentialProblems(credential);
    const valid = schemaValid(credential);
    if (file === schemaOnlyProof) {
      expect(schemaValid.errors?.map((error) => error.params)).toContainEqual({
        missingProperty: "verificationMethod",
      });
      expect(problems).toEqual([]);
      return;
    }
    if (!valid) expect(problems, JSON.stringify(schemaValid.errors)).not.toEqual([]);
    // Every -ok input passes both.
    if (file.includes("-ok")) {
      expect(schemaValid.errors ?? []).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it("names the field of each problem", () => {
    expect(credentialProblems(asIssued(read("credential-id-not-url-fail.json")))).toEqual([
      { path: "id", message: "id must be a URL" },
    ]);
    expect(credentialProblems(asIssued(read("credential-subject-multiple-empty-fail.json")))).toEqual([
      { path: "credentialSubject[1]", message: "a subject makes at least one claim" },
    ]);
  });
});

describe("the test suite's presentation inputs", () => {
  const presentations = files.filter((file) => file.startsWith("presentation-"));
  /**
   * Named in neither `-ok` nor `-fail`: the suite uses them for the holder/issuer binding of self-asserted
   * credentials, which a presentation's proof decides, not its data model. Clean here.
   */
  const unclassified = [
    "presentation-self-asserted-vc-holder-mismatch.json",
    "presentation-self-asserted-vc-issuer-mismatch.json",
    "presentation-self-asserted-vc-no-holder.json",
  ];

  it("are every presentation input, with the unclassified ones named", () => {
    expect(presentations.filter((file) => !file.includes("-ok") && !file.includes("-fail"))).toEqual(
      unclassified,
    );
  });

  it.each(presentations)("%s", async (file) => {
    const input = read(file);
    const problems = isPresentation(input) ? presentationProblems(input) : credentialProblems(input);
    const jsonLd = await checkJsonLd(input, { contexts });
    const flagged = problems.length > 0 || jsonLd.status === "invalid";
    expect(flagged, JSON.stringify({ problems, jsonLd })).toBe(file.includes("-fail"));
  });

  it("validVc.json, the suite's VC 1.1 fixture, is flagged: its context is not the VC 2.0 one", () => {
    expect(credentialProblems(asIssued(read("validVc.json")))).toContainEqual({
      path: "@context[0]",
      message: "the first context must be https://www.w3.org/ns/credentials/v2",
    });
  });
});

describe("offline key resolution", () => {
  const did = "did:web:trace.example.vn:certifiers:vcci-hcm";
  const newKey = async () => didKeyFromPublicKey(rawPublicKey(privateKeyFromSeed(generateEd25519Seed())));

  it("resolves a did:web key from the local document, and only a listed assertion key", async () => {
    const [listed, other] = [await newKey(), await newKey()];
    const resolve = keyResolver(async (asked) =>
      asked === did
        ? didDocument(did, [listed])
        : asked.startsWith("did:web:trace.example.vn")
          ? null
          : undefined,
    );
    const fragment = (key: string) => key.slice("did:key:".length);
    expect(await resolve(`${did}#${fragment(listed)}`)).toMatchObject({
      status: "resolved",
      controller: did,
    });
    expect(await resolve(`${did}#${fragment(other)}`)).toMatchObject({ status: "invalid" });
    expect(await resolve(`did:web:trace.example.vn:certifiers:nobody#${fragment(listed)}`)).toMatchObject({
      status: "invalid",
    });
    expect(await resolve(`did:web:brand.example.com#${fragment(listed)}`)).toMatchObject({
      status: "unresolved",
    });
    expect(await resolve(`did:example:123#key`)).toMatchObject({ status: "unresolved" });
    expect(await resolve(`${listed}#${fragment(listed)}`)).toMatchObject({
      status: "resolved",
      controller: listed,
    });
  });

  it("refuses a key that the document lists but not as an assertion method", async () => {
    const key = await newKey();
    const document = { ...didDocument(did, [key]), assertionMethod: [] };
    const resolve = keyResolver(async () => document);
    expect(await resolve(`${did}#${key.slice("did:key:".length)}`)).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("not one of its assertion methods"),
    });
  });

  it("leaves every did:web unresolved without local documents", async () => {
    const key = await newKey();
    expect(await keyResolver()(`${did}#${key.slice("did:key:".length)}`)).toMatchObject({
      status: "unresolved",
    });
  });
});
