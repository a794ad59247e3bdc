/**
 * Where a garment batch's EPCIS events are: the lot's whole upstream provenance as one EPCISDocument
 * (`/api/v1/lots/{lot}/epcis`), and the events captured about the batch's LGTIN in the EPCIS query interface
 * (`/epcis/events?MATCH_anyEPCClass=…`, the class as its canonical Digital Link). The passport and the
 * resolver's `gs1:epcis` links name the same two.
 */

/** The batch's LGTIN as the EPCIS store keeps class identifiers: `https://id.gs1.org/01/{gtin}/10/{lot}`. */
export function lgtinOf(gtin: string, lot: string): string {
  return `https://id.gs1.org/01/${gtin}/10/${encodeURIComponent(lot)}`;
}

/** The EPCISDocument of lot `lotId`'s provenance, on this service. */
export function lotEpcisUrl(baseUrl: string, lotId: string): string {
  return new URL(`/api/v1/lots/${encodeURIComponent(lotId)}/epcis`, baseUrl).href;
}

/** The EPCIS query for the events captured about batch `lot` of `gtin`. */
export function batchEventsQueryUrl(baseUrl: string, gtin: string, lot: string): string {
  const url = new URL("/epcis/events", baseUrl);
  url.searchParams.set("MATCH_anyEPCClass", lgtinOf(gtin, lot));
  return url.href;
}
