/**
 * The service's configuration, read once from the environment and validated at start. A bad value stops the
 * start with a message naming the variable; values themselves are never echoed (some are secrets).
 */
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { AppError } from "../errors";

/** An unset or blank variable is absent; other values are trimmed. */
const blankIsAbsent = (value: unknown) =>
  typeof value === "string" ? (value.trim() === "" ? undefined : value.trim()) : value;

const optionalUrl = z.preprocess(blankIsAbsent, z.url({ protocol: /^https?$/ }).optional());

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const positiveNumber = (fallback: number) => z.coerce.number().positive().finite().default(fallback);

/**
 * Bounds on what one write may ask of the service, and what one key may store per UTC day. The defaults are
 * far above what a real factory does (a cutting room gets 2–15 pieces from a metre of jersey; a busy
 * facility uploads tens of documents a day), so only abuse or a typing error meets them.
 */
export interface WriteLimits {
  /** Documents (and origin proofs) one event may cite. */
  maxDocumentsPerEvent: number;
  /** Total bytes of the distinct documents one lot's record may cite. */
  maxDocumentBytesPerLot: number;
  /** Cut pieces a cutting may make per metre of fabric consumed. */
  maxCutPiecesPerMetre: number;
  /** Cut pieces a cutting may make per kilogram of fabric consumed. */
  maxCutPiecesPerKg: number;
  /** Garments a sewing may make per cut piece consumed (1: never more garments than pieces). */
  maxGarmentsPerCutPiece: number;
  /** Uploads one key may make per UTC day. */
  uploadsPerDay: number;
  /** Bytes one key may upload per UTC day. */
  uploadBytesPerDay: number;
  /** Assessments one key may store per UTC day. */
  assessmentsPerDay: number;
}

/** The limits when nothing is configured. */
export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  maxDocumentsPerEvent: 20,
  maxDocumentBytesPerLot: 50 * 1024 * 1024,
  maxCutPiecesPerMetre: 50,
  maxCutPiecesPerKg: 200,
  maxGarmentsPerCutPiece: 1,
  uploadsPerDay: 1_000,
  uploadBytesPerDay: 1024 * 1024 * 1024,
  assessmentsPerDay: 1_000,
};

/** Bounds on one spreadsheet import (IMPORT_FILE_LIMIT_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_CELL_CHARS). */
export interface ImportLimits {
  /** The largest file one import may upload. */
  fileLimitBytes: number;
  /** Data rows one file may hold (blank rows not counted). */
  maxRows: number;
  /** Characters one cell may hold. */
  maxCellChars: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  fileLimitBytes: 64 * 1024 * 1024,
  maxRows: 200_000,
  maxCellChars: 1_000,
};

/** Express's names for address ranges, accepted in a TRUST_PROXY list. */
const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the service are trusted to say who the client is (`X-Forwarded-For`): off (the
 * default: the peer address is the client), a hop count (`1`: the one proxy in front), or a list of proxy
 * addresses and CIDR ranges (`10.0.0.0/8, loopback`). Only then is the rate limit per buyer behind a proxy.
 */
const trustProxySchema = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .optional()
    .transform((value, context): false | number | string[] => {
      if (value === undefined || /^(false|off|no|0)$/i.test(value)) return false;
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops <= 32) return hops;
      } else {
        const entries = value.split(",").map((entry) => entry.trim());
        if (entries.every((entry) => entry !== "" && isProxyAddress(entry))) return entries;
      }
      context.addIssue({
        code: "custom",
        message:
          "must be off, a hop count (1 to 32) or a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal)",
      });
      return z.NEVER;
    }),
);

/** A comma-separated list; blank entries are dropped, an unset or blank variable is the empty list. */
const multiaddrList = (pattern: RegExp, message: string) =>
  z.preprocess(
    blankIsAbsent,
    z
      .string()
      .optional()
      .transform((value, context): string[] => {
        const entries = (value ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== "");
        if (entries.every((entry) => pattern.test(entry))) return entries;
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }),
  );

/** A TCP multiaddr: `/ip4/<address>/tcp/<port>`, `/ip6/…` or `/dns4|dns6|dns/<host>/tcp/<port>`. */
const TCP_MULTIADDR = String.raw`/(ip4/[0-9.]+|ip6/[0-9a-fA-F:.]+|dns[46]?/[A-Za-z0-9.-]+)/tcp/\d{1,5}`;

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  OPERATOR_API_KEY: z.preprocess(
    blankIsAbsent,
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  PUBLIC_BASE_URL: optionalUrl,
  CHAIN_RPC_URL: optionalUrl,
  /** The chain the service runs itself when CHAIN_RPC_URL is unset: in-process EDR or a supervised anvil. */
  CHAIN_ENGINE: z.enum(["edr", "anvil"]).default("anvil"),
  /** On the anvil engine, transactions between state snapshots (what a start replays at most after a crash). */
  CHAIN_SNAPSHOT_EVERY: positiveInt(1_000),
  /** The relayer's key on an external chain (a Hardhat node's first dev account is used when unset). */
  RELAYER_PRIVATE_KEY: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex private key")
      .optional(),
  ),
  /** A Threadproof contract already deployed on the external chain (a second service instance). */
  CONTRACT_ADDRESS: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
      .optional(),
  ),
  IPFS_API_URL: optionalUrl,
  /** Where the embedded IPFS node accepts peers (unset: no networking unless IPFS_PEERS is set). */
  IPFS_LISTEN: multiaddrList(
    new RegExp(`^${TCP_MULTIADDR}$`),
    "must be a comma-separated list of TCP multiaddrs such as /ip4/0.0.0.0/tcp/4001",
  ),
  /** Peers the embedded IPFS node stays connected to and fetches blocks from. */
  IPFS_PEERS: multiaddrList(
    new RegExp(`^${TCP_MULTIADDR}/p2p/[1-9A-HJ-NP-Za-km-z]{40,60}$|^${TCP_MULTIADDR}/p2p/b[a-z2-7]{50,70}$`),
    "must be a comma-separated list of TCP multiaddrs ending /p2p/<peer id>",
  ),
  /** How long a read of a document the embedded node lacks waits for its peers. */
  IPFS_FETCH_TIMEOUT_MS: positiveInt(10_000),
  /** On an external chain, how long a write waits for its transaction to be mined before it is refused. */
  CHAIN_RECEIPT_DEADLINE_MS: positiveInt(120_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  UPLOAD_LIMIT_BYTES: positiveInt(10 * 1024 * 1024),
  JSON_BODY_LIMIT_BYTES: positiveInt(256 * 1024),
  PUBLIC_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  TRUST_PROXY: trustProxySchema,
  MAX_DOCUMENTS_PER_EVENT: positiveInt(DEFAULT_WRITE_LIMITS.maxDocumentsPerEvent),
  MAX_DOCUMENT_BYTES_PER_LOT: positiveInt(DEFAULT_WRITE_LIMITS.maxDocumentBytesPerLot),
  MAX_CUT_PIECES_PER_METRE: positiveNumber(DEFAULT_WRITE_LIMITS.maxCutPiecesPerMetre),
  MAX_CUT_PIECES_PER_KG: positiveNumber(DEFAULT_WRITE_LIMITS.maxCutPiecesPerKg),
  MAX_GARMENTS_PER_CUT_PIECE: positiveNumber(DEFAULT_WRITE_LIMITS.maxGarmentsPerCutPiece),
  UPLOADS_PER_DAY: positiveInt(DEFAULT_WRITE_LIMITS.uploadsPerDay),
  UPLOAD_BYTES_PER_DAY: positiveInt(DEFAULT_WRITE_LIMITS.uploadBytesPerDay),
  ASSESSMENTS_PER_DAY: positiveInt(DEFAULT_WRITE_LIMITS.assessmentsPerDay),
  DOCUMENT_CHECK_BUDGET_BYTES: positiveInt(8 * 1024 * 1024),
  CERTIFICATE_PDF_RENDERS_PER_MINUTE: positiveInt(10),
  IMPORT_FILE_LIMIT_BYTES: positiveInt(DEFAULT_IMPORT_LIMITS.fileLimitBytes),
  IMPORT_MAX_ROWS: positiveInt(DEFAULT_IMPORT_LIMITS.maxRows),
  IMPORT_MAX_CELL_CHARS: positiveInt(DEFAULT_IMPORT_LIMITS.maxCellChars),
  CONSOLE_SESSION_IDLE_MINUTES: positiveNumber(30),
  CONSOLE_SESSION_MAX_HOURS: positiveNumber(12),
  CONSOLE_SIGN_IN_ATTEMPTS_PER_MINUTE: positiveInt(10),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  /** Unset: generated on first start and kept in the data dir (see scripts/start.ts). */
  operatorApiKey?: string;
  /** The host inside QR codes and links, without a trailing slash. */
  publicBaseUrl: string;
  chainRpcUrl?: string;
  /** Without CHAIN_RPC_URL: which chain engine the service runs (CHAIN_ENGINE). */
  chainEngine: "edr" | "anvil";
  /** On the anvil engine, transactions between snapshots (CHAIN_SNAPSHOT_EVERY). */
  chainSnapshotEvery: number;
  /** Secret: never logged. */
  relayerPrivateKey?: string;
  contractAddress?: string;
  ipfsApiUrl?: string;
  /**
   * The embedded IPFS node's networking (IPFS_LISTEN, IPFS_PEERS, IPFS_FETCH_TIMEOUT_MS); absent when both
   * lists are empty: no networking at all.
   */
  ipfsNetwork?: { listen: string[]; peers: string[]; fetchTimeoutMs: number };
  /** On an external chain, the receipt deadline of a write (CHAIN_RECEIPT_DEADLINE_MS). */
  chainReceiptDeadlineMs: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  uploadLimitBytes: number;
  jsonBodyLimitBytes: number;
  publicRateLimitPerMinute: number;
  /** Express's `trust proxy`: false (default), a hop count, or the trusted proxies' addresses and ranges. */
  trustProxy: false | number | string[];
  /** Bounds per write and quotas per key (MAX_DOCUMENTS_PER_EVENT, UPLOADS_PER_DAY, ...). */
  writeLimits: WriteLimits;
  /** Bytes of not-yet-checked documents one page or provenance read may read and hash. */
  documentCheckBudgetBytes: number;
  /** Certificate PDFs one client may have rendered (not served from the cache) per minute. */
  certificatePdfRendersPerMinute: number;
  /** Bounds on one spreadsheet import (IMPORT_FILE_LIMIT_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_CELL_CHARS). */
  imports: ImportLimits;
  /** A console session idle this long ends (CONSOLE_SESSION_IDLE_MINUTES). */
  consoleSessionIdleMinutes: number;
  /** A console session ends this long after sign-in, however busy (CONSOLE_SESSION_MAX_HOURS). */
  consoleSessionMaxHours: number;
  /** Console sign-in attempts one client may make per minute (CONSOLE_SIGN_IN_ATTEMPTS_PER_MINUTE). */
  consoleSignInAttemptsPerMinute: number;
}

/** Start-up stops: a variable is missing or invalid. `details.variables` names each one. */
export class ConfigError extends AppError {
  constructor(issues: { variable: string; message: string }[]) {
    super(
      "CONFIG_INVALID",
      `Invalid configuration: ${issues.map((issue) => `${issue.variable} ${issue.message}`).join("; ")}`,
      { details: { variables: issues } },
    );
  }
}

/**
 * Reads and validates the configuration from `env` (default `process.env`).
 *
 * @example
 * const config = loadConfig({ PORT: "0", DATA_DIR: "/tmp/threadproof" });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    // Only the variable name and zod's message: never the offending value, which may be a secret.
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const values = parsed.data;
  const networked = values.IPFS_LISTEN.length > 0 || values.IPFS_PEERS.length > 0;
  if (networked && values.IPFS_API_URL !== undefined) {
    throw new ConfigError([
      {
        variable: values.IPFS_LISTEN.length > 0 ? "IPFS_LISTEN" : "IPFS_PEERS",
        message: "configures the embedded IPFS node and cannot be used with IPFS_API_URL (Kubo has its own)",
      },
    ]);
  }
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: resolve(values.DATA_DIR),
    operatorApiKey: values.OPERATOR_API_KEY,
    publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ""),
    chainRpcUrl: values.CHAIN_RPC_URL,
    chainEngine: values.CHAIN_ENGINE,
    chainSnapshotEvery: values.CHAIN_SNAPSHOT_EVERY,
    relayerPrivateKey: values.RELAYER_PRIVATE_KEY,
    contractAddress: values.CONTRACT_ADDRESS,
    ipfsApiUrl: values.IPFS_API_URL,
    ...(networked
      ? {
          ipfsNetwork: {
            listen: values.IPFS_LISTEN,
            peers: values.IPFS_PEERS,
            fetchTimeoutMs: values.IPFS_FETCH_TIMEOUT_MS,
          },
        }
      : {}),
    chainReceiptDeadlineMs: values.CHAIN_RECEIPT_DEADLINE_MS,
    logLevel: values.LOG_LEVEL,
    uploadLimitBytes: values.UPLOAD_LIMIT_BYTES,
    jsonBodyLimitBytes: values.JSON_BODY_LIMIT_BYTES,
    publicRateLimitPerMinute: values.PUBLIC_RATE_LIMIT_PER_MINUTE,
    trustProxy: values.TRUST_PROXY,
    writeLimits: {
      maxDocumentsPerEvent: values.MAX_DOCUMENTS_PER_EVENT,
      maxDocumentBytesPerLot: values.MAX_DOCUMENT_BYTES_PER_LOT,
      maxCutPiecesPerMetre: values.MAX_CUT_PIECES_PER_METRE,
      maxCutPiecesPerKg: values.MAX_CUT_PIECES_PER_KG,
      maxGarmentsPerCutPiece: values.MAX_GARMENTS_PER_CUT_PIECE,
      uploadsPerDay: values.UPLOADS_PER_DAY,
      uploadBytesPerDay: values.UPLOAD_BYTES_PER_DAY,
      assessmentsPerDay: values.ASSESSMENTS_PER_DAY,
    },
    documentCheckBudgetBytes: values.DOCUMENT_CHECK_BUDGET_BYTES,
    certificatePdfRendersPerMinute: values.CERTIFICATE_PDF_RENDERS_PER_MINUTE,
    imports: {
      fileLimitBytes: values.IMPORT_FILE_LIMIT_BYTES,
      maxRows: values.IMPORT_MAX_ROWS,
      maxCellChars: values.IMPORT_MAX_CELL_CHARS,
    },
    consoleSessionIdleMinutes: values.CONSOLE_SESSION_IDLE_MINUTES,
    consoleSessionMaxHours: values.CONSOLE_SESSION_MAX_HOURS,
    consoleSignInAttemptsPerMinute: values.CONSOLE_SIGN_IN_ATTEMPTS_PER_MINUTE,
  };
}
