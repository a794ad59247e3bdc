import { describeCountry } from "./country-names";
import type { OriginFacts } from "./facts";
import { hsMatchesAny } from "./hs-codes";
import type { CountryCode, ExtendedCumulation, FtaRuleSet, IsoDate, Member } from "./rules/types";
import { type Finding, known, unknownFor } from "./tri";

/**
 * Who the agreement is in force for, and between whom, on the export date (rules-of-origin.md: "Cumulation
 * only counts parties for which the agreement is in force for both the exporter and the importer on the
 * export date"). Without a date the answer is unknown wherever a date could decide it.
 */

function memberOf(table: FtaRuleSet, country: CountryCode): Member | undefined {
  return table.members.find((member) => member.country === country);
}

/**
 * The date from which the agreement is in force between two parties, or undefined when it is not (yet):
 * the later of their own dates, and of any partner-by-partner accession date (the UK in CPTPP).
 */
export function inForceBetweenFrom(table: FtaRuleSet, a: CountryCode, b: CountryCode): IsoDate | undefined {
  const first = memberOf(table, a);
  const second = memberOf(table, b);
  if (!first || !second) return undefined;
  let from = first.inForce > second.inForce ? first.inForce : second.inForce;
  if (a === b) return from;
  for (const [acceding, partner] of [
    [first, b],
    [second, a],
  ] as const) {
    if (!acceding.inForceWith) continue;
    const pairDate = acceding.inForceWith[partner];
    if (pairDate === undefined) return undefined;
    if (pairDate > from) from = pairDate;
  }
  return from;
}

/** Whether something in force from `from` applies on `date`. */
export function inForceOn(from: IsoDate | undefined, date: IsoDate | undefined): Finding {
  if (from === undefined) return known(false);
  return date === undefined ? unknownFor("date") : known(date >= from);
}

/** The trade check: exporter and importer are parties, on different sides, in force for each other on the date. */
export function checkTradeBetweenParties(
  table: FtaRuleSet,
  facts: OriginFacts,
): Finding & { detail: string } {
  const { exportingCountry: exporter, importingCountry: importer, date } = facts;
  const [from, to] = [describeCountry(exporter), describeCountry(importer)];
  if (exporter === importer)
    return { ...known(false), detail: `${from} exports to itself: no preference applies` };
  for (const country of [exporter, importer]) {
    if (!memberOf(table, country))
      return { ...known(false), detail: `${describeCountry(country)} is not a party to ${table.fta}` };
  }
  const exporterSide = memberOf(table, exporter)?.side;
  if (exporterSide !== undefined && exporterSide === memberOf(table, importer)?.side)
    return {
      ...known(false),
      detail: `${from} and ${to} are on the same side (${exporterSide}) of ${table.fta}: trade between them is not under it`,
    };
  const since = inForceBetweenFrom(table, exporter, importer);
  if (since === undefined)
    return {
      ...known(false),
      detail:
        `${table.fta} is not in force between ${from} and ${to}: a party that acceded partner by partner ` +
        `has no dated entry into force with the other`,
    };
  const inForce = inForceOn(since, date);
  const detail =
    inForce.result === "unknown"
      ? `${table.fta} is in force between ${from} and ${to} from ${since}; the export date is missing, so it cannot be told whether it applied`
      : inForce.result
        ? `${table.fta} is in force between ${from} and ${to} since ${since}; the export date is ${date}`
        : `${table.fta} enters into force between ${from} and ${to} on ${since}, after the export date ${date}`;
  return { ...inForce, detail };
}

/** Whether a country counts as "in the territory", with the reason in words. */
export interface Place {
  readonly inside: Finding;
  readonly why: string;
}

/**
 * Where production counts as done in the territory for this export: a party in force for both the exporter
 * and the importer on the date, or a country whose processing an extended cumulation counts (EU processing
 * under UKVFTA).
 */
export function territoryFor(table: FtaRuleSet, facts: OriginFacts): (country: CountryCode) => Place {
  return (country) => {
    const party = partyInForceForBoth(table, facts, country);
    if (party.inside.result === true) return party;
    const cumulation = table.cumulation.extended.find(
      (ext) => ext.processingCounts && ext.countries.includes(country) && productCovered(ext, facts) === true,
    );
    if (!cumulation) return party;
    const inside = inForceOn(cumulation.from, facts.date);
    return { inside, why: `processing there counts under ${table.fta}'s cumulation (${cumulation.source})` };
  };
}

/** Whether a country is a party in force for both the exporter and the importer on the date. */
export function partyInForceForBoth(table: FtaRuleSet, facts: OriginFacts, country: CountryCode): Place {
  if (!memberOf(table, country)) return { inside: known(false), why: `not a party to ${table.fta}` };
  const withExporter = inForceOn(inForceBetweenFrom(table, country, facts.exportingCountry), facts.date);
  const withImporter = inForceOn(inForceBetweenFrom(table, country, facts.importingCountry), facts.date);
  if (withExporter.result === false || withImporter.result === false) {
    const other = withExporter.result === false ? facts.exportingCountry : facts.importingCountry;
    return {
      inside: known(false),
      why: `a party to ${table.fta}, but not in force with ${describeCountry(other)}${facts.date ? ` on ${facts.date}` : ""}`,
    };
  }
  if (withExporter.result === "unknown" || withImporter.result === "unknown")
    return {
      inside: unknownFor("date"),
      why: `a party to ${table.fta}; whether in force depends on the missing export date`,
    };
  return { inside: known(true), why: `a party to ${table.fta} in force for this export on ${facts.date}` };
}

/** Whether an extended cumulation's product restriction admits the garment. */
export function productCovered(cumulation: ExtendedCumulation, facts: OriginFacts) {
  return cumulation.products ? hsMatchesAny(facts.product.hsCode, cumulation.products) : true;
}
