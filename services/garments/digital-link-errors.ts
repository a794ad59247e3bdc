import { AppError } from "../errors/index";

/** The part of a GS1 Digital Link that an error is about. */
export type DigitalLinkPart =
  "uri" | "path" | "gtin" | "cpv" | "lot" | "serial" | "tpx" | "query" | "authCode";

/**
 * 400 INVALID_GTIN: a GTIN is not 8, 12, 13 or 14 digits, or its check digit is wrong.
 * `details` carries the offending value, the reason and, for a bad check digit, the expected digit.
 */
export class InvalidGtinError extends AppError {
  constructor(gtin: string, reason: string, details: { expectedCheckDigit?: number } = {}) {
    super("INVALID_GTIN", `GTIN '${gtin}' is invalid: ${reason}`, {
      details: { part: "gtin", value: gtin, reason, ...details },
    });
  }
}

/**
 * 400 INVALID_DIGITAL_LINK: a GS1 Digital Link URI (or one of its parts) breaks the GS1 rules.
 * `details.part` names the part (`lot`, `serial`, `query`, ...); the authentication code is never echoed.
 */
export class InvalidDigitalLinkError extends AppError {
  constructor(part: DigitalLinkPart, reason: string, value?: string) {
    const shown = part === "authCode" ? undefined : value;
    super(
      "INVALID_DIGITAL_LINK",
      shown === undefined
        ? `Invalid GS1 Digital Link ${part}: ${reason}`
        : `Invalid GS1 Digital Link ${part} '${shown}': ${reason}`,
      { details: { part, reason, ...(shown === undefined ? {} : { value: shown }) } },
    );
  }
}
