/** did:web identifiers and documents: the encoding of host, port and path, and the keys a document lists. */
import { describe, expect, it } from "vitest";
import {
  certifierDidWeb,
  didDocument,
  didWebDocumentUrl,
  programmeDid,
} from "../../../services/credentials/did-web";

describe("did:web", () => {
  it("encodes the host's port as %3A and the path as colon-separated segments", () => {
    expect(programmeDid("https://trace.example.vn")).toBe("did:web:trace.example.vn");
    expect(programmeDid("http://localhost:8080")).toBe("did:web:localhost%3A8080");
    expect(certifierDidWeb("http://localhost:8080", "vcci-hcm")).toBe(
      "did:web:localhost%3A8080:certifiers:vcci-hcm",
    );
  });

  it("resolves to /.well-known/did.json for the host and to {path}/did.json below it", () => {
    expect(didWebDocumentUrl("did:web:localhost%3A8080")).toBe("https://localhost:8080/.well-known/did.json");
    expect(didWebDocumentUrl("did:web:trace.example.vn:certifiers:vcci-hcm")).toBe(
      "https://trace.example.vn/certifiers/vcci-hcm/did.json",
    );
  });

  it("lists each did:key as a Multikey verification method for assertions", () => {
    const did = "did:web:trace.example.vn:certifiers:vcci-hcm";
    const keys = ["did:key:z6MkOld", "did:key:z6MkNew"];
    expect(didDocument(did, keys)).toMatchObject({
      id: did,
      alsoKnownAs: keys,
      verificationMethod: [
        { id: `${did}#z6MkOld`, type: "Multikey", controller: did, publicKeyMultibase: "z6MkOld" },
        { id: `${did}#z6MkNew`, type: "Multikey", controller: did, publicKeyMultibase: "z6MkNew" },
      ],
      assertionMethod: [`${did}#z6MkOld`, `${did}#z6MkNew`],
    });
  });
});
