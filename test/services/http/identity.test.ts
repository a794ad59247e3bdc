/**
 * Identity through the real API: GS1 company prefixes decide which GTINs a facility may sew under; a suspended
 * facility prints no labels or QR codes; certifiers are chain identities whose keys rotate without
 * invalidating what they signed. Each "may not" sits beside its "may".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertifierKeyStore } from "../../../services/certificates/certifier-keys";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import { cutting, fabricLot, OPERATOR_KEY, sewing, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("identity: GTIN prefixes, suspension, certifier keys", () => {
  let t: TestService;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestService();
    for (const [id, prefixes] of [
      ["licensed", ["8938505"]],
      ["unlicensed", undefined],
    ] as const) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name: `Factory ${id}`,
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          ...(prefixes ? { gtinPrefixes: prefixes } : {}),
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      keys[id] = answer.body.apiKey;
    }
    for (const id of ["licensed", "unlicensed"]) {
      for (const [path, body] of [
        ["fabric-lots", fabricLot(`FL-${id}`)],
        ["cuttings", cutting(`CUT-${id}`, `FL-${id}`)],
      ] as const) {
        const answer = await t.call("POST", `/api/v1/events/${path}`, { key: keys[id], body });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      }
    }
    for (const id of ["vcci-hcm", "other-body"]) {
      const answer = await t.call("POST", "/api/v1/certifiers", {
        key: OPERATOR_KEY,
        body: { id, name: `Body ${id}` },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body.account).toMatch(/^0x[0-9a-fA-F]{40}$/);
      keys[id] = answer.body.apiKey;
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe("GS1 company prefixes", () => {
    it("shows a facility's prefixes as the chain holds them", async () => {
      const answer = await t.call("GET", "/api/v1/facilities/licensed");
      expect(answer.body.gtinPrefixes).toEqual(["8938505"]);
      expect((await t.call("GET", "/api/v1/facilities/unlicensed")).body.gtinPrefixes).toEqual([]);
    });

    it("records a sewing under the facility's own prefix", async () => {
      const answer = await t.call("POST", "/api/v1/events/sewings", {
        key: keys.licensed,
        body: sewing("SEW-licensed", "CUT-licensed", {
          inputs: [{ lotId: "CUT-licensed", quantity: { amount: 1200, unit: "pcs" } }],
        }),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    });

    it("refuses a sewing under a GTIN outside the facility's prefixes, naming both, before storing anything", async () => {
      const before = await t.service.ledger.blockNumber();
      const lookalike = sewing("SEW-JP-O1", "CUT-unlicensed");
      const answer = await t.call("POST", "/api/v1/events/sewings", {
        key: keys.unlicensed,
        body: lookalike,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: "GTIN_NOT_AUTHORIZED",
        details: { facilityId: "unlicensed", gtin: "08938505974019", prefixes: [] },
      });
      // Another company's GTIN is refused to the licensed facility too.
      const foreign = sewing("SEW-foreign", "CUT-licensed", {
        inputs: [{ lotId: "CUT-licensed", quantity: { amount: 10, unit: "pcs" } }],
        // As many garments as pieces consumed, so only the GTIN is wrong (more would be IMPLAUSIBLE_YIELD).
        output: { quantity: { amount: 10, unit: "pcs" } },
        product: { ...lookalike.product, gtin: "4006381333931" },
      });
      const refused = await t.call("POST", "/api/v1/events/sewings", { key: keys.licensed, body: foreign });
      expect(refused.status).toBe(403);
      expect(refused.body.error.details).toMatchObject({ gtin: "4006381333931", prefixes: ["8938505"] });
      expect(await t.service.ledger.blockNumber()).toBe(before);
      expect((await t.call("GET", "/api/v1/lots/SEW-JP-O1")).status).toBe(404);
    });

    it("lets the operator change the prefixes, and no one else", async () => {
      for (const key of [keys.unlicensed, keys["vcci-hcm"]]) {
        const answer = await t.call("POST", "/api/v1/facilities/unlicensed/gtin-prefixes", {
          key,
          body: { gtinPrefixes: ["8938505"] },
        });
        expect(answer.status).toBe(403);
      }
      const bad = await t.call("POST", "/api/v1/facilities/unlicensed/gtin-prefixes", {
        key: OPERATOR_KEY,
        body: { gtinPrefixes: ["893"] },
      });
      expect(bad.status).toBe(400);
      const set = await t.call("POST", "/api/v1/facilities/unlicensed/gtin-prefixes", {
        key: OPERATOR_KEY,
        body: { gtinPrefixes: ["8938505", "4006381"] },
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body.gtinPrefixes).toEqual(["8938505", "4006381"]);
      const now = await t.call("POST", "/api/v1/events/sewings", {
        key: keys.unlicensed,
        body: sewing("SEW-unlicensed", "CUT-unlicensed"),
      });
      expect(now.status, JSON.stringify(now.body)).toBe(201);
      const unknown = await t.call("POST", "/api/v1/facilities/nobody/gtin-prefixes", {
        key: OPERATOR_KEY,
        body: { gtinPrefixes: [] },
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe("suspension stops labels and QR codes", () => {
    it("serves the batch's QR code and label sheet while active, refuses them while suspended", async () => {
      const paths = [
        "/api/v1/garments/SEW-licensed/1/qr.png",
        "/api/v1/garments/SEW-licensed/1/qr.svg",
        "/api/v1/garments/SEW-licensed/1/label",
        "/api/v1/lots/SEW-licensed/labels.pdf",
      ];
      for (const path of paths) {
        expect((await t.call("GET", path, { key: keys.licensed })).status, path).toBe(200);
      }
      expect(
        (await t.call("POST", "/api/v1/facilities/licensed/suspend", { key: OPERATOR_KEY })).status,
      ).toBe(200);
      for (const path of paths) {
        const answer = await t.call("GET", path, { key: keys.licensed });
        expect(answer.status, path).toBe(403);
        expect(answer.body.error).toMatchObject({
          code: "FACILITY_SUSPENDED",
          details: { facilityId: "licensed" },
        });
      }
      expect(
        (await t.call("POST", "/api/v1/facilities/licensed/reinstate", { key: OPERATOR_KEY })).status,
      ).toBe(200);
      for (const path of paths) {
        expect((await t.call("GET", path, { key: keys.licensed })).status, path).toBe(200);
      }
    });
  });

  describe("certifier keys", () => {
    it("rotates a certifier's chain account and did:key (operator), keeping the old DID verifying", async () => {
      const before = await t.call("GET", "/api/v1/certifiers/vcci-hcm");
      expect(before.status).toBe(200);
      const oldAccount = before.body.account;
      // Something signed with the key in use now.
      const keyStore = createCertifierKeyStore(t.dataDir);
      const oldKey = await keyStore.keyFor("vcci-hcm");
      const signed = await signDocument(
        {
          "@context": ["https://www.w3.org/ns/credentials/v2"],
          type: ["VerifiableCredential"],
          issuer: oldKey.did,
        },
        { privateKey: oldKey.privateKey, verificationMethod: oldKey.verificationMethod },
      );

      const rotated = await t.call("POST", "/api/v1/certifiers/vcci-hcm/key-rotation", { key: OPERATOR_KEY });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body).toMatchObject({
        id: "vcci-hcm",
        previousAccount: oldAccount,
        previousDid: oldKey.did,
        rotatedBy: "operator",
      });
      expect(rotated.body.account).not.toBe(oldAccount);
      expect(rotated.body.did).not.toBe(oldKey.did);
      expect((await t.service.ledger.getCertifier("vcci-hcm"))?.account).toBe(rotated.body.account);
      expect((await keyStore.keyFor("vcci-hcm")).did).toBe(rotated.body.did);
      // The old DID still verifies what it signed, and the certifier's record keeps it with its retirement.
      expect(await verifyDocumentProof(signed, oldKey.did)).toMatchObject({ verified: true });
      const after = await t.call("GET", "/api/v1/certifiers/vcci-hcm");
      expect(after.body.keys).toEqual([
        { did: oldKey.did, generation: 1, retiredAt: expect.any(String) },
        { did: rotated.body.did, generation: 2, retiredAt: null },
      ]);
    });

    it("lets the certifier rotate its own keys, by its own signature on chain", async () => {
      const before = (await t.service.ledger.getCertifier("other-body"))!.account;
      const rotated = await t.call("POST", "/api/v1/certifiers/other-body/key-rotation", {
        key: keys["other-body"],
      });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body).toMatchObject({ previousAccount: before, rotatedBy: "certifier" });
    });

    it("does not let another certifier or a facility rotate a certifier's keys", async () => {
      for (const key of [keys["other-body"], keys.licensed]) {
        const answer = await t.call("POST", "/api/v1/certifiers/vcci-hcm/key-rotation", { key });
        expect(answer.status).toBe(403);
      }
      expect(
        (await t.call("POST", "/api/v1/certifiers/nobody/key-rotation", { key: OPERATOR_KEY })).status,
      ).toBe(404);
      expect((await t.call("GET", "/api/v1/certifiers/nobody")).status).toBe(404);
    });
  });
});
