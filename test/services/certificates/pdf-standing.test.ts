/**
 * The PDF says the certificate's status when it is served: only a valid certificate reads "Valid from … until …";
 * a revoked one carries a REVOKED mark with its date, reason and replacement; an expired one EXPIRED; a tampered
 * or otherwise failing one NOT VALID — on every page (the footer) and across the page (the mark).
 */
import { PDFParse } from "pdf-parse";
import { beforeAll, describe, expect, it } from "vitest";
import type { OriginCredential } from "../../../services/certificates/certificates";
import { renderCertificatePdf, statusMark } from "../../../services/certificates/pdf";
import type { CertificatePdfStanding } from "../../../services/certificates/pdf";
import { signedOriginCredential } from "../../support/certificates";

const ID = "CO-EVFTA-20260305-9F2C4A1B";
const OPTIONS = {
  verificationUrl: `https://trace.example.vn/certificates/${ID}`,
  digest: `0x${"3f".repeat(32)}`,
};

async function textOf(credential: OriginCredential, standing?: CertificatePdfStanding): Promise<string> {
  const pdf = await renderCertificatePdf(credential, { ...OPTIONS, ...(standing ? { standing } : {}) });
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, " ").replace(/- /g, "-");
  } finally {
    await parser.destroy();
  }
}

describe("the certificate PDF's status mark", () => {
  let credential: OriginCredential;
  beforeAll(async () => {
    ({ credential } = await signedOriginCredential({
      id: ID,
      subjectLotId: "SHP-0001",
      fta: "EVFTA",
      importingCountry: "DE",
      issuedAt: new Date("2026-03-05T08:00:00Z"),
      validUntil: new Date("2027-03-05T08:00:00Z"),
    }));
  });

  it("names the mark of each verdict: none for valid", () => {
    expect(
      ["valid", "revoked", "expired", "tampered", "unverified", "invalid"].map((verdict) =>
        statusMark(verdict),
      ),
    ).toEqual([null, "REVOKED", "EXPIRED", "NOT VALID", "NOT VALID", "NOT VALID"]);
  });

  it("says Valid from … until … for a valid certificate, and no mark (also by default, as just issued)", async () => {
    for (const standing of [undefined, { verdict: "valid" }]) {
      const text = await textOf(credential, standing);
      expect(text).toContain("Valid from 2026-03-05 until 2027-03-05");
      for (const mark of ["REVOKED", "EXPIRED", "NOT VALID"]) expect(text).not.toContain(mark);
    }
  });

  it("marks a revoked certificate REVOKED with the date, the reason and what superseded it, never Valid from", async () => {
    const text = await textOf(credential, {
      verdict: "revoked",
      revokedAt: "2026-04-01T09:30:00.000Z",
      reason: "Superseded by certificate CO-EVFTA-20260401-0B1C2D3E",
      supersededBy: "CO-EVFTA-20260401-0B1C2D3E",
    });
    expect(text).toContain(
      "REVOKED on 2026-04-01 09:30 UTC: Superseded by certificate CO-EVFTA-20260401-0B1C2D3E",
    );
    expect(text).toContain("No longer in force (its validity period was 2026-03-05 to 2027-03-05)");
    expect(text).toContain(`${ID} · REVOKED · page 1 of`);
    expect(text).not.toContain("Valid from");
  });

  it("marks an expired certificate EXPIRED with the day it ended", async () => {
    const text = await textOf(credential, { verdict: "expired" });
    expect(text).toContain("EXPIRED on 2027-03-05: no longer in force");
    expect(text).toContain(`${ID} · EXPIRED · page 1 of`);
    expect(text).not.toContain("Valid from");
  });

  it("marks a tampered (or any failing) certificate NOT VALID, naming the verdict", async () => {
    for (const verdict of ["tampered", "invalid", "unverified"]) {
      const text = await textOf(credential, { verdict });
      expect(text).toContain(`NOT VALID: its verification says "${verdict}"`);
      expect(text).not.toContain("Valid from");
    }
  });

  it("says which certificate a replacement replaces", async () => {
    const text = await textOf(credential, { verdict: "valid", replaces: "CO-EVFTA-20250105-0A1B2C3D" });
    expect(text).toContain("Replaces certificate CO-EVFTA-20250105-0A1B2C3D");
    expect(text).toContain("Valid from 2026-03-05 until 2027-03-05");
  });
});
