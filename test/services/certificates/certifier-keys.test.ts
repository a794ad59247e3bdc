import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCertifierKeyStore } from "../../../services/certificates/certifier-keys";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import { rawPublicKey } from "../../../services/credentials/did-key";

describe("certifier keys", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "tp-cert-keys-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("creates one key per certifier on first use and gives the same key back after a restart", async () => {
    const dir = dataDir();
    const store = createCertifierKeyStore(dir);
    expect(await store.didOf("vcci-hcm")).toBeNull();
    // Concurrent first uses agree on one key.
    const [a, b] = await Promise.all([store.keyFor("vcci-hcm"), store.keyFor("vcci-hcm")]);
    expect(a.did).toMatch(/^did:key:z6Mk/);
    expect(b.did).toBe(a.did);
    const other = await store.keyFor("other-body");
    expect(other.did).not.toBe(a.did);

    const restarted = createCertifierKeyStore(dir);
    const again = await restarted.keyFor("vcci-hcm");
    expect(again.did).toBe(a.did);
    expect(await restarted.didOf("vcci-hcm")).toBe(a.did);
    expect(Buffer.from(rawPublicKey(again.privateKey)).equals(Buffer.from(rawPublicKey(a.privateKey)))).toBe(
      true,
    );
    // A credential signed before the restart verifies with the key's DID.
    const signed = await signDocument({ id: "urn:x", issuer: a.did }, a);
    expect((await verifyDocumentProof(signed, again.did)).verified).toBe(true);
  });

  it("keeps the private key encrypted at rest, under a master key readable by the owner only", async () => {
    const dir = dataDir();
    const key = await createCertifierKeyStore(dir).keyFor("vcci-hcm");
    const seed = Buffer.from(key.privateKey.export({ format: "jwk" }).d!, "base64url");
    const folder = join(dir, "certificates");
    for (const file of readdirSync(folder)) {
      const bytes = readFileSync(join(folder, file));
      expect(bytes.includes(seed), file).toBe(false);
      expect(bytes.includes(Buffer.from(seed.toString("hex"))), file).toBe(false);
    }
    expect(statSync(join(folder, "master.key")).mode & 0o077).toBe(0);
  });
});
