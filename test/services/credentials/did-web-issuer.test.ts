/**
 * The certifier key store under a public base URL: the issuer is the certifier's did:web and a proof names
 * the key under it; every key, rotated ones included, stays in the locally resolved DID document, and a
 * credential signed before the rotation (or under the did:key) still verifies.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCertifierKeyStore, localDidWebDocuments } from "../../../services/certificates/certifier-keys";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import { keyResolver } from "../../../services/credentials/verification-method";

const BASE = "http://localhost:8080";
const DID = "did:web:localhost%3A8080:certifiers:vcci-hcm";

describe("certifier keys under a did:web", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "tp-didweb-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("issues under the did:web, names the key under it, and keeps the did:key of the same key", async () => {
    const dir = freshDir();
    const keys = createCertifierKeyStore(dir, { publicBaseUrl: BASE });
    const key = await keys.keyFor("vcci-hcm");
    expect(key.did).toBe(DID);
    expect(key.didKey).toMatch(/^did:key:z6Mk/);
    expect(key.verificationMethod).toBe(`${DID}#${key.didKey.slice("did:key:".length)}`);
    // The same key store without a base URL: the same key, by its did:key (as before did:web).
    expect((await createCertifierKeyStore(dir).keyFor("vcci-hcm")).did).toBe(key.didKey);
    expect(await keys.didsOf("vcci-hcm")).toEqual([key.didKey, DID]);
    expect(await keys.didsOf("nobody")).toEqual([]);
  });

  it("resolves the did:web locally, so proofs from before and after a rotation verify, and a forged key does not", async () => {
    const keys = createCertifierKeyStore(freshDir(), { publicBaseUrl: BASE });
    const resolveKey = keyResolver(localDidWebDocuments(BASE, keys));
    const before = await keys.keyFor("vcci-hcm");
    const signedBefore = await signDocument({ id: "urn:a", issuer: DID }, before);
    const legacy = await signDocument(
      { id: "urn:b", issuer: before.didKey },
      { privateKey: before.privateKey, verificationMethod: `${before.didKey}#${before.didKey.slice(8)}` },
    );
    await keys.rotate("vcci-hcm");
    const after = await keys.keyFor("vcci-hcm");
    expect(after.verificationMethod).not.toBe(before.verificationMethod);
    const signedAfter = await signDocument({ id: "urn:c", issuer: DID }, after);
    for (const document of [signedBefore, signedAfter])
      expect(await verifyDocumentProof(document, DID, { resolveKey })).toMatchObject({ verified: true });
    expect(await verifyDocumentProof(legacy, before.didKey, { resolveKey })).toMatchObject({
      verified: true,
    });

    // Another certifier's key claimed under this certifier's DID is refused, not resolved.
    const stranger = await createCertifierKeyStore(freshDir()).keyFor("other");
    const forged = await signDocument(
      { id: "urn:d", issuer: DID },
      { privateKey: stranger.privateKey, verificationMethod: `${DID}#${stranger.didKey.slice(8)}` },
    );
    const refused = await verifyDocumentProof(forged, DID, { resolveKey });
    expect(refused).toMatchObject({ verified: false });
    expect("unresolved" in refused).toBe(false);
    // Without local documents the did:web is unknown, not valid.
    expect(await verifyDocumentProof(signedAfter, DID)).toMatchObject({ verified: false, unresolved: true });
  });

  it("answers null for an unknown certifier or path of its own host, undefined for another host", async () => {
    const documents = localDidWebDocuments(
      BASE,
      createCertifierKeyStore(freshDir(), { publicBaseUrl: BASE }),
    );
    expect(await documents("did:web:localhost%3A8080:certifiers:nobody")).toBeNull();
    expect(await documents("did:web:localhost%3A8080:elsewhere:x")).toBeNull();
    expect(await documents("did:web:brand.example.com:certifiers:vcci-hcm")).toBeUndefined();
    expect(await documents("did:web:localhost%3A8080")).toMatchObject({ id: "did:web:localhost%3A8080" });
  });
});
