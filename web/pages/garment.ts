/** The garment page: verdict, product, journey, fabric origin, documents, certificates and every check. */
import { bizStepWords, dispositionWords } from "../i18n/cbv";
import { formatDateTime, formatNumber, messagesFor } from "../i18n/index";
import { html, safeUrl } from "../html";
import type { SafeHtml } from "../html";
import type {
  CertificateView,
  DocumentView,
  FabricView,
  GarmentPageModel,
  Lang,
  SupplyChainEventView,
  SupplyChainEventsView,
  TimelineStepView,
  Verdict,
} from "../view-model";
import {
  checkList,
  country,
  date,
  dateTime,
  documentBadge,
  documentTypeName,
  link,
  noteText,
  shortHash,
  statusBadge,
} from "./fragments";
import { evidence } from "./evidence";
import { certifier, originSummary } from "./origin-summary";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

const VERDICT_ICON: Record<Verdict, string> = { authentic: "✓", unverified: "?", tampered: "✕" };

export function verdictCard(verdict: Verdict, lang: Lang, explain?: string): SafeHtml {
  const m = messagesFor(lang);
  return html`<section class="verdict verdict-${verdict}" role="status" data-verdict="${verdict}">
    <h1><span aria-hidden="true">${VERDICT_ICON[verdict]}</span> ${m.verdict[verdict]}</h1>
    <p>${explain ?? m.verdictExplain[verdict]}</p>
  </section>`;
}

/** The clone warning banner, shared with the wrong-code page. */
export function cloneBanner(warning: { scans: number; places: number } | undefined, lang: Lang): SafeHtml {
  if (!warning) return html``;
  const m = messagesFor(lang);
  return html`<section class="alert" role="alert" id="clone-warning">
    <h2>${m.cloneTitle}</h2>
    <p>${m.cloneText(warning.scans, warning.places)}</p>
  </section>`;
}

/** One warning per facility of the garment's life that the programme operator suspended on chain. */
export function suspensionBanners(model: Pick<GarmentPageModel, "suspensions">, lang: Lang): SafeHtml {
  const list = model.suspensions ?? [];
  if (!list.length) return html``;
  const m = messagesFor(lang);
  return html`${list.map(
    (s) =>
      html`<section class="alert" role="alert" data-suspended="${s.facility.id}">
        <h2>${m.suspendedTitle}</h2>
        <p>${m.suspendedText(s.facility.name ?? s.facility.id)}</p>
      </section>`,
  )}`;
}

/** The maker, style and GTIN rows every product card starts with (garment and batch pages). */
export function productIdentityFacts(
  p: Pick<GarmentPageModel["product"], "maker" | "style" | "gtin">,
  lang: Lang,
): SafeHtml {
  const m = messagesFor(lang);
  return html`${
      p.maker
        ? html`<dt>${m.maker}</dt>
            <dd>${p.maker.name}, ${country(p.maker.country, lang)}</dd>`
        : ""
    }
    ${
      p.style
        ? html`<dt>${m.style}</dt>
            <dd>${p.style}</dd>`
        : ""
    }
    <dt>${m.gtin}</dt>
    <dd class="mono">${p.gtin}</dd>`;
}

/**
 * The product photo, sized for a phone: as wide as the card, its 4:3 box reserved by width/height and CSS
 * before the bytes arrive, so nothing below it jumps. Served by this service (the CSP allows only 'self').
 */
export function productPhoto(
  image: GarmentPageModel["productImage"],
  description: string,
  lang: Lang,
): SafeHtml {
  const src = safeUrl(image?.url);
  if (!image || !src) return html``;
  return html`<img
    class="product-photo"
    src="${src}"
    alt="${messagesFor(lang).productPhotoAlt(description)}"
    width="400"
    height="300"
    decoding="async"
    data-product-image="${image.lotId}"
  />`;
}

function productCard(model: GarmentPageModel, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const p = model.product;
  return html`<section aria-labelledby="product-title">
    <h2 id="product-title">${m.product}</h2>
    ${productPhoto(model.productImage, p.description, lang)}
    <p class="product-name">${p.description}</p>
    <dl class="facts">
      ${productIdentityFacts(p, lang)}
      <dt>${m.lot}</dt>
      <dd class="mono">${p.lot}</dd>
      <dt>${m.serial}</dt>
      <dd class="mono">${p.serial}</dd>
      ${
        p.hsCode
          ? html`<dt>${m.hsCode}</dt>
              <dd class="mono">${p.hsCode}</dd>`
          : ""
      }
    </dl>
  </section>`;
}

function step(s: TimelineStepView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const quantity = s.quantity
    ? `${formatNumber(s.quantity.amount, lang)} ${m.unit[s.quantity.unit]}`
    : undefined;
  // A hand-over is a shipment to another registered facility: named as such, and marked for tools.
  const heading = s.handOver
    ? html`<h3 data-hand-over="true">${m.handOver}</h3>`
    : html`<h3>${m.step[s.step]}</h3>`;
  return html`<li class="st-${s.status}" data-step="${s.step}">
    <div class="row">${heading} ${statusBadge(s.status, lang)}</div>
    <p class="meta">
      ${dateTime(s.occurredAt, lang, s.facility.timeZone)} ·
      <span class="mono">${s.lotId}</span>${quantity ? ` · ${quantity}` : ""}
    </p>
    <p>${s.facility.name} — ${country(s.facility.country, lang)}</p>
    ${
      s.destination
        ? html`<p>
            ${s.handOver ? m.handedOverTo : m.shippedTo}:
            ${s.destination.name ? `${s.destination.name}, ` : ""}${country(s.destination.country, lang)}
          </p>`
        : ""
    }
  </li> `;
}

export function timeline(
  steps: readonly TimelineStepView[],
  lang: Lang,
  heading: string = messagesFor(lang).journey,
): SafeHtml {
  const m = messagesFor(lang);
  return html`<section aria-labelledby="journey-title">
    <h2 id="journey-title">${heading}</h2>
    ${
      steps.length
        ? html`<ol class="timeline">
            ${steps.map((s) => step(s, lang))}
          </ol>`
        : html`<p>${m.noSteps}</p>`
    }
  </section>`;
}

function fabric(f: FabricView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const composition = f.composition
    .map((c) => `${formatNumber(c.percent, lang)}% ${m.fibre[c.fibre.toLowerCase()] ?? c.fibre}`)
    .join(", ");
  return html`<li>
    <h3>${f.description}</h3>
    <p class="meta mono">${f.lotId}</p>
    <dl class="facts">
      ${
        composition
          ? html`<dt>${m.composition}</dt>
              <dd>${composition}</dd>`
          : ""
      }
      <dt>${m.supplier}</dt>
      <dd>${f.supplier.name}, ${country(f.supplier.country, lang)}</dd>
      ${f.stages.map(
        (s) =>
          html`<dt>${m.fabricStage[s.stage] ?? s.stage}</dt>
            <dd>${country(s.country, lang)}</dd>`,
      )}
    </dl>
  </li> `;
}

export function fabrics(list: readonly FabricView[], lang: Lang): SafeHtml {
  if (list.length === 0) return html``;
  return html`<section aria-labelledby="fabric-title">
    <h2 id="fabric-title">${messagesFor(lang).fabricOrigin}</h2>
    <ul class="plain">
      ${list.map((f) => fabric(f, lang))}
    </ul>
  </section>`;
}

function documentItem(d: DocumentView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  return html`<li data-cid="${d.cid}" data-document-status="${d.status}">
    <div class="row">
      <strong class="tap">${link(d.url, documentTypeName(d.type, lang))}</strong
      >${documentBadge(d.status, lang)}
    </div>
    ${d.lotId ? html`<p class="meta mono">${d.lotId}</p>` : ""}
    <p class="meta">${m.fingerprint} ${shortHash(d.sha256)}</p>
  </li> `;
}

export function documents(list: readonly DocumentView[], lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  return html`<section aria-labelledby="documents-title">
    <h2 id="documents-title">${m.documents}</h2>
    ${
      list.length
        ? html`<ul class="plain">
            ${list.map((d) => documentItem(d, lang))}
          </ul>`
        : html`<p>${m.noDocuments}</p>`
    }
  </section>`;
}

function certificateItem(c: CertificateView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  return html`<li data-certificate="${c.id}">
    <div class="row">
      <strong>${c.fta}${c.importingCountry ? html` → ${country(c.importingCountry, lang)}` : ""}</strong
      ><span class="badge badge-${c.status}">${m.certificateStatus[c.status]}</span>
    </div>
    <p class="meta mono">${c.id}</p>
    <dl class="facts">
      <dt>${m.certifier}</dt>
      <dd data-certifier>${certifier(c, lang)}</dd>
      <dt>${m.issued}</dt>
      <dd>${date(c.issuedAt, lang)}</dd>
      ${
        c.validFrom || c.validUntil
          ? html`<dt>${c.status === "expired" ? m.expired : m.validity}</dt>
              <dd data-validity>
                ${c.validFrom ? date(c.validFrom, lang) : "…"} –
                ${c.validUntil ? date(c.validUntil, lang) : "…"}
              </dd>`
          : ""
      }
      ${
        c.revokedAt
          ? html`<dt>${m.revoked}</dt>
              <dd>${date(c.revokedAt, lang)}</dd>`
          : ""
      }
    </dl>
    ${c.verified === "passed" ? "" : html`<p>${statusBadge(c.verified, lang)}</p>`}
    ${
      c.reason && c.status === "invalid"
        ? html`<div class="meta">${noteText(c.reasonNote, c.reason, m.certificateInvalidReason, lang)}</div>`
        : ""
    }
    <div class="links">${link(c.url, m.viewCertificate)}</div>
  </li> `;
}

/** The certificate cards; none when there is none (the origin summary at the top says so in a sentence). */
export function certificates(list: readonly CertificateView[], lang: Lang): SafeHtml {
  if (list.length === 0) return html``;
  const m = messagesFor(lang);
  return html`<section aria-labelledby="certificates-title">
    <h2 id="certificates-title">${m.certificates}</h2>
    <ul class="plain">
      ${list.map((c) => certificateItem(c, lang))}
    </ul>
  </section>`;
}

const SUPPLY_CHAIN_BADGE = { verified: "passed", unverified: "unavailable", tampered: "failed" } as const;

function supplyChainEventItem(e: SupplyChainEventView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const what = bizStepWords(e.bizStep ?? "other", lang);
  return html`<li data-event-id="${e.eventID}" data-event-verdict="${e.verdict}">
    <div class="row">
      <strong>${what}</strong
      ><span class="badge badge-${SUPPLY_CHAIN_BADGE[e.verdict]}"
        >${m.supplyChainEventVerdict[e.verdict]}</span
      >
    </div>
    <p class="meta">${date(e.eventTime, lang)} · ${m.recordedBy} <span class="mono">${e.facilityId}</span></p>
    ${
      e.disposition
        ? html`<p class="meta" data-disposition>
            ${m.disposition}: ${dispositionWords(e.disposition, lang)}
          </p>`
        : ""
    }
    ${
      e.reason && e.verdict !== "verified"
        ? html`<div class="meta">
            ${noteText(e.reasonNote, e.reason, m.supplyChainEventReason[e.verdict], lang)}
          </div>`
        : ""
    }
    <div class="links">${link(e.recordUrl, m.eventRecord)}</div>
  </li> `;
}

/** Inspections and other EPCIS events about the product, newest first, each with its check. */
export function supplyChainEvents(view: SupplyChainEventsView | undefined, lang: Lang): SafeHtml {
  if (!view || view.total === 0) return html``;
  const m = messagesFor(lang);
  return html`<section aria-labelledby="supply-chain-events-title">
    <h2 id="supply-chain-events-title">${m.supplyChainEvents}</h2>
    <p>${m.supplyChainEventsIntro}</p>
    <ul class="plain">
      ${view.events.map((e) => supplyChainEventItem(e, lang))}
    </ul>
    ${view.total > view.events.length ? html`<p>${m.supplyChainEventsShown(view.events.length, view.total)}</p>` : ""}
    <div class="links">${link(view.queryUrl, m.supplyChainEventsAll)}</div>
  </section>`;
}

/** Footer: when the checks ran and the machine-readable forms. Shared with the certificate page. */
export function verifiedFooter(
  verifiedAt: string,
  links: { json?: string; linkset?: string; passport?: string } | undefined,
  lang: Lang,
): SafeHtml {
  const m = messagesFor(lang);
  const alternates = [
    links?.json ? link(links.json, m.linkJson) : "",
    links?.linkset ? link(links.linkset, m.linkLinkset) : "",
    links?.passport ? link(links.passport, m.linkPassport) : "",
  ];
  return html`<p>${m.verifiedAt} <time datetime="${verifiedAt}">${formatDateTime(verifiedAt, lang)}</time></p>
    ${
      alternates.some(Boolean)
        ? html`<p>${m.machineReadable}:</p>
            <div class="links">${alternates}</div>`
        : ""
    }`;
}

/**
 * Renders the garment page as a complete HTML document.
 * @example res.type("html").send(renderGarmentPage(model, negotiateLanguage(req.get("accept-language"), req.query.lang), { requestUrl: req.originalUrl }));
 */
export function renderGarmentPage(model: GarmentPageModel, lang: Lang, options: RenderOptions = {}): string {
  const m = messagesFor(lang);
  const body = html`${verdictCard(model.verdict, lang)} ${suspensionBanners(model, lang)}
  ${cloneBanner(model.cloneWarning, lang)} ${originSummary(model.certificates, lang)}
  ${productCard(model, lang)} ${timeline(model.timeline, lang)} ${fabrics(model.fabrics, lang)}
  ${documents(model.documents, lang)} ${certificates(model.certificates, lang)}
  ${supplyChainEvents(model.supplyChainEvents, lang)} ${checkList(model.checks, lang)}
  ${evidence(model.timeline, lang)}`;
  return layout({
    lang,
    title: `${m.verdict[model.verdict]} — ${model.product.description}`,
    body,
    options,
    footer: verifiedFooter(model.verifiedAt, model.links, lang),
    alternates: model.links,
  });
}
