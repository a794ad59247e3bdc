/**
 * Small flags drawn as inline SVG, so that a phone without an emoji font (many Android and Windows setups show
 * regional-indicator flags as two letters) still shows one, and no image is fetched (the CSP allows no image
 * source but data:). Each flag is simplified to what reads at 20 px; the country's name next to it carries the
 * meaning, so every flag is aria-hidden. Countries without a drawing here get a neutral grey flag.
 */
import { trustedHtml } from "../html";
import type { SafeHtml } from "../html";

/** The drawing inside a 30×20 viewBox. Constant markup only: nothing here comes from a model. */
const DRAWINGS: Record<string, string> = {
  VN: '<rect width="30" height="20" fill="#da251d"/><path d="M15 4.5l1.3 4h4.2l-3.4 2.5 1.3 4-3.4-2.5-3.4 2.5 1.3-4-3.4-2.5h4.2z" fill="#ff0"/>',
  EU: '<rect width="30" height="20" fill="#039"/><g fill="#fc0"><circle cx="15" cy="4" r="1"/><circle cx="18" cy="4.8" r="1"/><circle cx="20.2" cy="7" r="1"/><circle cx="21" cy="10" r="1"/><circle cx="20.2" cy="13" r="1"/><circle cx="18" cy="15.2" r="1"/><circle cx="15" cy="16" r="1"/><circle cx="12" cy="15.2" r="1"/><circle cx="9.8" cy="13" r="1"/><circle cx="9" cy="10" r="1"/><circle cx="9.8" cy="7" r="1"/><circle cx="12" cy="4.8" r="1"/></g>',
  CN: '<rect width="30" height="20" fill="#de2910"/><path d="M5 2.5l.9 2.7h2.8l-2.3 1.7.9 2.7L5 7.9 2.7 9.6l.9-2.7-2.3-1.7h2.8z" fill="#ffde00"/><g fill="#ffde00"><circle cx="10" cy="2" r=".7"/><circle cx="12" cy="4" r=".7"/><circle cx="12" cy="7" r=".7"/><circle cx="10" cy="9" r=".7"/></g>',
  KR: '<rect width="30" height="20" fill="#fff" stroke="#ccc" stroke-width=".5"/><circle cx="15" cy="10" r="5" fill="#c60c30"/><path d="M10 10a5 5 0 0 0 10 0 2.5 2.5 0 0 0-5 0 2.5 2.5 0 0 1-5 0z" fill="#003478"/><g stroke="#000" stroke-width="1"><path d="M4 4l3 3M23 13l3 3M23 7l3-3M4 16l3-3"/></g>',
  JP: '<rect width="30" height="20" fill="#fff" stroke="#ccc" stroke-width=".5"/><circle cx="15" cy="10" r="6" fill="#bc002d"/>',
  DE: '<rect width="30" height="20" fill="#ffce00"/><rect width="30" height="13.33" fill="#d00"/><rect width="30" height="6.67" fill="#000"/>',
  FR: '<rect width="30" height="20" fill="#ef4135"/><rect width="20" height="20" fill="#fff"/><rect width="10" height="20" fill="#0055a4"/>',
  IT: '<rect width="30" height="20" fill="#ce2b37"/><rect width="20" height="20" fill="#fff"/><rect width="10" height="20" fill="#009246"/>',
  NL: '<rect width="30" height="20" fill="#21468b"/><rect width="30" height="13.33" fill="#fff"/><rect width="30" height="6.67" fill="#ae1c28"/>',
  BE: '<rect width="30" height="20" fill="#ef3340"/><rect width="20" height="20" fill="#fdda24"/><rect width="10" height="20" fill="#000"/>',
  ES: '<rect width="30" height="20" fill="#aa151b"/><rect y="5" width="30" height="10" fill="#f1bf00"/>',
  PL: '<rect width="30" height="20" fill="#dc143c"/><rect width="30" height="10" fill="#fff"/>',
  US: '<rect width="30" height="20" fill="#b22234"/><path d="M0 3h30M0 6h30M0 9h30M0 12h30M0 15h30M0 18h30" stroke="#fff" stroke-width="1.5"/><rect width="13" height="10.5" fill="#3c3b6e"/>',
  GB: '<rect width="30" height="20" fill="#012169"/><path d="M0 0l30 20M30 0L0 20" stroke="#fff" stroke-width="4"/><path d="M0 0l30 20M30 0L0 20" stroke="#c8102e" stroke-width="1.5"/><path d="M15 0v20M0 10h30" stroke="#fff" stroke-width="6"/><path d="M15 0v20M0 10h30" stroke="#c8102e" stroke-width="3.5"/>',
  AU: '<rect width="30" height="20" fill="#012169"/><path d="M0 0l15 10M15 0L0 10" stroke="#fff" stroke-width="2"/><path d="M7.5 0v10M0 5h15" stroke="#fff" stroke-width="3"/><path d="M7.5 0v10M0 5h15" stroke="#c8102e" stroke-width="1.5"/><g fill="#fff"><circle cx="7.5" cy="15" r="1.6"/><circle cx="22" cy="4" r=".9"/><circle cx="19" cy="9" r=".9"/><circle cx="25" cy="8" r=".9"/><circle cx="22" cy="16" r=".9"/></g>',
  NZ: '<rect width="30" height="20" fill="#012169"/><path d="M0 0l15 10M15 0L0 10" stroke="#fff" stroke-width="2"/><path d="M7.5 0v10M0 5h15" stroke="#fff" stroke-width="3"/><path d="M7.5 0v10M0 5h15" stroke="#c8102e" stroke-width="1.5"/><g fill="#c8102e" stroke="#fff" stroke-width=".4"><circle cx="22" cy="4" r="1"/><circle cx="19" cy="9" r="1"/><circle cx="25" cy="8" r="1"/><circle cx="22" cy="16" r="1"/></g>',
  CA: '<rect width="30" height="20" fill="#fff"/><rect width="7.5" height="20" fill="#d52b1e"/><rect x="22.5" width="7.5" height="20" fill="#d52b1e"/><path d="M15 4l1.5 3 2-1-1 4 2-1 .5 2-3 1 .5 2h-5l.5-2-3-1 .5-2 2 1-1-4 2 1z" fill="#d52b1e"/>',
  MX: '<rect width="30" height="20" fill="#ce1126"/><rect width="20" height="20" fill="#fff"/><rect width="10" height="20" fill="#006847"/><circle cx="15" cy="10" r="2.5" fill="#8c5a2b"/>',
  CL: '<rect width="30" height="20" fill="#d52b1e"/><rect width="30" height="10" fill="#fff"/><rect width="10" height="10" fill="#0039a6"/><circle cx="5" cy="5" r="1.8" fill="#fff"/>',
  PE: '<rect width="30" height="20" fill="#d91023"/><rect x="10" width="10" height="20" fill="#fff"/>',
  TH: '<rect width="30" height="20" fill="#a51931"/><rect y="3.33" width="30" height="13.33" fill="#f4f5f8"/><rect y="6.67" width="30" height="6.67" fill="#2d2a4a"/>',
  ID: '<rect width="30" height="20" fill="#fff" stroke="#ccc" stroke-width=".5"/><rect width="30" height="10" fill="#ce1126"/>',
  MY: '<rect width="30" height="20" fill="#fff"/><path d="M0 1.4h30M0 4.3h30M0 7.1h30M0 10h30M0 12.9h30M0 15.7h30M0 18.6h30" stroke="#c00" stroke-width="1.4"/><rect width="15" height="11.4" fill="#010066"/><circle cx="6" cy="5.7" r="3.5" fill="#fc0"/><circle cx="7.2" cy="5.7" r="3" fill="#010066"/>',
  SG: '<rect width="30" height="20" fill="#fff" stroke="#ccc" stroke-width=".5"/><rect width="30" height="10" fill="#ef3340"/><circle cx="6" cy="5" r="3" fill="#fff"/><circle cx="7.2" cy="5" r="2.8" fill="#ef3340"/>',
  PH: '<rect width="30" height="20" fill="#ce1126"/><rect width="30" height="10" fill="#0038a8"/><path d="M0 0l13 10L0 20z" fill="#fff"/><circle cx="4.5" cy="10" r="1.8" fill="#fcd116"/>',
  KH: '<rect width="30" height="20" fill="#032ea1"/><rect y="5" width="30" height="10" fill="#e00025"/><path d="M11 13h8l-1-4-3-2-3 2z" fill="#fff"/>',
  LA: '<rect width="30" height="20" fill="#ce1126"/><rect y="5" width="30" height="10" fill="#002868"/><circle cx="15" cy="10" r="3.2" fill="#fff"/>',
  MM: '<rect width="30" height="20" fill="#ea2839"/><rect width="30" height="13.33" fill="#34b233"/><rect width="30" height="6.67" fill="#fecb00"/><path d="M15 4l1.5 4.5h4.8l-3.9 2.8 1.5 4.5-3.9-2.8-3.9 2.8 1.5-4.5-3.9-2.8h4.8z" fill="#fff"/>',
  BN: '<rect width="30" height="20" fill="#f7e017"/><path d="M0 6l30 5v4L0 10z" fill="#fff"/><path d="M0 10l30 5v5L0 15z" fill="#000"/><circle cx="15" cy="11" r="2.5" fill="#cf1126"/>',
  IN: '<rect width="30" height="20" fill="#138808"/><rect width="30" height="13.33" fill="#fff"/><rect width="30" height="6.67" fill="#f93"/><circle cx="15" cy="10" r="2.4" fill="none" stroke="#000080" stroke-width=".6"/>',
  BD: '<rect width="30" height="20" fill="#006a4e"/><circle cx="13.5" cy="10" r="5" fill="#f42a41"/>',
  PK: '<rect width="30" height="20" fill="#fff"/><rect x="7.5" width="22.5" height="20" fill="#01411c"/><circle cx="19" cy="10" r="5" fill="#fff"/><circle cx="20.5" cy="8.8" r="4.3" fill="#01411c"/>',
  TW: '<rect width="30" height="20" fill="#fe0000"/><rect width="15" height="10" fill="#000095"/><circle cx="7.5" cy="5" r="2.5" fill="#fff"/>',
  HK: '<rect width="30" height="20" fill="#de2910"/><circle cx="15" cy="10" r="4" fill="#fff"/><circle cx="15" cy="10" r="2" fill="#de2910"/>',
  TR: '<rect width="30" height="20" fill="#e30a17"/><circle cx="11" cy="10" r="5" fill="#fff"/><circle cx="12.3" cy="10" r="4" fill="#e30a17"/>',
  CH: '<rect width="30" height="20" fill="#d52b1e"/><path d="M15 5v10M10 10h10" stroke="#fff" stroke-width="3"/>',
  SE: '<rect width="30" height="20" fill="#006aa7"/><path d="M11 0v20M0 10h30" stroke="#fecc00" stroke-width="3.5"/>',
  DK: '<rect width="30" height="20" fill="#c8102e"/><path d="M11 0v20M0 10h30" stroke="#fff" stroke-width="3"/>',
  AT: '<rect width="30" height="20" fill="#ed2939"/><rect y="6.67" width="30" height="6.67" fill="#fff"/>',
  PT: '<rect width="30" height="20" fill="#f00"/><rect width="12" height="20" fill="#060"/><circle cx="12" cy="10" r="3" fill="#ff0"/>',
};

/** The neutral flag for a country without a drawing: never a wrong flag. */
const NEUTRAL = '<rect width="30" height="20" rx="2" fill="#e5e7eb" stroke="#9ca3af" stroke-width="1"/>';

const svg = (name: string, drawing: string): SafeHtml =>
  // focusable="false": some browsers put inline SVG in the tab order otherwise.
  trustedHtml(
    `<svg class="flag" data-flag="${name}" aria-hidden="true" focusable="false" viewBox="0 0 30 20" width="21" height="14">${drawing}</svg>`,
  );

// Built once: a page shows a few dozen flags, each the same constant markup.
const FLAGS = new Map(Object.entries(DRAWINGS).map(([code, drawing]) => [code, svg(code, drawing)]));
const NEUTRAL_FLAG = svg("none", NEUTRAL);

/**
 * The inline SVG flag of an ISO 3166-1 alpha-2 code (or `EU`), decorative: the caller writes the name beside it.
 * @example countryFlagSvg("VN") // <svg class="flag" data-flag="VN" aria-hidden="true" …>…</svg>
 */
export function countryFlagSvg(code: string): SafeHtml {
  return FLAGS.get(code.toUpperCase()) ?? NEUTRAL_FLAG;
}

/** The countries drawn here (for tests). */
export const FLAG_COUNTRIES: readonly string[] = Object.keys(DRAWINGS);
