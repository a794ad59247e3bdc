/**
 * The layers of services/ and the arrows between them (see README, "How it fits together"):
 *   http → use cases → domain (pure) and ports (stores) → base.
 * web/ renders pages from view models and imports nothing from services/. Run by `npm run lint:deps`.
 */
const BASE = "^services/(config|errors|logging|support|pdf)/";
const DOMAIN = "^services/(records|garments|origin|credentials|epcis)/";
const PORTS = "^services/(chain|ipfs|read-model|service-db|keystore)/";
const USE_CASES =
  "^services/(facilities|documents|production|epcis-capture|assessments|certificates|provenance|scans|labels|kpis)/";
const HTTP = "^services/http/";
const HTTP_PACKAGES =
  "^(express|express-rate-limit|helmet|multer)$|node_modules/(express|express-rate-limit|helmet|multer)/";
const STORE_PACKAGES =
  "node_modules/(better-sqlite3|helia|@helia|blockstore-fs|datastore-fs|kubo-rpc-client|hardhat)/";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles hide which module depends on which.",
      from: {},
      to: { circular: true },
    },
    {
      name: "base-imports-only-base",
      comment: "config, errors, logging and support are the bottom layer: they import no other layer.",
      severity: "error",
      from: { path: BASE },
      to: { path: "^services/", pathNot: BASE },
    },
    {
      name: "domain-is-pure",
      comment:
        "Record formats, garment codes, rules of origin and credentials import no store, use case or HTTP code (types of the ports excepted).",
      severity: "error",
      from: { path: DOMAIN },
      to: {
        path: `${PORTS}|${USE_CASES}|${HTTP}|^services/main\\.ts$|^web/`,
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "domain-uses-no-stores",
      comment: "The pure domain runs without SQLite, IPFS, a chain or Express.",
      severity: "error",
      from: { path: DOMAIN },
      to: { path: `${STORE_PACKAGES}|${HTTP_PACKAGES}` },
    },
    {
      name: "ports-below-use-cases",
      comment: "Stores and adapters know nothing of use cases, HTTP or pages.",
      severity: "error",
      from: { path: PORTS },
      to: { path: `${USE_CASES}|${HTTP}|^services/main\\.ts$|^web/` },
    },
    {
      name: "use-cases-below-http",
      comment: "Use cases are called by HTTP, never the reverse; they render no pages.",
      severity: "error",
      from: { path: USE_CASES },
      to: { path: `${HTTP}|^services/main\\.ts$|^web/` },
    },
    {
      name: "only-http-imports-express",
      comment: "Express, its middleware and multer belong to the HTTP layer.",
      severity: "error",
      from: { path: "^(services|web)/", pathNot: `${HTTP}` },
      to: { path: HTTP_PACKAGES, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "web-imports-nothing-from-services",
      comment: "Pages render view models; the HTTP layer builds those from use-case answers.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^services/" },
    },
    {
      name: "cli-is-an-http-client",
      comment:
        "The threadproof CLI speaks to the service only through its public HTTP API, as any client does: no code from services/ or web/.",
      severity: "error",
      from: { path: "^cli/" },
      to: { path: "^(services|web)/" },
    },
    {
      name: "nothing-imports-the-composition-root",
      comment: "main.ts wires everything; only entry points (scripts, tests) start it.",
      severity: "error",
      from: { path: "^(services|web)/" },
      to: { path: "^services/main\\.ts$" },
    },
    {
      name: "sqlite-only-in-stores",
      comment: "Only the stores open SQLite databases.",
      severity: "error",
      // The data-dir lock is an exclusive SQLite lock (services/config/data-dir-lock.ts), one row naming its holder.
      from: { path: "^(services|web)/", pathNot: `${PORTS}|^services/config/data-dir-lock\\.ts$` },
      to: { path: "node_modules/better-sqlite3/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    exclude: { path: "^(artifacts|cache|typechain-types|coverage)/" },
  },
};
