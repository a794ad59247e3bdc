/**
 * EPCIS 2.0 (ISO/IEC 19987) as threadproof speaks it, pure: validation against the GS1 schema, the CBV 2.0
 * event hash, the mapping of EPCIS events to threadproof's events and back, and the per-capture commitment.
 * See README.md in this folder for the mapping table and what is left out.
 */
export * from "./commitment";
export * from "./document";
export * from "./event-hash";
export * from "./export";
export * from "./gs1-schema";
export * from "./identifiers";
export * from "./mapping";
export * from "./validate";
