import type { CountryCode, IsoDate, Member } from "./types";

/** The 27 member states of the European Union since 2020-02-01 (ISO codes: Greece is GR). */
export const euMemberStates = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
] as const satisfies readonly CountryCode[]; // prettier-ignore

/** The ten ASEAN member states. */
export const aseanMemberStates = [
  "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN",
] as const satisfies readonly CountryCode[]; // prettier-ignore

/** Members that all joined on one date (optionally on one side of a bilateral agreement). */
export function membersFrom(
  countries: readonly CountryCode[],
  inForce: IsoDate,
  side?: string,
): readonly Member[] {
  return countries.map((country) => (side ? { country, inForce, side } : { country, inForce }));
}
