/**
 * The e-C/O application dossier: the fields of the agreement's form as an exporter fills them in the
 * Ministry of Industry and Trade's eCoSys (Circular 40/2025/TT-BCT), taken from an issued certificate, with
 * the supporting documents and their SHA-256 digests, and what the exporter must still supply marked. No
 * eCoSys API is known, so the dossier is for a clerk to copy in: as JSON and as a printable PDF.
 */
import PDFDocument from "pdfkit";
import { registerPdfFonts } from "../pdf/fonts";
import type { OriginCredential } from "./anchored";
import type { EvidenceLink } from "./evidence";
import { originCriterionCode, partyLine, type ProofOfOrigin } from "./proof-documents";
import type { OriginFacts } from "../origin/facts";

export interface DossierField {
  /** The form's field, as eCoSys labels it in English. */
  field: string;
  value: string | null;
  /** True when threadproof does not know it: the exporter must supply it before filing. */
  toSupply: boolean;
}

export interface EcoDossier {
  certificateId: string;
  agreement: string;
  form: string;
  /** How the dossier reaches eCoSys: no API is known, a clerk copies the fields in. */
  filing: string;
  fields: DossierField[];
  supportingDocuments: { name: string; kind: string; cid: string; sha256: string; url: string }[];
  /** The fields left to supply, by name (empty when the dossier is complete). */
  toSupply: string[];
}

const field = (name: string, value: string | null | undefined): DossierField =>
  value ? { field: name, value, toSupply: false } : { field: name, value: null, toSupply: true };

/**
 * The dossier for a certificate's goods.
 *
 * @example
 * const dossier = ecoDossierFor(credential);
 * dossier.toSupply; // ["Means of transport and route", "FOB value", ...]
 */
export function ecoDossierFor(credential: OriginCredential): EcoDossier {
  const subject = credential.credentialSubject as OriginCredential["credentialSubject"] & {
    proofOfOrigin?: ProofOfOrigin;
    exporter?: { name: string | null; country: string } | null;
    importer?: { name?: string | null; country?: string | null } | null;
    subjectLot: { id: string; quantity?: number; unit?: string; invoiceNumber?: string | null };
    exportDate?: string | null;
    originDeclaration?: { form?: string | null };
  };
  const proof = subject.proofOfOrigin;
  const fta = subject.agreement.id as OriginFacts["fta"];
  const assessment = subject.assessment[0]!;
  const lot = subject.subjectLot;
  const exporter =
    proof?.exporter ??
    (subject.exporter
      ? { name: subject.exporter.name ?? undefined, country: subject.exporter.country }
      : null);
  const consignee =
    proof?.importer ??
    (subject.importer?.name
      ? { name: subject.importer.name, country: subject.importer.country ?? undefined }
      : null);
  const fields = [
    field("Exporter (name, address, country)", partyLine(exporter)),
    field(
      "Exporter's telephone and e-mail",
      [exporter?.telephone, exporter?.email].filter(Boolean).join(", ") || null,
    ),
    field("Consignee (name, address, country)", partyLine(consignee)),
    field("Importing country", subject.importingCountry),
    field("Means of transport and route", null),
    field("Departure date", subject.exportDate ?? null),
    field("HS code (6 digits)", subject.product.hsCode),
    field("Description of goods", subject.product.name),
    field("Marks and numbers on packages", null),
    field("Number and kind of packages", null),
    field("Quantity", lot.quantity ? `${lot.quantity} ${lot.unit ?? ""}`.trim() : null),
    field("Invoice number", lot.invoiceNumber ?? null),
    field("Invoice date", null),
    // The FOB value is on the invoice; the ex-works price recorded is a floor, not the FOB value.
    field("FOB value", null),
    field("Origin criterion", originCriterionCode(fta, assessment.rule.id)),
    field("Rule met", `${assessment.rule.text} (${assessment.rule.source})`),
    field(
      "Exporter's authorisation or approved-exporter number",
      proof?.exporter?.authorisationNumber ?? null,
    ),
  ];
  const evidence = (credential.evidence ?? []) as EvidenceLink[];
  const supportingDocuments: EcoDossier["supportingDocuments"] = evidence.map((link) => ({
    name: link.linkName,
    kind: link.linkType,
    cid: link.cid,
    sha256: link.hashDigest,
    url: link.linkURL,
  }));
  const certificateId = subject.certificateId;
  supportingDocuments.push({
    name: `threadproof certificate ${certificateId} (signed credential)`,
    kind: "certificate",
    cid: "",
    sha256: "",
    url: String(credential.id),
  });
  return {
    certificateId,
    agreement: `${subject.agreement.name} (${fta})`,
    form: proof?.name ?? subject.originDeclaration?.form ?? "Certificate of origin",
    filing:
      "No eCoSys API is known: copy these fields into the application at ecosys.gov.vn and attach the supporting documents listed, whose SHA-256 digests let the issuing organisation check them",
    fields,
    supportingDocuments,
    toSupply: fields.filter((f) => f.toSupply).map((f) => f.field),
  };
}

/** The dossier as a printable A4 PDF, fields to supply marked. */
export async function renderDossierPdf(dossier: EcoDossier): Promise<Buffer> {
  const margin = 18 * (72 / 25.4);
  const doc = new PDFDocument({
    size: "A4",
    margin,
    info: { Title: `e-C/O application dossier ${dossier.certificateId}`, Creator: "threadproof" },
  });
  registerPdfFonts(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * margin;
  doc.font("bold").fontSize(16).text("e-C/O application dossier", { width });
  doc.font("regular").fontSize(10).text(`${dossier.form} · ${dossier.agreement}`, { width });
  doc.text(`From certificate ${dossier.certificateId}`, { width });
  doc.moveDown(0.4).fontSize(8).fillColor("#555555").text(dossier.filing, { width }).fillColor("#000000");
  doc.moveDown(0.6).font("bold").fontSize(11).text("Form fields", { width });
  for (const f of dossier.fields) {
    doc.font("bold").fontSize(8.5).text(`${f.field}: `, margin, doc.y, { width, continued: true });
    doc
      .font("regular")
      .fillColor(f.toSupply ? "#8a1c1c" : "#000000")
      .text(f.toSupply ? "[TO SUPPLY]" : f.value!);
    doc.fillColor("#000000");
  }
  doc
    .moveDown(0.6)
    .font("bold")
    .fontSize(11)
    .text("Supporting documents (SHA-256)", margin, doc.y, { width });
  for (const d of dossier.supportingDocuments) {
    doc.font("bold").fontSize(8).text(d.name, margin, doc.y, { width });
    doc
      .font("regular")
      .fontSize(7)
      .text([d.url, d.sha256 ? `sha256 ${d.sha256}` : null].filter(Boolean).join("\n"), { width });
  }
  if (dossier.toSupply.length > 0) {
    doc
      .moveDown(0.6)
      .font("bold")
      .fontSize(11)
      .text("Still to supply before filing", margin, doc.y, { width });
    doc.font("regular").fontSize(8.5).text(dossier.toSupply.join(" · "), { width });
  }
  doc.end();
  return done;
}
