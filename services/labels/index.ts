/**
 * GS1 Digital Link URIs, QR codes, label sheets and linksets for garments.
 *
 * A resolver route typically: `parseGarmentDigitalLink(req.originalUrl)` (400 INVALID_GTIN /
 * INVALID_DIGITAL_LINK on bad input), looks the garment up, then answers HTML (web/), JSON, or
 * `buildGarmentLinkset(...)` for `application/linkset+json` or `?linkType=all`.
 */
export {
  AUTH_CODE_PARAM,
  buildDigitalLink,
  buildDigitalLinkPath,
  encodeGs1Segment,
  gtinCheckDigit,
  isValidGtin,
  normalizeGtin,
  parseDigitalLink,
  parseGarmentDigitalLink,
} from "../garments/digital-link";
export type {
  BuildDigitalLinkOptions,
  DigitalLink,
  DigitalLinkParts,
  GarmentDigitalLink,
} from "../garments/digital-link";
export { InvalidDigitalLinkError, InvalidGtinError } from "../garments/digital-link-errors";
export type { DigitalLinkPart } from "../garments/digital-link-errors";
export { QR_ERROR_CORRECTION, QR_QUIET_ZONE, QrDataError, qrMatrix, qrPng, qrRuns, qrSvg } from "./qr-image";
export type { QrImageOptions, QrMatrix, QrRun } from "./qr-image";
export { batchLabels, LABEL_SHEET_LAYOUT, LabelSheetAbortedError, writeLabelSheet } from "./label-sheet";
export type { BatchLabelsParameters, GarmentLabel, LabelSheetOptions, LabelSheetResult } from "./label-sheet";
export { requireActivePrinter } from "./printing";
export { buildGarmentLinkset, LINK_TYPES, LINKSET_MEDIA_TYPE } from "../scans/linkset";
export type { GarmentLinksetParameters, Linkset, LinkTarget } from "../scans/linkset";
