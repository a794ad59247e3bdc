/**
 * The buyer-facing viewer: server-rendered pages (no client script, no external resources) in Vietnamese and
 * English. The service maps its verification result into the view models of `./view-model` and sends the
 * strings these functions return.
 *
 * Static assets: none. The stylesheet is inlined into every page (`viewerStyleHash` is its CSP hash), the
 * favicon is an empty data URL and flags are inline SVG, so a page is one request (a product photo, when a
 * facility uploaded one, is the only image: served by this service from IPFS).
 */
export { renderGarmentPage } from "./pages/garment";
export { renderNotFoundPage } from "./pages/not-found";
export { renderWrongCodePage } from "./pages/wrong-code";
export { renderCertificatePage } from "./pages/certificate";
export { renderBatchPage } from "./pages/batch";
export { renderProductPage } from "./pages/product";
export type { RenderOptions } from "./pages/layout";
export {
  DEFAULT_LANG,
  LANGS,
  countryName,
  formatDate,
  formatDateTime,
  messagesFor,
  negotiateLanguage,
} from "./i18n/index";
export { escapeHtml } from "./html";
export { countryFlagSvg } from "./pages/flags";
export { viewerCss, viewerStyleHash } from "./styles/index";
export type * from "./view-model";

/** Files the viewer needs served besides its pages: none (see above). */
export const staticAssets: readonly { path: string; contentType: string; body: string }[] = [];
