/**
 * The factory office console: the facility's lots with what remains of each and their history, a form per
 * production event (fabric lot, cutting, sewing, shipment or hand-over), spreadsheet imports with their dry
 * run, progress and row errors, label sheets, the scans and clone warnings of a batch's garments, and the
 * facility's register of sewing lines and equipment.
 */
import { html } from "../html";
import type { HtmlValue } from "../html";
import { formatDate } from "../i18n/index";
import { INPUT_ROWS } from "./factory-i18n";
import { consoleMessages } from "./i18n";
import { consoleLayout, formBasics, formProblems, noticeBox, selectField, textField } from "./layout";
import type { ConsoleFrame, FormState } from "./view-model";

const enc = encodeURIComponent;
const HOME = "/console/facility";

/** The kinds of event a facility records, by their path under /api/v1/events and /console/facility/events. */
export const EVENT_KINDS = ["fabric-lots", "cuttings", "sewings", "shipments"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * One input of an event form, named by its path in the API's body; `number` fields are sent as numbers.
 * Fields of one `row` (an input lot with its quantity) are shown together, and a row left empty is no item.
 */
export interface EventField {
  name: string;
  type?: "number" | "datetime" | "select";
  options?: readonly string[];
  fixed?: string;
  row?: number;
}

const UNITS = ["m", "kg", "pcs"] as const;

/** The input rows of an event form: each a lot, the amount used and its unit (chosen or fixed). */
function inputRows(unit: Pick<EventField, "type" | "options" | "fixed">): EventField[] {
  return Array.from({ length: INPUT_ROWS }, (_, row) => [
    { name: `inputs.${row}.lotId`, row },
    { name: `inputs.${row}.quantity.amount`, type: "number" as const, row },
    { name: `inputs.${row}.quantity.unit`, ...unit, row },
  ]).flat();
}

/** Each event form's fields, in the order shown. */
export const EVENT_FORMS: Record<EventKind, readonly EventField[]> = {
  "fabric-lots": [
    { name: "id" },
    { name: "description" },
    { name: "hsCode" },
    { name: "composition.0.fibre" },
    { name: "composition.0.percent", type: "number" },
    { name: "composition.1.fibre" },
    { name: "composition.1.percent", type: "number" },
    { name: "quantity.amount", type: "number" },
    { name: "quantity.unit", type: "select", options: ["m", "kg"] },
    { name: "supplier.name" },
    { name: "supplier.country" },
    { name: "occurredAt", type: "datetime" },
  ],
  cuttings: [
    { name: "id" },
    ...inputRows({ type: "select", options: ["m", "kg"] }),
    { name: "output.quantity.amount", type: "number" },
    { name: "output.quantity.unit", fixed: "pcs" },
    { name: "output.style" },
    { name: "equipmentId" },
    { name: "lineId" },
    { name: "occurredAt", type: "datetime" },
  ],
  sewings: [
    { name: "id" },
    ...inputRows({ fixed: "pcs" }),
    { name: "product.gtin" },
    { name: "product.hsCode" },
    { name: "product.description" },
    { name: "product.construction", type: "select", options: ["cut-and-sewn", "knitted-to-shape"] },
    { name: "product.exWorksPrice.amount", type: "number" },
    { name: "product.exWorksPrice.currency", fixed: "USD" },
    { name: "output.quantity.amount", type: "number" },
    { name: "output.quantity.unit", fixed: "pcs" },
    { name: "lineId" },
    { name: "equipmentId" },
    { name: "occurredAt", type: "datetime" },
  ],
  shipments: [
    { name: "id" },
    ...inputRows({ type: "select", options: UNITS }),
    { name: "toFacilityId" },
    { name: "buyer.name" },
    { name: "buyer.country" },
    { name: "destinationCountry" },
    { name: "invoiceNumber" },
    { name: "occurredAt", type: "datetime" },
  ],
};

const OPERATION_OF: Record<EventKind, string> = {
  "fabric-lots": "fabric-lot",
  cuttings: "cutting",
  sewings: "sewing",
  shipments: "shipment",
};

export interface FactoryLotRow {
  id: string;
  kind: string;
  operation: string;
  quantity: number;
  remaining: number;
  unit: string;
  description: string | null;
  occurredAt: string | null;
  held: boolean;
}

export interface FactoryLotPageModel {
  lot: FactoryLotRow & {
    inputs: { lotId: string; quantity: number; unit: string }[];
    consumedBy: { lotId: string; quantity: number }[];
    recordCid: string;
    txHash: string;
    gtin: string | null;
  };
  /** The batch's garments that were scanned (a garment batch only). */
  scans: { serial: string; scans: number; places: number; suspicious: boolean }[] | null;
}

export interface ImportJobView {
  id: string;
  kind: string;
  mode: string;
  errorBehaviour: string;
  status: string;
  done: number;
  total: number;
  recorded: number;
  skipped: number;
  errors: { row: number; column: string; value: string; message: string }[];
  errorFile: boolean;
}

const quantityText = (frame: ConsoleFrame, amount: number, unit: string) =>
  `${amount.toLocaleString(frame.lang === "vi" ? "vi-VN" : "en-GB")} ${consoleMessages(frame.lang).factory.units[unit] ?? unit}`;

export function renderFactoryLotsPage(frame: ConsoleFrame, lots: readonly FactoryLotRow[]): string {
  const m = consoleMessages(frame.lang);
  const f = m.factory;
  const body = html`<h1>${f.lotsTitle}</h1>
    <section class="card" aria-labelledby="lot-list">
      <h2 id="lot-list">${f.lotsTitle}</h2>
      <p>${f.lotsIntro}</p>
      ${
        lots.length === 0
          ? html`<p data-no-lots>${f.noLots}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${f.lot}</th>
                    <th scope="col">${f.kindLabel}</th>
                    <th scope="col">${f.quantity}</th>
                    <th scope="col">${f.remaining}</th>
                    <th scope="col">${f.date}</th>
                  </tr>
                </thead>
                <tbody>
                  ${lots.map(
                    (lot) =>
                      html`<tr data-lot="${lot.id}">
                        <td>
                          <a class="mono" href="${HOME}/lots/${enc(lot.id)}?lang=${frame.lang}">${lot.id}</a>
                        </td>
                        <td>
                          ${f.operationOf[lot.operation] ?? lot.operation}${
                            lot.description ? html`<br /><span class="hint">${lot.description}</span>` : ""
                          }
                        </td>
                        <td>${quantityText(frame, lot.quantity, lot.unit)}</td>
                        <td data-remaining="${lot.remaining}">
                          ${lot.held ? quantityText(frame, lot.remaining, lot.unit) : f.handedOver}
                        </td>
                        <td>${lot.occurredAt ? formatDate(lot.occurredAt, frame.lang) : ""}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  return consoleLayout(frame, { title: f.lotsTitle, body, section: HOME });
}

function lotLinks(frame: ConsoleFrame, lots: readonly { lotId: string; quantity: number }[], unit: string) {
  const f = consoleMessages(frame.lang).factory;
  if (lots.length === 0) return html`<p>${f.nothing}</p>`;
  return html`<ul class="links">
    ${lots.map(
      (lot) =>
        html`<li>
          <a class="mono" href="${HOME}/lots/${enc(lot.lotId)}?lang=${frame.lang}">${lot.lotId}</a>
          · ${quantityText(frame, lot.quantity, unit)}
        </li>`,
    )}
  </ul>`;
}

export function renderFactoryLotPage(frame: ConsoleFrame, model: FactoryLotPageModel): string {
  const m = consoleMessages(frame.lang);
  const f = m.factory;
  const lot = model.lot;
  const inputUnit = lot.inputs[0]?.unit ?? lot.unit;
  const viewer = lot.gtin ? `/01/${enc(lot.gtin)}/10/${enc(lot.id)}?lang=${frame.lang}` : null;
  const body = html`<h1>${f.lotTitle(lot.id)}</h1>
    <section class="card" aria-labelledby="lot-facts">
      <h2 id="lot-facts">${f.operationOf[lot.operation] ?? lot.operation}</h2>
      <dl class="facts">
        <dt>${f.quantity}</dt>
        <dd>${quantityText(frame, lot.quantity, lot.unit)}</dd>
        <dt>${f.remaining}</dt>
        <dd data-remaining="${lot.remaining}">
          ${lot.held ? quantityText(frame, lot.remaining, lot.unit) : f.handedOver}
        </dd>
        <dt>${f.date}</dt>
        <dd>${lot.occurredAt ? formatDate(lot.occurredAt, frame.lang) : ""}</dd>
        ${
          lot.description
            ? html`<dt>${m.fields.description}</dt>
                <dd>${lot.description}</dd>`
            : ""
        }
      </dl>
    </section>
    <section class="card" aria-labelledby="lot-history">
      <h2 id="lot-history">${f.history}</h2>
      <h3>${f.madeFrom}</h3>
      ${lotLinks(frame, lot.inputs, inputUnit)}
      <h3>${f.usedBy}</h3>
      ${lotLinks(frame, lot.consumedBy, lot.unit)}
      <ul class="links">
        <li><a href="/api/v1/lots/${enc(lot.id)}/epcis" data-link="epcis">${f.epcis}</a></li>
        <li><a href="/ipfs/${enc(lot.recordCid)}" data-link="record">${f.record}</a></li>
        ${viewer ? html`<li><a href="${viewer}" data-link="viewer">${f.viewerPage}</a></li>` : ""}
      </ul>
      <p class="hint">${f.transaction}: <span class="mono">${lot.txHash}</span></p>
    </section>
    ${
      model.scans
        ? html`<section class="card" aria-labelledby="lot-labels">
            <h2 id="lot-labels">${f.labels}</h2>
            <p>
              <a class="button" href="${HOME}/lots/${enc(lot.id)}/labels.pdf" data-link="labels" download
                >${f.labels}</a
              >
            </p>
            <h3>${f.scansTitle}</h3>
            ${scansTable(frame, model.scans)}
          </section>`
        : ""
    }`;
  return consoleLayout(frame, { title: f.lotTitle(lot.id), body, section: HOME });
}

function scansTable(frame: ConsoleFrame, scans: NonNullable<FactoryLotPageModel["scans"]>): HtmlValue {
  const f = consoleMessages(frame.lang).factory;
  if (scans.length === 0) return html`<p data-no-scans>${f.noScans}</p>`;
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">${f.serial}</th>
          <th scope="col">${f.scans}</th>
          <th scope="col">${f.places}</th>
          <th scope="col">${m(frame).status}</th>
        </tr>
      </thead>
      <tbody>
        ${scans.map(
          (scan) =>
            html`<tr data-serial="${scan.serial}">
              <td class="mono">${scan.serial}</td>
              <td>${scan.scans}</td>
              <td>${scan.places}</td>
              <td>
                ${
                  scan.suspicious
                    ? html`<span class="badge bad" data-clone-warning>${f.cloneWarning}</span>`
                    : html`<span class="badge ok">${f.cloneOk}</span>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const m = (frame: ConsoleFrame) => consoleMessages(frame.lang);

/** One field of an event form, with what was sent back. */
function eventField(frame: ConsoleFrame, kind: EventKind, state: FormState, field: EventField): HtmlValue {
  const messages = m(frame);
  const label = messages.fields[field.name] ?? field.name;
  if (field.fixed !== undefined)
    return html`<input type="hidden" name="${field.name}" value="${field.fixed}" />`;
  if (field.type === "select")
    return selectField(frame, kind, state, {
      name: field.name,
      label,
      options: (field.options ?? []).map((value) => ({
        value,
        label: messages.factory.units[value] ?? value,
      })),
    });
  return textField(frame, kind, state, {
    name: field.name,
    label,
    type: field.type === "datetime" ? "datetime-local" : "text",
    maxlength: 500,
  });
}

/** The event form of `kind`, with what was sent back; each input row in a fieldset of its own. */
function eventForm(frame: ConsoleFrame, kind: EventKind, state: FormState): HtmlValue {
  const f = m(frame).factory;
  const fields = EVENT_FORMS[kind];
  const parts: HtmlValue[] = [];
  for (const [index, field] of fields.entries()) {
    if (field.row === undefined) parts.push(eventField(frame, kind, state, field));
    else if (fields[index - 1]?.row !== field.row) {
      const row = fields.filter((other) => other.row === field.row);
      parts.push(
        html`<fieldset class="stack" data-input-row="${field.row}">
          <legend>${f.inputRow(field.row + 1)}</legend>
          ${row.map((item) => eventField(frame, kind, state, item))}
        </fieldset>`,
      );
    }
  }
  return html`<section class="card" aria-labelledby="form-${kind}" id="${kind}">
    <h2 id="form-${kind}">${f.operationOf[OPERATION_OF[kind]]}</h2>
    ${formProblems(frame, state)}
    <form class="stack" method="post" action="${HOME}/events/${kind}" data-form="${kind}">
      ${formBasics(frame)} ${parts}
      <p class="hint">${f.inputRowsHint}</p>
      <div><button class="button" type="submit">${f.submitEvent}</button></div>
    </form>
  </section>`;
}

export function renderEventsPage(
  frame: ConsoleFrame,
  model: { sent?: { kind: EventKind; state: FormState }; notice?: string },
): string {
  const f = m(frame).factory;
  const body = html`<h1>${f.recordTitle}</h1>
    ${noticeBox(model.notice)}
    <p>${f.recordIntro}</p>
    <nav aria-label="${f.recordTitle}">
      <ul class="links">
        ${EVENT_KINDS.map(
          (kind) => html`<li><a href="#${kind}">${f.operationOf[OPERATION_OF[kind]]}</a></li>`,
        )}
      </ul>
    </nav>
    ${EVENT_KINDS.map((kind) =>
      eventForm(frame, kind, model.sent?.kind === kind ? model.sent.state : { values: {}, fields: [] }),
    )}`;
  return consoleLayout(frame, { title: f.recordTitle, body, section: `${HOME}/events` });
}

export function renderImportsPage(frame: ConsoleFrame, model: { upload: FormState }): string {
  const messages = m(frame);
  const f = messages.factory;
  const body = html`<h1>${f.importsTitle}</h1>
    <section class="card" aria-labelledby="templates">
      <h2 id="templates">${f.templates}</h2>
      <ul class="links">
        ${EVENT_KINDS.map(
          (kind) =>
            html`<li>
              ${f.operationOf[OPERATION_OF[kind]]}:
              <a href="${HOME}/imports/templates/${kind}.xlsx?lang=${frame.lang}" data-template="${kind}.xlsx"
                >XLSX</a
              >
              <a href="${HOME}/imports/templates/${kind}.csv?lang=${frame.lang}" data-template="${kind}.csv"
                >CSV</a
              >
            </li>`,
        )}
      </ul>
    </section>
    <section class="card" aria-labelledby="upload">
      <h2 id="upload">${f.upload}</h2>
      <p>${f.importsIntro}</p>
      ${formProblems(frame, model.upload)}
      <form
        class="stack"
        method="post"
        action="${HOME}/imports"
        enctype="multipart/form-data"
        data-form="import"
      >
        ${formBasics(frame)}
        ${selectField(frame, "import", model.upload, {
          name: "kind",
          label: f.kindLabel,
          options: EVENT_KINDS.map((kind) => ({ value: kind, label: f.operationOf[OPERATION_OF[kind]]! })),
        })}
        ${selectField(frame, "import", model.upload, {
          name: "mode",
          label: f.mode,
          options: ["dry-run", "commit"].map((mode) => ({ value: mode, label: f.modes[mode]! })),
        })}
        ${selectField(frame, "import", model.upload, {
          name: "errorBehaviour",
          label: f.errorBehaviour,
          options: ["rollback", "proceed"].map((behaviour) => ({
            value: behaviour,
            label: f.errorBehaviours[behaviour]!,
          })),
        })}
        <div class="field">
          <label for="import-file">${f.file}</label>
          <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv" />
        </div>
        <div><button class="button" type="submit">${f.upload}</button></div>
      </form>
    </section>`;
  return consoleLayout(frame, { title: f.importsTitle, body, section: `${HOME}/imports` });
}

export function renderImportJobPage(frame: ConsoleFrame, job: ImportJobView): string {
  const f = m(frame).factory;
  const running = job.status === "running";
  const body = html`<h1>${f.jobTitle}</h1>
    <section class="card" aria-labelledby="job" data-job="${job.id}" data-job-status="${job.status}">
      <h2 id="job">
        ${f.operationOf[OPERATION_OF[job.kind as EventKind]] ?? job.kind} · ${f.modes[job.mode] ?? job.mode}
      </h2>
      ${
        job.mode === "commit"
          ? html`<p data-error-behaviour="${job.errorBehaviour}">
              ${f.errorBehaviour}: ${f.errorBehaviours[job.errorBehaviour] ?? job.errorBehaviour}
            </p>`
          : ""
      }
      <p><strong>${f.jobStatus[job.status] ?? job.status}</strong></p>
      <label for="job-progress">${f.progress(job.done, job.total)}</label>
      <progress
        id="job-progress"
        max="${Math.max(job.total, 1)}"
        value="${job.done}"
        data-done="${job.done}"
        data-total="${job.total}"
      >
        ${f.progress(job.done, job.total)}
      </progress>
      ${running ? html`<p class="hint">${f.refreshing}</p>` : ""}
      <dl class="facts">
        <dt>${f.recordedRows}</dt>
        <dd data-recorded="${job.recorded}">${job.recorded}</dd>
        <dt>${f.skippedRows}</dt>
        <dd>${job.skipped}</dd>
      </dl>
    </section>
    ${running ? "" : jobErrors(frame, job)}`;
  return consoleLayout(frame, {
    title: f.jobTitle,
    body,
    section: `${HOME}/imports`,
    ...(running ? { refreshSeconds: 2 } : {}),
  });
}

function jobErrors(frame: ConsoleFrame, job: ImportJobView): HtmlValue {
  const f = m(frame).factory;
  return html`<section class="card" aria-labelledby="row-errors">
    <h2 id="row-errors">${f.rowErrors}</h2>
    ${
      job.errors.length === 0
        ? html`<p data-no-row-errors>${f.noRowErrors}</p>
            ${job.mode === "dry-run" ? html`<p>${f.commitHint}</p>` : ""}
            <p>
              <a class="button secondary" href="${HOME}/imports?lang=${frame.lang}">${f.importsTitle}</a>
            </p>`
        : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${f.row}</th>
                    <th scope="col">${f.column}</th>
                    <th scope="col">${f.value}</th>
                    <th scope="col">${f.message}</th>
                  </tr>
                </thead>
                <tbody>
                  ${job.errors.map(
                    (error) =>
                      html`<tr data-row-error="${error.row}">
                        <td>${error.row}</td>
                        <td>${error.column}</td>
                        <td class="mono">${error.value}</td>
                        <td>${error.message}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${
              job.errorFile
                ? html`<p>
                    <a class="button secondary" href="${HOME}/imports/${enc(job.id)}/errors.csv" download
                      >${f.errorFile}</a
                    >
                  </p>`
                : ""
            }`
    }
  </section>`;
}

/** One registered sewing line or machine of the facility. */
export interface EquipmentRow {
  id: string;
  kind: string;
  name: string;
  registeredAt: string;
}

export function renderEquipmentPage(
  frame: ConsoleFrame,
  model: { items: readonly EquipmentRow[]; register: FormState; notice?: string },
): string {
  const messages = m(frame);
  const f = messages.factory;
  const body = html`<h1>${f.equipmentTitle}</h1>
    ${noticeBox(model.notice)}
    <section class="card" aria-labelledby="equipment-list">
      <h2 id="equipment-list">${f.equipmentTitle}</h2>
      <p>${f.equipmentIntro}</p>
      ${
        model.items.length === 0
          ? html`<p data-no-equipment>${f.noEquipment}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${messages.fields.id}</th>
                    <th scope="col">${f.equipmentKind}</th>
                    <th scope="col">${messages.fields.name}</th>
                    <th scope="col">${f.registeredAt}</th>
                  </tr>
                </thead>
                <tbody>
                  ${model.items.map(
                    (item) =>
                      html`<tr data-equipment="${item.id}">
                        <td class="mono">${item.id}</td>
                        <td>${f.equipmentKinds[item.kind] ?? item.kind}</td>
                        <td>${item.name}</td>
                        <td>${formatDate(item.registeredAt, frame.lang)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section class="card" aria-labelledby="equipment-register">
      <h2 id="equipment-register">${f.registerEquipment}</h2>
      ${formProblems(frame, model.register)}
      <form class="stack" method="post" action="${HOME}/equipment" data-form="equipment">
        ${formBasics(frame)}
        ${textField(frame, "equipment", model.register, {
          name: "id",
          label: messages.fields.id ?? "id",
          maxlength: 64,
        })}
        ${selectField(frame, "equipment", model.register, {
          name: "kind",
          label: f.equipmentKind,
          options: Object.entries(f.equipmentKinds).map(([value, label]) => ({ value, label })),
        })}
        ${textField(frame, "equipment", model.register, {
          name: "name",
          label: messages.fields.name ?? "name",
          maxlength: 200,
        })}
        <div><button class="button" type="submit">${f.registerEquipment}</button></div>
      </form>
    </section>`;
  return consoleLayout(frame, { title: f.equipmentTitle, body, section: `${HOME}/equipment` });
}
