/**
 * The one certificate-status function, against an in-memory ledger and store: valid, expired (and not yet
 * valid), revoked, tampered (altered bytes, a forged signature, another subject, no credential at all) and
 * unverified (IPFS cannot give the document); the proof outcome is kept by digest.
 */
import { describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import type { CertificateState, Hex } from "../../../services/chain/ledger";
import { certificateStatus } from "../../../services/certificates/status";
import type { ProofCache } from "../../../services/certificates/status";
import type { ProofVerification } from "../../../services/credentials/data-integrity";
import { NotFoundError } from "../../../services/errors";
import { cidFromDigest, encodeRecord, sha256Hex } from "../../../services/records";
import { signedOriginCredential } from "../../support/certificates";

const DAY = 24 * 3600_000;
const NOW = new Date("2026-06-01T00:00:00Z");

/** A ledger holding certificate anchors and a store holding blocks, both in memory. */
function world() {
  const anchors = new Map<string, CertificateState>();
  const blocks = new Map<string, Uint8Array>();
  const deps = {
    ledger: { getCertificate: async (id: string) => anchors.get(id) ?? null },
    store: {
      get: async (cid: string) => {
        const bytes = blocks.get(cid);
        if (!bytes) throw new NotFoundError("IPFS object", cid);
        return bytes;
      },
    },
  };
  async function put(value: unknown): Promise<{ digest: Hex; cid: string; bytes: Uint8Array }> {
    const bytes = encodeRecord(value);
    const digest = sha256Hex(bytes);
    const cid = await cidFromDigest(digest);
    blocks.set(cid, bytes);
    return { digest, cid, bytes };
  }
  function anchor(id: string, subjectLotId: string, fta: string, digest: Hex, revokedAt: Date | null = null) {
    anchors.set(id, {
      certificateKey: chainKey(id),
      subjectLotKey: chainKey(subjectLotId),
      fta,
      digest,
      certifier: `0x${"c".repeat(40)}`,
      certifierKey: chainKey("test-certifier"),
      issuedAt: new Date(NOW.getTime() - 30 * DAY),
      revokedAt,
    });
  }
  return { deps, blocks, put, anchor };
}

async function issued(
  w: ReturnType<typeof world>,
  id: string,
  validity: { from: Date; until: Date },
  revokedAt: Date | null = null,
) {
  const { credential } = await signedOriginCredential({
    id,
    subjectLotId: "SHP-1",
    fta: "EVFTA",
    importingCountry: "DE",
    issuedAt: validity.from,
    validUntil: validity.until,
  });
  const stored = await w.put(credential);
  w.anchor(id, "SHP-1", "EVFTA", stored.digest, revokedAt);
  return { credential, ...stored };
}

const current = { from: new Date(NOW.getTime() - 30 * DAY), until: new Date(NOW.getTime() + 300 * DAY) };
const ended = { from: new Date(NOW.getTime() - 400 * DAY), until: new Date(NOW.getTime() - 35 * DAY) };

describe("certificateStatus", () => {
  it("calls a genuine certificate in force valid, with every check passed", async () => {
    const w = world();
    await issued(w, "CO-VALID", current);
    const status = await certificateStatus(w.deps, "CO-VALID", NOW);
    expect(status.verdict).toBe("valid");
    expect(status.expired).toBe(false);
    expect([...status.integrity, ...status.standing].map((check) => [check.id, check.passed])).toEqual([
      ["anchored", true],
      ["digest", true],
      ["signature", true],
      ["subject", true],
      ["not-revoked", true],
      ["validity", true],
    ]);
  });

  it("calls a genuine certificate expired once its validity period has ended, and before it begins", async () => {
    const w = world();
    await issued(w, "CO-ENDED", ended);
    const status = await certificateStatus(w.deps, "CO-ENDED", NOW);
    expect(status.verdict).toBe("expired");
    expect(status.expired).toBe(true);
    expect(status.standing.find((check) => check.id === "validity")?.passed).toBe(false);
    expect(status.integrity.every((check) => check.passed === true)).toBe(true);

    await issued(w, "CO-FUTURE", {
      from: new Date(NOW.getTime() + DAY),
      until: new Date(NOW.getTime() + 9 * DAY),
    });
    expect((await certificateStatus(w.deps, "CO-FUTURE", NOW)).verdict).toBe("expired");
    // The last instant of the period is outside it: `validUntil` is exclusive.
    expect((await certificateStatus(w.deps, "CO-ENDED", ended.until)).verdict).toBe("expired");
    expect((await certificateStatus(w.deps, "CO-ENDED", new Date(ended.until.getTime() - 1))).verdict).toBe(
      "valid",
    );
  });

  it("keeps a certificate signed in the earlier proof form valid, and says which form it is", async () => {
    const w = world();
    const { credential } = await signedOriginCredential({
      id: "CO-LEGACY",
      subjectLotId: "SHP-1",
      fta: "EVFTA",
      importingCountry: "DE",
      issuedAt: current.from,
      validUntil: current.until,
    });
    // The earlier form: the same signature, with the @context left out of the published proof.
    const { "@context": _context, ...legacyProof } = credential.proof as Record<string, unknown>;
    const stored = await w.put({ ...credential, proof: legacyProof });
    w.anchor("CO-LEGACY", "SHP-1", "EVFTA", stored.digest);
    const status = await certificateStatus(w.deps, "CO-LEGACY", NOW);
    expect(status.verdict).toBe("valid");
    const signature = status.integrity.find((check) => check.id === "signature");
    expect(signature?.passed).toBe(true);
    expect(signature?.detail).toMatch(/earlier proof form/);
    const genuine = await certificateStatus(
      w.deps,
      (await issued(w, "CO-NEW", current)).credential.credentialSubject.certificateId,
      NOW,
    );
    expect(genuine.integrity.find((check) => check.id === "signature")?.detail).not.toMatch(/earlier/);
  });

  it("calls a revoked certificate revoked, expired or not", async () => {
    const w = world();
    await issued(w, "CO-REVOKED", current, new Date(NOW.getTime() - DAY));
    await issued(w, "CO-REVOKED-ENDED", ended, new Date(NOW.getTime() - DAY));
    for (const id of ["CO-REVOKED", "CO-REVOKED-ENDED"]) {
      const status = await certificateStatus(w.deps, id, NOW);
      expect(status.verdict, id).toBe("revoked");
      expect(status.standing[0]).toMatchObject({ id: "not-revoked", passed: false });
    }
  });

  it("calls a certificate tampered when its bytes, signature or subject do not hold, or it is no credential", async () => {
    const w = world();
    const altered = await issued(w, "CO-ALTERED", current);
    w.blocks.set(
      altered.cid,
      encodeRecord({ ...altered.credential, validUntil: "2099-01-01T00:00:00.000Z" }),
    );
    const forgedSource = await signedOriginCredential({
      id: "CO-FORGED",
      subjectLotId: "SHP-1",
      fta: "EVFTA",
      importingCountry: "DE",
      issuedAt: current.from,
      validUntil: current.until,
    });
    const forged = await w.put({
      ...forgedSource.credential,
      credentialSubject: { ...forgedSource.credential.credentialSubject, importingCountry: "JP" },
    });
    w.anchor("CO-FORGED", "SHP-1", "EVFTA", forged.digest);
    const elsewhere = await issued(w, "CO-ELSEWHERE", current);
    w.anchor("CO-ELSEWHERE", "SHP-2", "EVFTA", elsewhere.digest);
    const record = await w.put({ type: "sewing", id: "SEW-1" });
    w.anchor("CO-RECORD", "SHP-1", "EVFTA", record.digest);

    const failed = async (id: string) => {
      const status = await certificateStatus(w.deps, id, NOW);
      expect(status.verdict, id).toBe("tampered");
      return status.integrity.filter((check) => check.passed === false).map((check) => check.id);
    };
    expect(await failed("CO-ALTERED")).toEqual(["digest"]);
    expect(await failed("CO-FORGED")).toEqual(["signature"]);
    expect(await failed("CO-ELSEWHERE")).toEqual(["subject"]);
    expect(await failed("CO-RECORD")).toEqual(["signature"]);
  });

  it("leaves a certificate unverified when IPFS cannot give its document, and fails NOT_FOUND for no anchor", async () => {
    const w = world();
    const gone = await issued(w, "CO-GONE", current);
    w.blocks.delete(gone.cid);
    const status = await certificateStatus(w.deps, "CO-GONE", NOW);
    expect(status.verdict).toBe("unverified");
    expect(status.expired).toBeNull();
    expect(status.integrity.find((check) => check.id === "digest")?.passed).toBeNull();
    await expect(certificateStatus(w.deps, "CO-NEVER", NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("verifies a credential's proof once per digest when given a cache", async () => {
    const w = world();
    const { digest } = await issued(w, "CO-CACHED", current);
    const kept = new Map<string, ProofVerification>();
    const proofs: ProofCache = {
      get: (key) => kept.get(key),
      set: (key, value) => void kept.set(key, value),
    };
    expect((await certificateStatus({ ...w.deps, proofs }, "CO-CACHED", NOW)).verdict).toBe("valid");
    expect(kept.get(digest)).toMatchObject({ verified: true });
    // What the cache says is what the status uses: the outcome is a property of the bytes, kept by their digest.
    kept.set(digest, { verified: false, reason: "test" });
    expect((await certificateStatus({ ...w.deps, proofs }, "CO-CACHED", NOW)).verdict).toBe("tampered");
  });
});
