/**
 * The status lists' chain anchors, against the real service (embedded chain, SQLite, IPFS store, HTTP): each
 * published version of a certifier's Bitstring Status List is anchored on chain with its digest before it is
 * served; the verifier refuses a list edited in the service's store (re-signed by the certifier's key, or not
 * signed at all) and an older anchored version put back, says "unverified" rather than "valid" when the chain
 * cannot be asked, and a crash between signing a version and anchoring it (or between anchoring and
 * publishing) heals on the next start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertifierKeyStore } from "../../services/certificates/certifier-keys";
import { verifyCredentialHere } from "../../services/certificates/credential-verifier";
import { markRevokedInStatusList } from "../../services/certificates/status-lists";
import type { StatusListDeps } from "../../services/certificates/status-lists";
import { signDocument } from "../../services/credentials/data-integrity";
import { decodeBitstring, encodeBitstring } from "../../services/credentials/status-list";
import { UnavailableError } from "../../services/errors";
import { encodeRecord, sha256Hex } from "../../services/records";
import { findPendingStatusList } from "../../services/service-db/status-lists";
import { startTestService } from "../support/api-harness";
import { recordCertifiedShipments } from "../support/certified-shipments";
import type { Json, TestService } from "../support/api-harness";

const BASE = "https://trace.example.vn";
const LIST = "vcci-hcm/1";
const LIST_PATH = "/credentials/status/vcci-hcm/1";

describe("status lists anchored on chain", () => {
  let t: TestService;
  let certifier: string;
  let certificates: Json[];

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: BASE });
    const recorded = await recordCertifiedShipments(t, {
      shipments: ["SHP-DE-1", "SHP-DE-2", "SHP-DE-3"],
      certify: ["SHP-DE-1", "SHP-DE-2", "SHP-DE-3"],
    });
    certifier = recorded.certifier;
    certificates = recorded.certificates;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const served = async () => {
    const answer = await t.call("GET", LIST_PATH);
    expect(answer.status).toBe(200);
    return { credential: answer.body as Json, etag: answer.headers.get("etag") };
  };
  const statusLine = async (credential: Json) => {
    const answer = await t.call("POST", "/credentials/verify", {
      body: { verifiableCredential: credential },
    });
    expect(answer.status).toBe(200);
    return answer.body.checks.find((line: Json) => line.check === "status");
  };
  /** Puts `credential` in place of the published list in the service's database, as an intruder would. */
  const replaceStoredList = (credential: Json) =>
    t.service.serviceDb
      .prepare("UPDATE status_lists SET credential = ? WHERE list_id = ?")
      .run(JSON.stringify(credential), LIST);
  const revoke = (credential: Json, reason: string) =>
    t.call("POST", `/api/v1/origin/certificates/${credential.credentialSubject.certificateId}/revoke`, {
      key: certifier,
      body: { reason },
    });
  const digestOf = (credential: Json) => sha256Hex(encodeRecord(credential)).toLowerCase();

  it("anchors the list's first version with the served list's digest, and the verifier checks it", async () => {
    const anchor = await t.service.ledger.statusListAnchor(LIST);
    const { credential, etag } = await served();
    expect(anchor).toMatchObject({ version: 1, digest: digestOf(credential) });
    expect(etag).toBe(`"${anchor!.digest}"`);
    const line = await statusLine(certificates[0]);
    expect(line.status, line.detail).toBe("valid");
    expect(line.detail).toContain(`its version 1, as anchored on chain`);
  });

  it("anchors the next version within the revoke request, and refuses the older list put back", async () => {
    const before = (await served()).credential;
    const answer = await revoke(certificates[0], "wrong invoice");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = await served();
    const anchor = await t.service.ledger.statusListAnchor(LIST);
    expect(anchor).toMatchObject({ version: 2, digest: digestOf(after.credential) });
    expect(await t.service.ledger.statusListVersionOf(LIST, digestOf(before) as `0x${string}`)).toBe(1);
    expect((await statusLine(certificates[1])).status).toBe("valid");

    // The version-1 list (validly signed, the revoked bit still clear) put back in the store.
    replaceStoredList(before);
    expect((await served()).credential).toEqual(before);
    for (const credential of [certificates[0], certificates[1]]) {
      const line = await statusLine(credential);
      expect(line.status).toBe("invalid");
      expect(line.detail).toContain(
        `the status list ${LIST} is version 1, older than version 2 the chain anchors`,
      );
    }
    replaceStoredList(after.credential);
    expect((await statusLine(certificates[1])).status).toBe("valid");
  });

  it("refuses a list edited in the store: re-signed with the certifier's key, or not signed at all", async () => {
    const { credential } = await served();
    const bits = decodeBitstring(credential.credentialSubject.encodedList);
    const index = Number(
      certificates[0].credentialStatus.find((s: Json) => s.type === "BitstringStatusListEntry")
        .statusListIndex,
    );
    // The revoked certificate's bit cleared again.
    bits[index >> 3] = 0;
    const { proof: _proof, ...content } = credential;
    const edited = {
      ...content,
      credentialSubject: { ...credential.credentialSubject, encodedList: encodeBitstring(bits) },
    };
    const key = await createCertifierKeyStore(t.dataDir, { publicBaseUrl: BASE }).keyFor("vcci-hcm");
    const resigned = await signDocument(edited, {
      privateKey: key.privateKey,
      verificationMethod: key.verificationMethod,
      created: new Date(),
    });
    replaceStoredList(resigned);
    const line = await statusLine(certificates[0]);
    expect(line.status).toBe("invalid");
    expect(line.detail).toContain(`the status list ${LIST} is not a version the chain anchors`);

    replaceStoredList({ ...edited, proof: credential.proof });
    const unsigned = await statusLine(certificates[0]);
    expect(unsigned.status).toBe("invalid");
    expect(unsigned.detail).toContain("the status list credential does not verify");
    replaceStoredList(credential);
    expect((await statusLine(certificates[0])).status).toBe("invalid");
    expect((await statusLine(certificates[0])).detail).toContain("revoked");
  });

  it("says unverified, never valid, when the chain cannot be asked for the anchor", async () => {
    const unreachable = () => Promise.reject(new UnavailableError("The chain could not be reached"));
    const deps = {
      ledger: {
        chainId: t.service.ledger.chainId,
        contractAddress: t.service.ledger.contractAddress,
        getCertificate: unreachable,
        statusListAnchor: unreachable,
        statusListVersionOf: unreachable,
      },
      serviceDb: t.service.serviceDb,
      store: t.service.store,
      certifierKeys: createCertifierKeyStore(t.dataDir, { publicBaseUrl: BASE }),
      publicBaseUrl: BASE,
    };
    const clear = await verifyCredentialHere(deps, certificates[1]);
    const line = clear.checks.find((c) => c.check === "status")!;
    expect(line.status).toBe("unverified");
    expect(line.detail).toContain("whether the status list vcci-hcm/1 is the anchored version is unchecked");
    expect(clear.verified).toBe(false);
    // A set bit on the certifier's signed list still says revoked.
    const revoked = await verifyCredentialHere(deps, certificates[0]);
    expect(revoked.checks.find((c) => c.check === "status")!.status).toBe("invalid");
  });

  it("heals a crash between signing a version and anchoring it, and one between anchoring and publishing", async () => {
    const third = certificates[2];
    const certificateId = third.credentialSubject.certificateId as string;
    const listDeps = (ledger: StatusListDeps["ledger"]): StatusListDeps => ({
      serviceDb: t.service.serviceDb,
      indexDb: t.service.indexDb,
      store: t.service.store,
      certifierKeys: createCertifierKeyStore(t.dataDir, { publicBaseUrl: BASE }),
      publicBaseUrl: BASE,
      ledger,
    });
    // Revoked on chain; the service then dies while anchoring the list's new version.
    await t.service.ledger.revokeCertificate({
      certificateId,
      reasonDigest: `0x${"11".repeat(32)}`,
      certifierId: "vcci-hcm",
    });
    const crashing = listDeps({
      statusListAnchor: (listId) => t.service.ledger.statusListAnchor(listId),
      anchorStatusList: () => Promise.reject(new Error("killed")),
    });
    await expect(markRevokedInStatusList(crashing, certificateId, new Date())).rejects.toThrow("killed");
    const pending = findPendingStatusList(t.service.serviceDb, LIST);
    expect(pending?.version).toBe(3);
    // Not served before the chain holds it: the verifier still reads version 2, which the chain anchors.
    expect((await t.service.ledger.statusListAnchor(LIST))?.version).toBe(2);
    expect(digestOf((await served()).credential)).not.toBe(pending!.digest);

    await t.stop({ keepData: true });
    t = await startTestService({ PUBLIC_BASE_URL: BASE }, t.dataDir);
    const healed = await served();
    expect(digestOf(healed.credential)).toBe(pending!.digest);
    expect(await t.service.ledger.statusListAnchor(LIST)).toMatchObject({
      version: 3,
      digest: pending!.digest,
    });
    expect(findPendingStatusList(t.service.serviceDb, LIST)).toBeNull();
    const line = await statusLine(third);
    expect(line.status).toBe("invalid");
    expect(line.detail).toContain("revoked");

    // Anchored, then killed before publishing: the next start publishes it without a second anchor.
    const { proof: _proof, ...content } = healed.credential;
    const key = await createCertifierKeyStore(t.dataDir, { publicBaseUrl: BASE }).keyFor("vcci-hcm");
    const resigned = await signDocument(
      { ...content, validFrom: new Date().toISOString() },
      { privateKey: key.privateKey, verificationMethod: key.verificationMethod, created: new Date() },
    );
    const digest = sha256Hex(encodeRecord(resigned));
    await t.service.store.put(encodeRecord(resigned), { format: "raw-block" });
    t.service.serviceDb
      .prepare(
        "INSERT INTO status_list_pending (list_id, version, bits, credential, digest, updated_at) VALUES (?, 4, ?, ?, ?, ?)",
      )
      .run(
        LIST,
        decodeBitstring(content.credentialSubject.encodedList),
        JSON.stringify(resigned),
        digest,
        "x",
      );
    await t.service.ledger.anchorStatusList({ listId: LIST, version: 4, digest, certifierId: "vcci-hcm" });
    await t.stop({ keepData: true });
    t = await startTestService({ PUBLIC_BASE_URL: BASE }, t.dataDir);
    expect(digestOf((await served()).credential)).toBe(digest.toLowerCase());
    expect((await t.service.ledger.statusListAnchor(LIST))?.version).toBe(4);
    expect((await statusLine(certificates[1])).status).toBe("valid");
  }, 120_000);
});
