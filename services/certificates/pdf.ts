/**
 * The certificate's printable form: an A4 PDF (pdfkit, Noto Sans so Vietnamese names print) with the
 * agreement's data elements, the declaration text, the assessment's checks in plain words, the evidence list,
 * the signature and a vector QR code that opens the certificate's verification page. The PDF is a rendering
 * of the signed credential; the credential (JSON) is what is anchored and verified.
 *
 * A PDF outlives the moment it is printed, so it says the certificate's status when it was served: a revoked
 * certificate carries a REVOKED mark with the date and reason (and the certificate that superseded it), an
 * expired one EXPIRED, a tampered or otherwise failing one NOT VALID — on every page, beside the QR code that
 * checks it again. Only a valid certificate says "Valid from … until …".
 */
import PDFDocument from "pdfkit";
import { registerPdfFonts } from "../pdf/fonts";
import { QR_QUIET_ZONE, qrMatrix, qrRuns } from "../labels/qr-image";
import type { OriginCredential } from "./certificates";
import { proofDocumentFor } from "./proof-documents";
import type { EvidenceLink } from "./evidence";

const MM = 72 / 25.4;

/** Where the QR code sits on page 1, in points from the top-left corner (tests crop it there). */
export const CERTIFICATE_PDF_LAYOUT = {
  pageSize: "A4" as const,
  margin: 18 * MM,
  qr: { x: 210 * MM - 18 * MM - 34 * MM, y: 14 * MM, side: 34 * MM },
} as const;

function drawQr(doc: PDFKit.PDFDocument, text: string): void {
  const { x, y, side } = CERTIFICATE_PDF_LAYOUT.qr;
  const matrix = qrMatrix(text);
  const module = side / (matrix.size + 2 * QR_QUIET_ZONE);
  const originX = x + QR_QUIET_ZONE * module;
  const originY = y + QR_QUIET_ZONE * module;
  doc.save();
  doc.rect(x, y, side, side).fill("#ffffff");
  for (const run of qrRuns(matrix)) {
    // A hair of overlap so no seam shows between rows when rasterised.
    doc.rect(originX + run.col * module, originY + run.row * module, run.length * module, module + 0.01);
  }
  doc.fill("#000000");
  doc.restore();
}

export interface CertificatePdfOptions {
  /** The page the QR code opens: the public verification page. */
  verificationUrl: string;
  /** 0x SHA-256 of the credential, as anchored on chain. */
  digest: string;
  /** The anchoring transaction. */
  txHash?: string;
  /** The certificate's status when served (default: valid, for a certificate just issued). */
  standing?: CertificatePdfStanding;
}

/** What the PDF says about the certificate's status: the verdict of its verification and why. */
export interface CertificatePdfStanding {
  /** The certificate's verification verdict (`valid`, `revoked`, `expired`, `tampered`, ...). */
  verdict: string;
  /** When the chain revoked it (ISO 8601). */
  revokedAt?: string | null;
  /** The revocation's reason, as recorded. */
  reason?: string | null;
  /** The certificate that replaced it, when the revocation was a supersession. */
  supersededBy?: string | null;
  /** The certificate this one replaces. */
  replaces?: string | null;
}

/** The mark a PDF carries for a verdict other than valid (null for a valid one). */
export function statusMark(verdict: string): string | null {
  if (verdict === "valid") return null;
  if (verdict === "revoked") return "REVOKED";
  if (verdict === "expired") return "EXPIRED";
  return "NOT VALID";
}

const day = (iso: string) => iso.slice(0, 10);

/** The lines under the certificate id that say whether it is in force. */
function standingLines(credential: OriginCredential, standing: CertificatePdfStanding): string[] {
  const period = `${day(credential.validFrom)} to ${day(credential.validUntil)}`;
  const lines: string[] = [];
  if (standing.verdict === "valid") {
    lines.push(`Valid from ${day(credential.validFrom)} until ${day(credential.validUntil)}`);
  } else if (standing.verdict === "revoked") {
    const when = standing.revokedAt ? ` on ${standing.revokedAt.slice(0, 16).replace("T", " ")} UTC` : "";
    lines.push(`REVOKED${when}${standing.reason ? `: ${standing.reason}` : ""}`);
    if (standing.supersededBy && !standing.reason?.includes(standing.supersededBy))
      lines.push(`Superseded by certificate ${standing.supersededBy}`);
    lines.push(`No longer in force (its validity period was ${period})`);
  } else if (standing.verdict === "expired") {
    lines.push(`EXPIRED on ${day(credential.validUntil)}: no longer in force (validity period ${period})`);
  } else {
    lines.push(
      `NOT VALID: its verification says "${standing.verdict}". Do not rely on this document; scan the code for the reasons`,
    );
  }
  if (standing.replaces) lines.push(`Replaces certificate ${standing.replaces}`);
  return lines;
}

/** A large, light mark across the page, drawn over its content but translucent so the text stays legible. */
function drawMark(doc: PDFKit.PDFDocument, mark: string): void {
  const { width, height } = doc.page;
  doc.save();
  doc.rotate(-35, { origin: [width / 2, height / 2] });
  doc.font("bold").fontSize(96).fillColor("#c62828", 0.18);
  doc.text(mark, 0, height / 2 - 48, { width, align: "center", lineBreak: false });
  doc.restore();
}

/**
 * Renders the certificate as a PDF.
 *
 * @example
 * const pdf = await renderCertificatePdf(credential, { verificationUrl: links.page, digest });
 * res.type("application/pdf").send(pdf);
 */
export async function renderCertificatePdf(
  credential: OriginCredential,
  options: CertificatePdfOptions,
): Promise<Buffer> {
  const { margin } = CERTIFICATE_PDF_LAYOUT;
  const subject = credential.credentialSubject;
  const document = proofDocumentFor(credential);
  const evidence = (credential.evidence ?? []) as EvidenceLink[];
  const proof = credential.proof as { created?: string; verificationMethod?: string; proofValue?: string };

  const doc = new PDFDocument({
    size: CERTIFICATE_PDF_LAYOUT.pageSize,
    margin,
    bufferPages: true,
    info: { Title: `Certificate of origin ${subject.certificateId}`, Creator: "threadproof" },
  });
  registerPdfFonts(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 2 * margin;
  const headWidth = CERTIFICATE_PDF_LAYOUT.qr.x - margin - 6 * MM;
  drawQr(doc, options.verificationUrl);
  doc.font("bold").fontSize(18).fillColor("#000000");
  doc.text("Certificate of origin", margin, 16 * MM, { width: headWidth });
  doc.font("regular").fontSize(10).fillColor("#333333");
  doc.text(`${subject.agreement.name} (${subject.agreement.id})`, { width: headWidth });
  doc.font("bold").fontSize(11).fillColor("#000000").text(subject.certificateId, { width: headWidth });
  const standing = options.standing ?? { verdict: "valid" };
  const mark = statusMark(standing.verdict);
  standingLines(credential, standing).forEach((line, index) => {
    const alarming = mark !== null && index === 0;
    doc
      .font(alarming ? "bold" : "regular")
      .fontSize(alarming ? 10 : 8)
      .fillColor(alarming ? "#b71c1c" : "#555555")
      .text(line, { width: headWidth });
  });
  doc.font("regular").fontSize(8).fillColor("#555555");
  doc.text("Scan the code to verify this certificate against the blockchain · Quét mã để xác minh", {
    width: headWidth,
  });
  doc.y = Math.max(doc.y, CERTIFICATE_PDF_LAYOUT.qr.y + CERTIFICATE_PDF_LAYOUT.qr.side) + 4 * MM;

  const heading = (text: string) => {
    doc.moveDown(0.6);
    doc.font("bold").fontSize(11).fillColor("#000000").text(text, margin, doc.y, { width });
    doc.moveDown(0.2);
  };
  const field = (label: string, value: string | null | undefined) => {
    doc
      .font("bold")
      .fontSize(8.5)
      .fillColor("#000000")
      .text(`${label}: `, margin, doc.y, { width, continued: true });
    doc.font("regular").text(value ?? "not provided");
  };

  heading("Goods");
  field("Product", `${subject.product.name}, HS ${subject.product.hsCode}`);
  if (subject.product.gtin) field("GTIN", subject.product.gtin);
  const lot = subject.subjectLot as {
    id: string;
    kind: string;
    quantity?: number;
    unit?: string;
    invoiceNumber?: string | null;
  };
  field("Lot", `${lot.id} (${lot.kind}${lot.quantity ? `, ${lot.quantity} ${lot.unit ?? ""}` : ""})`);
  if (lot.invoiceNumber) field("Invoice", lot.invoiceNumber);
  field("Exporting country", subject.exportingCountry);
  field("Importing country", subject.importingCountry);
  field("Export date", (subject.exportDate as string | null) ?? null);

  heading(document.title);
  doc.font("regular").fontSize(8.5).fillColor("#000000");
  doc.text(document.madeOutBy, margin, doc.y, { width });
  doc.moveDown(0.2);
  for (const element of document.elements) {
    doc
      .font("bold")
      .fontSize(8.5)
      .fillColor("#000000")
      .text(`${element.label}: `, margin, doc.y, { width, continued: true });
    // What threadproof does not know is marked, so the exporter sees what is left to fill in.
    doc
      .font("regular")
      .fillColor(element.toSupply ? "#8a1c1c" : "#000000")
      .text(element.toSupply ? `[${element.value}]` : element.value);
  }
  doc.fillColor("#000000");
  if (document.declaration) {
    heading(document.declaration.heading);
    doc.font("regular").fontSize(9).text(document.declaration.text, margin, doc.y, { width });
  }
  for (const entry of document.proofEntries) {
    doc.moveDown(0.3);
    doc.font("bold").fontSize(9).text(entry, margin, doc.y, { width });
  }
  if (document.warnings.length > 0) {
    heading("Conditions to check before relying on this proof");
    for (const warning of document.warnings)
      doc.font("regular").fontSize(8).fillColor("#8a1c1c").text(`• ${warning}`, margin, doc.y, { width });
    doc.fillColor("#000000");
  }

  heading("Why the goods are originating");
  doc.font("bold").fontSize(8.5).text("Rule met: ", margin, doc.y, { width, continued: true });
  doc.font("regular").text(document.ruleMet);
  doc.moveDown(0.3);
  for (const check of document.checks) {
    doc
      .font("bold")
      .fontSize(8)
      .fillColor(check.passed ? "#1a5e1f" : "#8a1c1c")
      .text(check.passed ? "Met  " : "Not met  ", margin, doc.y, { width, continued: true });
    doc.font("regular").fillColor("#000000").text(check.text);
  }

  heading("Evidence (SHA-256 of each record and document)");
  for (const link of evidence) {
    doc.font("bold").fontSize(7.5).fillColor("#000000").text(link.linkName, margin, doc.y, { width });
    doc
      .font("regular")
      .fontSize(7)
      .fillColor("#333333")
      .text(
        `${link.linkURL}\nIPFS ${link.cid} · sha256 ${link.hashDigest}${link.transaction ? `\ntransaction ${link.transaction.txHash}` : ""}`,
        { width },
      );
    doc.moveDown(0.2);
  }

  heading("Signature");
  field("Proof of origin", document.madeOutBy);
  field("Digital copy signed by", document.digitalCopySignedBy);
  field("Issuer DID", credential.issuer.id);
  field("Signed", proof.created ?? null);
  doc.font("regular").fontSize(7).fillColor("#333333");
  doc.text(`Proof (eddsa-jcs-2022): ${proof.proofValue ?? ""}`, margin, doc.y, { width });
  doc.text(`SHA-256 of the credential, anchored on chain: ${options.digest.replace(/^0x/, "")}`, { width });
  if (options.txHash) doc.text(`Anchoring transaction: ${options.txHash}`, { width });
  doc.text(`Verify: ${options.verificationUrl}`, { width, link: options.verificationUrl });

  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    if (mark) drawMark(doc, mark);
    // Below the bottom margin pdfkit would start a new page: lift the margin for the footer line.
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(7).fillColor("#555555");
    doc.text(
      `${subject.certificateId}${mark ? ` · ${mark}` : ""} · page ${page + 1} of ${range.count} · ${document.footer}`,
      margin,
      doc.page.height - 12 * MM,
      {
        width,
        lineBreak: false,
      },
    );
  }
  doc.end();
  return done;
}
