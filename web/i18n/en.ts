/** English strings of the viewer. The Vietnamese file must provide the same keys (the type checker enforces it). */
export const en = {
  htmlLang: "en",
  locale: "en-GB",
  languageName: "English",
  switchTo: "Tiếng Việt",
  brandTagline: "Garment provenance",

  verdict: {
    authentic: "Authentic",
    unverified: "Not verified",
    tampered: "Tampered",
  },
  verdictExplain: {
    authentic: "Every record of this garment matches what was written on the blockchain.",
    unverified:
      "This garment could not be fully verified. Until every check passes, do not treat it as genuine: look at the checks below, and try again later or ask the seller.",
    tampered:
      "Some records of this garment do not match what was written on the blockchain. They may have been changed afterwards. Do not rely on the information below.",
  },
  suspendedTitle: "A facility of this garment is suspended",
  suspendedText: (name: string) =>
    `${name} has been suspended by the programme operator. Its records cannot be vouched for; check this garment with the seller.`,
  cloneTitle: "This label may have been copied",
  cloneText: (scans: number, places: number) =>
    `This code has been scanned ${scans} times from ${places} different places. A genuine label is usually scanned only a few times. If you bought this garment, check it with the seller.`,

  product: "Product",
  gtin: "GTIN",
  lot: "Batch",
  serial: "Serial",
  hsCode: "HS code",
  style: "Style",
  maker: "Made by",

  journey: "Journey of this garment",
  step: {
    "fabric-lot": "Fabric received",
    cutting: "Cutting",
    sewing: "Sewing",
    shipment: "Shipment",
  },
  shippedTo: "Shipped to",
  handOver: "Hand-over",
  handedOverTo: "Handed over to",
  transaction: "Blockchain transaction",
  record: "IPFS record",
  noSteps: "No production steps are recorded.",

  fabricOrigin: "Where the fabric comes from",
  supplier: "Supplier",
  composition: "Composition",
  fabricStage: {
    fibre: "Fibre",
    spinning: "Spinning",
    "fabric-formation": "Weaving or knitting",
    dyeing: "Dyeing",
    printing: "Printing",
    finishing: "Finishing",
  },
  fibre: {
    cotton: "cotton",
    elastane: "elastane",
    polyester: "polyester",
    viscose: "viscose",
    wool: "wool",
    linen: "linen",
    nylon: "nylon",
    polyamide: "polyamide",
    silk: "silk",
  } as Record<string, string>,
  unit: { m: "m", kg: "kg", pcs: "pcs" },

  documents: "Documents",
  noDocuments: "No documents are attached.",
  documentType: {
    invoice: "Invoice",
    "supplier-invoice": "Supplier invoice",
    "commercial-invoice": "Commercial invoice",
    "packing-list": "Packing list",
    "bill-of-lading": "Bill of lading",
    "certificate-of-origin": "Certificate of origin",
    "origin-declaration": "Origin declaration",
    "supplier-declaration": "Supplier's declaration",
    "test-report": "Test report",
    "mill-certificate": "Mill certificate",
    photo: "Photo",
    "product-image": "Product photo",
  } as Record<string, string>,
  fingerprint: "SHA-256",
  open: "Open",

  certificates: "Origin certificates",
  certificateStatus: {
    valid: "Valid",
    revoked: "Revoked",
    expired: "Expired",
    invalid: "Invalid",
    unverified: "Not verified",
  },
  issued: "Issued",
  revoked: "Revoked",
  expired: "Expired",
  validUntil: "Valid until",
  importingCountry: "Importing country",
  viewCertificate: "View certificate",

  documentNotYetChecked: "Not yet checked",
  supplyChainEvents: "Other recorded events",
  supplyChainEventsIntro:
    "Inspections, treatments and other events the facilities recorded about this product, each checked against its commitment on the chain.",
  supplyChainEventsShown: (shown: number, total: number) => `The newest ${shown} of ${total} events.`,
  supplyChainEventsAll: "All events (EPCIS)",
  supplyChainEventVerdict: {
    verified: "Verified on chain",
    unverified: "Could not be verified",
    tampered: "Does not match the chain",
  },
  eventRecord: "Record",
  recordedBy: "Recorded by",
  disposition: "Status",
  status: {
    passed: "Verified",
    failed: "Failed",
    unavailable: "Could not check now",
  },
  checksTitle: (count: number) => `How this was checked (${count} checks)`,
  check: {
    "chain-record": (s: string) => `${s} on the blockchain`,
    "record-digest": (s: string) => `Record of ${s} compared with the blockchain`,
    "facility-signature": (s: string) => `Signature of the registered facility on ${s}`,
    "document-hash": (s: string) => `Document "${s}" compared with its fingerprint`,
    "garment-manifest": (s: string) => `Garment list of batch ${s} compared with the blockchain`,
    "garment-code": (s: string) => `Serial and authentication code in batch ${s}`,
    "certificate-anchored": (s: string) => `Certificate ${s} on the blockchain`,
    "certificate-status": (s: string) => `Revocation and validity period of certificate ${s}`,
    "certificate-evidence": (s: string) => `Facts of certificate ${s} compared with its evidence`,
    "record-fields": (s: string) => `What is shown of ${s} compared with its record`,
    "facility-record": (s: string) => `Name and country of facility ${s} on the blockchain`,
    "facility-standing": (s: string) => `Standing of facility ${s} in the programme`,
    other: (s: string) => s,
  },

  originTitle: "Origin",
  originNone: "No origin certificate covers this garment.",
  originStanding: {
    certified: "Certified originating",
    revoked: "Revoked: proves nothing",
    expired: "Expired: proves nothing",
    invalid: "Invalid: proves nothing",
    unverified: "Not verified now",
  },
  agreementName: {
    EVFTA: "EVFTA (EU–Viet Nam)",
    UKVFTA: "UKVFTA (UK–Viet Nam)",
    CPTPP: "CPTPP (Trans-Pacific Partnership)",
    RCEP: "RCEP (Regional Comprehensive Economic Partnership)",
    AANZFTA: "AANZFTA (ASEAN–Australia–New Zealand)",
    ATIGA: "ATIGA (ASEAN Trade in Goods)",
    ACFTA: "ACFTA (ASEAN–China)",
    AKFTA: "AKFTA (ASEAN–Korea)",
    VKFTA: "VKFTA (Viet Nam–Korea)",
    AJCEP: "AJCEP (ASEAN–Japan)",
    VJEPA: "VJEPA (Viet Nam–Japan)",
  } as Record<string, string>,
  certifier: "Certifier",
  certifierUnknown: "Not known: the certificate could not be checked",
  validFrom: "Valid from",
  validity: "Valid",
  productPhotoAlt: (product: string) => `Photo of the product: ${product}`,
  evidenceTitle: (count: number) => `Evidence (${count} records on the blockchain and in IPFS)`,
  evidenceIntro:
    "Each record of the journey was written on the blockchain by one transaction and is kept in IPFS under its content identifier (CID). The checks above compared them; here they are for anyone who wants to compare them again.",
  checkOutcome: {
    passed: "",
    failed: "This does not match what the blockchain holds.",
    unavailable: "This could not be checked now. Try again later.",
  },
  checkById: {
    anchored: (s: string) => `Certificate ${s} anchored on the blockchain`,
    digest: (s: string) => `Document of certificate ${s} matches its anchored fingerprint`,
    signature: (s: string) => `Certificate ${s} signed by its certifier`,
    subject: (s: string) => `Certificate ${s} covers the lot and agreement anchored`,
    evidence: (s: string) => `Facts of certificate ${s} are what its evidence records give`,
    assessment: (s: string) => `Certificate ${s} assessed originating under a confirmed rule`,
    "not-revoked": (s: string) => `Certificate ${s} not revoked`,
    validity: (s: string) => `Certificate ${s} within its validity period`,
  } as Record<string, (subject: string) => string>,
  /** Said for a rule the page has no words for, its English text folded beneath (English needs none). */
  ruleTextUntranslated: "",
  /** The summary over the engine's own English words (hashes, error messages). */
  technicalDetail: "Technical detail",
  /** An invalid certificate's reason, when the page has no words for the engine's. */
  certificateInvalidReason: "Its facts or its document do not hold up when checked.",
  /** A kept EPCIS event's reason, when the page has no words for the engine's. */
  supplyChainEventReason: {
    unverified: "Its record could not be checked against the blockchain now.",
    tampered: "Its record does not match what the blockchain holds.",
  },

  verifiedAt: "Checked",
  machineReadable: "Machine-readable",
  linkJson: "Provenance (JSON)",
  linkLinkset: "Linkset",
  linkPassport: "Product passport",

  notFoundTitle: "We do not know this garment",
  notFoundText:
    "No garment with this code is recorded. The label may be mistyped or damaged, or it may be a fake.",
  invalidLinkTitle: "This is not a valid product code",
  invalidLinkText:
    "The scanned code is not a GS1 Digital Link that names a garment. Scan the QR code on the label again.",
  scanned: "Scanned",
  unknownCertificateTitle: "We do not know this certificate",
  unknownCertificateText:
    "No certificate with this number was issued here. Check the number on the document, or ask whoever gave it to you which body issued it.",
  certificateNumber: "Certificate number",

  wrongCodeTitle: "The authentication code does not match",
  wrongCodeText:
    "This garment exists, but the code on this label is not the one recorded for it. The label may have been copied or altered. Do not rely on it.",
  missingCodeTitle: "This link has no authentication code",
  missingCodeText:
    "Scan the QR code on the garment's label, or type the code printed next to it, to verify it.",
  enterCode: "Authentication code",
  checkCode: "Verify",

  certificateTitle: (id: string) => `Origin certificate ${id}`,
  certificateVerdict: {
    valid: "Valid certificate",
    revoked: "Revoked certificate",
    expired: "Expired certificate",
    invalid: "Invalid certificate",
    unverified: "Not verified",
    tampered: "Does not match the blockchain",
  },
  certificateExplain: {
    valid:
      "This certificate is anchored on the blockchain, matches its record, is signed by its issuer, has not been revoked and is within its validity period.",
    revoked: "The issuer has revoked this certificate. It no longer proves origin.",
    expired: "This certificate's validity period has ended. It no longer proves origin.",
    invalid:
      "This certificate's facts are not what its evidence records give. It does not prove origin. Do not rely on it.",
    unverified: "This certificate could not be checked right now. Please try again later.",
    tampered:
      "This certificate does not match what was anchored on the blockchain. It may have been altered. Do not rely on it.",
  },
  revokedOn: "Revoked on",
  reason: "Reason",
  supersededBy: "Superseded by",
  replaces: "Replaces",
  exporter: "Exporter",
  exportingCountry: "Exporting country",
  covers: "Covers",
  rule: "Rule applied",
  agreement: "Agreement",
  downloadPdf: "Download PDF",
  batchJourney: "Journey of this batch",
  batchVerdictExplain: {
    authentic:
      "Every record of this garment batch matches what was written on the blockchain. To check one garment, scan its own label.",
    unverified:
      "This batch could not be fully verified. Until every check passes, do not rely on it: look at the checks below, and try again later.",
    tampered:
      "Some records of this batch do not match what was written on the blockchain. They may have been changed afterwards. Do not rely on the information below.",
  },
  garmentCount: "Garments",
  batches: "Batches",
  noBatches: "No batch of this product is recorded.",
  moreBatches: "Only the most recent batches are listed.",
  productIntro:
    "This code names a product, not one garment. Each batch below has its own page with its verified journey; to check one garment, scan its label.",
  viewBatch: "Batch page",
  viewProduct: "Product page",
  linkTitle: {
    productPage: (product: string) => `${product}: product page`,
    batchPage: (product: string, lot: string) => `${product}, batch ${lot}: provenance page`,
    garmentPage: (product: string, lot: string, serial: string) =>
      `${product}, batch ${lot}, garment ${serial}: verification page`,
    traceability: "Provenance with every check (JSON)",
    passport: "Digital product passport",
    epcis: "EPCIS events",
    epcisProvenance: "EPCIS events of the whole provenance (EPCISDocument)",
    epcisCaptured: "EPCIS events captured for this batch (query)",
    certificate: "Origin certificate",
    certificateNotes: {
      status: { revoked: "revoked", expired: "expired", invalid: "invalid", unverified: "unverified" },
      mismatch: "does not match its anchor",
      unverifiedNow: "not verified now",
    },
  },
};
