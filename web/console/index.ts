/**
 * The consoles: server-rendered pages for the programme operator, the compliance officer and the facilities,
 * in Vietnamese and English, with one inlined stylesheet (`consoleStyleHash` is its CSP hash) and no script.
 * The service fills the view models of `./view-model` (services/http/console) and sends the strings these
 * functions return.
 */
export { renderSignInPage, renderRefusedPage } from "./sign-in";
export type { SignInNotice } from "./sign-in";
export { renderFacilitiesPage, renderFacilityPage, renderCertifiersPage } from "./operator";
export { renderLotsPage, renderLotPage } from "./compliance";
export { KPI_PATH, renderKpiPage } from "./kpis";
export type { KpiPageModel, KpiReportView } from "./kpis";
export { kpiColumnLabel } from "./kpis-i18n";
export { homeOf, SECTIONS } from "./layout";
export { consoleMessages } from "./i18n";
export { consoleCss, consoleStyleHash } from "./styles";
export type * from "./view-model";
export { EMPTY_FORM } from "./view-model";
export {
  EVENT_FORMS,
  EVENT_KINDS,
  renderEquipmentPage,
  renderEventsPage,
  renderFactoryLotPage,
  renderFactoryLotsPage,
  renderImportJobPage,
  renderImportsPage,
} from "./factory";
export type {
  EquipmentRow,
  EventField,
  EventKind,
  FactoryLotPageModel,
  FactoryLotRow,
  ImportJobView,
} from "./factory";
