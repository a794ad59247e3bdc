/**
 * The origin summary at the top of the garment and batch pages: for each agreement, whether the garment is
 * certified originating under it, by whom and until when. Only a certificate that is valid and whose checks
 * passed counts as certified; a revoked, expired or invalid one says so, one that could not be checked says it
 * is not verified — none of them is ever shown as proof of origin.
 */
import { messagesFor } from "../i18n/index";
import { html } from "../html";
import type { SafeHtml } from "../html";
import type { CertificateView, Lang } from "../view-model";
import { country, date } from "./fragments";

/** Where one certificate leaves the garment's origin under its agreement. */
export type OriginStanding = "certified" | "revoked" | "expired" | "invalid" | "unverified";

/** A certificate proves origin only when it is valid and its anchor, digest and signature checked out. */
export function originStanding(c: Pick<CertificateView, "status" | "verified">): OriginStanding {
  if (c.status === "valid") return c.verified === "passed" ? "certified" : "unverified";
  return c.status;
}

const RANK: Record<OriginStanding, number> = {
  certified: 0,
  unverified: 1,
  revoked: 2,
  expired: 3,
  invalid: 4,
};

/** The certifier's name as its signed credential gives it, with its DID; or the words for "not known". */
export function certifier(c: Pick<CertificateView, "issuer">, lang: Lang): SafeHtml {
  if (!c.issuer) return html`${messagesFor(lang).certifierUnknown}`;
  return html`${c.issuer.name ?? ""} <span class="meta mono did">${c.issuer.id}</span>`;
}

function entry(c: CertificateView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const standing = originStanding(c);
  const badge = standing === "certified" ? "passed" : standing === "unverified" ? "unavailable" : "failed";
  return html`<li data-origin="${c.fta}" data-origin-standing="${standing}">
    <div class="row">
      <strong
        >${m.agreementName[c.fta] ?? c.fta}${
          c.importingCountry ? html` → ${country(c.importingCountry, lang)}` : ""
        }</strong
      ><span class="badge badge-${badge}">${m.originStanding[standing]}</span>
    </div>
    <dl class="facts">
      <dt>${m.certifier}</dt>
      <dd>${certifier(c, lang)}</dd>
      ${
        standing === "certified" && c.validUntil
          ? html`<dt>${m.validUntil}</dt>
              <dd>${date(c.validUntil, lang)}</dd>`
          : ""
      }
    </dl>
  </li> `;
}

/**
 * The summary: one line per agreement and importing country (its best certificate: certified before unverified before revoked…),
 * or a plain sentence when no origin certificate covers the garment.
 * @example originSummary(model.certificates, "vi")
 */
export function originSummary(list: readonly CertificateView[], lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const best = new Map<string, CertificateView>();
  for (const c of list) {
    const key = `${c.fta}|${c.importingCountry ?? ""}`;
    const kept = best.get(key);
    if (!kept || RANK[originStanding(c)] < RANK[originStanding(kept)]) best.set(key, c);
  }
  return html`<section aria-labelledby="origin-title" data-origin-summary>
    <h2 id="origin-title">${m.originTitle}</h2>
    ${
      best.size
        ? html`<ul class="plain">
            ${[...best.values()].map((c) => entry(c, lang))}
          </ul>`
        : html`<p data-origin-none>${m.originNone}</p>`
    }
  </section>`;
}
