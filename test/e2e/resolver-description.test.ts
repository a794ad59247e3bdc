/**
 * `/.well-known/gs1resolver` against the GS1-Conformant Resolver standard 1.2.0 (ratified January 2026),
 * section "Resolver description file", over real HTTP. shared/standards holds no copy of its artefact (the
 * JSON schema at https://ref.gs1.org/standards/resolver/1.2.0/description-file-schema, draft-07), so the
 * schema below is written here from the members the standard states, with their types and constraints:
 * `resolverRoot` (a URI: the root of the resolver), `supportedPrimaryKeys` (numeric AIs of GS1 primary keys, or
 * "all"), `name`, `supportedLinkType` (each a `namespace` URI and its CURIE `prefix`, colon included),
 * `linkTypeDefaultCanBeLinkset` (boolean), `supportedContextValuesEnumerated` (strings) and
 * `supportedContextValuesExternal` (`nameOfList`, `url`). Which of them the artefact marks required could not
 * be read here; this project requires every member it serves (name, root, link types, keys and the linkset
 * default), so that none can silently go missing.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigitalLink } from "../../services/garments/digital-link";
import { startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import { GTIN } from "../support/garment-life";

/** The GS1 primary keys the standard's schema enumerates, by AI. */
const PRIMARY_KEYS = [
  "all",
  "00",
  "01",
  "253",
  "255",
  "401",
  "402",
  "410",
  "411",
  "412",
  "413",
  "414",
  "415",
  "417",
  "8003",
  "8004",
  "8006",
  "8010",
  "8013",
  "8017",
  "8018",
];

const DESCRIPTION_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: [
    "name",
    "resolverRoot",
    "supportedLinkType",
    "supportedPrimaryKeys",
    "linkTypeDefaultCanBeLinkset",
  ],
  properties: {
    name: { type: "string", minLength: 1 },
    resolverRoot: { type: "string", format: "uri" },
    supportedPrimaryKeys: { type: "array", minItems: 1, items: { type: "string", enum: PRIMARY_KEYS } },
    supportedLinkType: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["namespace", "prefix"],
        properties: {
          namespace: { type: "string", format: "uri" },
          prefix: { type: "string", pattern: "^[a-zA-Z_][A-Za-z0-9_-]*?:$" },
        },
      },
    },
    linkTypeDefaultCanBeLinkset: { type: "boolean" },
    supportedContextValuesEnumerated: { type: "array", items: { type: "string" } },
    supportedContextValuesExternal: {
      type: "array",
      items: {
        type: "object",
        properties: { nameOfList: { type: "string" }, url: { type: "string", format: "uri" } },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateDescription = ajv.compile(DESCRIPTION_SCHEMA);

describe("the GS1 resolver description file", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: "https://trace.example.vn/truy-xuat/" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const fetchDescription = async () => {
    const answer = await fetch(`${t.service.url}/.well-known/gs1resolver`, {
      headers: { accept: "application/json" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/json");
    // Read by other sites' scripts too (the standard's resolvers SHALL support CORS).
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    return (await answer.json()) as Record<string, unknown>;
  };

  it("validates against the standard's members, types and constraints", async () => {
    const description = await fetchDescription();
    expect(validateDescription(description), JSON.stringify(validateDescription.errors)).toBe(true);
    expect(description).toMatchObject({
      supportedPrimaryKeys: ["01"],
      supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1:" }],
      linkTypeDefaultCanBeLinkset: true,
    });
  });

  it("names as its root where the service's Digital Links start, path included", async () => {
    const { resolverRoot } = await fetchDescription();
    expect(resolverRoot).toBe("https://trace.example.vn/truy-xuat");
    const printed = buildDigitalLink(
      { gtin: GTIN, lot: "LOT-1" },
      { baseUrl: "https://trace.example.vn/truy-xuat/" },
    );
    expect(printed.startsWith(`${String(resolverRoot)}/01/`)).toBe(true);
  });

  it("holds only members the standard defines", async () => {
    const known = new Set([
      ...Object.keys(DESCRIPTION_SCHEMA.properties),
      "linkTypeDefaultCanBeAll",
      "contact",
    ]);
    expect(Object.keys(await fetchDescription()).filter((member) => !known.has(member))).toEqual([]);
  });

  it("the schema written here refuses what the standard does not allow", () => {
    const good = {
      name: "x",
      resolverRoot: "https://id.example.org",
      supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1:" }],
      supportedPrimaryKeys: ["01"],
      linkTypeDefaultCanBeLinkset: true,
    };
    expect(validateDescription(good)).toBe(true);
    for (const bad of [
      { ...good, supportedPrimaryKeys: ["gtin"] },
      { ...good, supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1" }] },
      { ...good, resolverRoot: "not a uri" },
      { ...good, linkTypeDefaultCanBeLinkset: "yes" },
      (({ name: _name, ...rest }) => rest)(good),
    ])
      expect(validateDescription(bad), JSON.stringify(bad)).toBe(false);
  });
});
