/**
 * The chain and IPFS evidence of a journey, folded under the check list: each record's transaction hash and
 * CID listed once, rather than repeated on every step, where the few who compare hashes can find them.
 */
import { messagesFor } from "../i18n/index";
import { html } from "../html";
import type { SafeHtml } from "../html";
import type { Lang, TimelineStepView } from "../view-model";
import { link, shortHash } from "./fragments";

/** One record's evidence: its transaction and its IPFS record, each a link when there is somewhere to go. */
function evidenceItem(s: TimelineStepView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const name = s.handOver ? m.handOver : m.step[s.step];
  return html`<li data-evidence="${s.lotId}">
    <strong>${name}</strong> <span class="mono">${s.lotId}</span>
    <dl class="facts">
      <dt>${m.transaction}</dt>
      <dd class="tap">${s.txUrl ? link(s.txUrl, shortHash(s.txHash)) : shortHash(s.txHash)}</dd>
      <dt>${m.record}</dt>
      <dd class="tap">${link(s.recordUrl, shortHash(s.recordCid))}</dd>
    </dl>
  </li> `;
}

/**
 * The Evidence section ("Evidence" / "Bằng chứng"): folded, one entry per record of the journey.
 * @example evidence(model.timeline, "vi")
 */
export function evidence(steps: readonly TimelineStepView[], lang: Lang): SafeHtml {
  const seen = new Set<string>();
  const records = steps.filter((s) => {
    const key = `${s.txHash}|${s.recordCid}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (records.length === 0) return html``;
  const m = messagesFor(lang);
  return html`<section aria-labelledby="evidence-title" data-evidence-section>
    <details>
      <summary id="evidence-title">${m.evidenceTitle(records.length)}</summary>
      <p class="meta">${m.evidenceIntro}</p>
      <ul class="plain evidence">
        ${records.map((s) => evidenceItem(s, lang))}
      </ul>
    </details>
  </section>`;
}
