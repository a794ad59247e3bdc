const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
// The names the agreements themselves use, where they differ from ICU's English names.
const treatyNames: Readonly<Record<string, string>> = { VN: "Viet Nam", KR: "Korea" };

/** "Viet Nam (VN)": a country as a compliance officer reads it. */
export function describeCountry(code: string): string {
  return `${treatyNames[code] ?? regionNames.of(code) ?? code} (${code})`;
}
