/**
 * Clone detection: scans of each garment are counted in a small SQLite file of the viewer's own (not the chain
 * index: scans are not chain state, and the index is rebuilt at will).
 *
 * Heuristic: a genuine label is scanned a few times, by a few people, in one region. Within a 30-day window:
 * - a *place* is a coarse network prefix of the client (IPv4 /16, IPv6 /48) combined with the region of its
 *   first Accept-Language tag (`vi-VN` → VN; a bare `en` counts as `en`). Only a salted hash of it is kept,
 *   never the address;
 * - a *scan* is counted once per place per 10 minutes, so refreshing the page or switching its language is not
 *   a new scan;
 * - the page warns that the label may be copied when a serial has more than 20 scans, or scans from 5 or more
 *   places, within the window.
 * Only scans through the resolver that carried a code the contract proved count (services/http/pages/
 * scan-answer.ts): requests without a code or with a made-up one cost a third party nothing, so they must not
 * brand a genuine garment as copied. What it can tell: one genuine code seen from many networks and regions,
 * which is what a label copied onto many garments looks like. What it cannot tell: which of the scanned
 * garments is the original; a copy scanned only a few times; someone who knows the code (it is printed on
 * the label) and scans it from several networks on purpose. The client address is the socket's (behind a
 * proxy the service would need `trust proxy` to see the real one). Known weak spots: people behind one carrier-grade NAT look
 * like one place; a shop testing its stock from one counter looks like many scans of different serials, which
 * is fine since counts are per serial.
 */
import Database from "better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";
import { createHash, randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Logger } from "../logging/index";

export interface CloneThresholds {
  /** Warn above this many counted scans in the window (default 20). */
  maxScans: number;
  /** Warn from this many distinct places in the window (default 5). */
  maxPlaces: number;
  /** The window (default 30 days). */
  windowMs: number;
  /** Scans from one place closer together than this count once (default 10 minutes). */
  dedupeMs: number;
}

/** A counter that cannot write says so in the log at most this often (default one minute). */
export const DEFAULT_DEGRADED_WARNING_INTERVAL_MS = 60_000;

export const DEFAULT_CLONE_THRESHOLDS: CloneThresholds = {
  maxScans: 20,
  maxPlaces: 5,
  windowMs: 30 * 24 * 3600_000,
  dedupeMs: 10 * 60_000,
};

/** Who scanned, as coarsely as clone detection needs. */
export interface ScanOrigin {
  /** The client address (IPv4, IPv6 or IPv4-mapped IPv6). */
  ip: string | undefined;
  acceptLanguage: string | undefined;
}

export interface ScanTally {
  scans: number;
  places: number;
  /** Whether the tally crosses a threshold: the page shows `{ scans, places }` as a warning. */
  suspicious: boolean;
}

export interface ScanCounter {
  /**
   * Counts one scan of `garment` (e.g. `SEW-0001/17`) and answers the tally including it. When the scan cannot
   * be written (a full or failing disk) it is not counted and the tally so far is answered: a scan is a read,
   * and clone detection is advice, so it never fails the page. A warning is logged once per interval.
   */
  record(garment: string, origin: ScanOrigin): ScanTally;
  /** The tally without counting a scan. */
  tally(garment: string): ScanTally;
  /**
   * Scans counted in [fromMs, toMs), per garment batch (the lot id before the garment's `/serial`): how many,
   * of how many garments, and how many of those garments crossed the page's thresholds with the period's
   * scans alone (the clone warnings). Scans older than the window are pruned when their garment is scanned
   * again, so a period reaching further back than the window may count fewer.
   */
  activity(fromMs: number, toMs: number): ScanActivity[];
  /** The tallies of batch `lot`'s scanned garments, most scanned first, at most `limit` of them. */
  lotTallies(lot: string, limit: number): (ScanTally & { serial: string })[];
  close(): void;
}

/** The scans of one garment batch in a period. */
export interface ScanActivity {
  lotId: string;
  scans: number;
  garments: number;
  /** Garments whose scans in the period cross the clone thresholds. */
  warned: number;
}

/** Most batches one activity answer lists. */
export const MAX_SCAN_ACTIVITY_ROWS = 20_000;

/** `203.0.113.7` → `203.0/16`; `2001:db8:1:2::1` → `2001:db8:1/48`; anything else → `unknown`. */
export function networkPrefix(ip: string | undefined): string {
  if (!ip) return "unknown";
  const mapped = ip.toLowerCase().startsWith("::ffff:") ? ip.slice(7) : ip;
  if (isIPv4(mapped)) return `${mapped.split(".").slice(0, 2).join(".")}/16`;
  if (isIPv6(mapped)) {
    const [head = ""] = mapped.split("::");
    const groups = head.split(":").filter(Boolean);
    while (groups.length < 3) groups.push("0");
    return `${groups.slice(0, 3).join(":")}/48`;
  }
  return "unknown";
}

/** `vi-VN,vi;q=0.9` → `VN`; `en` → `en`; missing → `-`. */
export function languageRegion(acceptLanguage: string | undefined): string {
  const first = (acceptLanguage ?? "").split(",")[0]?.split(";")[0]?.trim() ?? "";
  if (!first || first === "*") return "-";
  const parts = first.split("-");
  const region = parts.slice(1).find((part) => /^[A-Za-z]{2}$|^\d{3}$/.test(part));
  return (region ?? parts[0]!).slice(0, 8).replace(/[^A-Za-z0-9]/g, "") || "-";
}

/**
 * Opens (creating when missing) the scan counter at `path` (`:memory:` for a throw-away one).
 *
 * @example
 * const counter = openScanCounter(join(dataDir, "scans.sqlite"));
 * const tally = counter.record("SEW-0001/17", { ip: req.ip, acceptLanguage: req.get("accept-language") });
 */
export function openScanCounter(
  path: string,
  options: {
    thresholds?: Partial<CloneThresholds>;
    now?: () => number;
    /** Where a counter that cannot write warns (none: it degrades without a word). */
    logger?: Pick<Logger, "warn">;
    /** At most one such warning per this many milliseconds. */
    warningIntervalMs?: number;
  } = {},
): ScanCounter {
  const limits = { ...DEFAULT_CLONE_THRESHOLDS, ...options.thresholds };
  const now = options.now ?? Date.now;
  const db: SqliteDatabase = new Database(path);
  db.pragma("journal_mode = WAL");
  // Losing the last scans in a crash costs a little sensitivity, not correctness: no fsync per scan.
  db.pragma("synchronous = NORMAL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS scan_salt (id INTEGER PRIMARY KEY CHECK (id = 1), salt BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS scans (
      garment TEXT NOT NULL,          -- lot id / serial
      place TEXT NOT NULL,            -- salted hash of network prefix + language region
      scanned_at INTEGER NOT NULL     -- ms since the epoch
    );
    CREATE INDEX IF NOT EXISTS scans_by_garment ON scans (garment, scanned_at);
  `);
  db.prepare("INSERT OR IGNORE INTO scan_salt (id, salt) VALUES (1, ?)").run(randomBytes(16));
  const salt = (db.prepare("SELECT salt FROM scan_salt").get() as { salt: Buffer }).salt;

  const statements = {
    recent: db.prepare("SELECT 1 FROM scans WHERE garment = ? AND place = ? AND scanned_at > ? LIMIT 1"),
    insert: db.prepare("INSERT INTO scans (garment, place, scanned_at) VALUES (?, ?, ?)"),
    prune: db.prepare("DELETE FROM scans WHERE garment = ? AND scanned_at <= ?"),
    tally: db.prepare(
      "SELECT COUNT(*) AS scans, COUNT(DISTINCT place) AS places FROM scans WHERE garment = ? AND scanned_at > ?",
    ),
    activity: db.prepare<
      { from: number; to: number; maxScans: number; maxPlaces: number; limit: number },
      ScanActivity
    >(
      `WITH per_garment AS (
         SELECT garment, COUNT(*) AS scans, COUNT(DISTINCT place) AS places FROM scans
         WHERE scanned_at >= @from AND scanned_at < @to GROUP BY garment
       )
       SELECT CASE WHEN instr(garment, '/') > 0 THEN substr(garment, 1, instr(garment, '/') - 1)
                   ELSE garment END AS lotId,
         SUM(scans) AS scans, COUNT(*) AS garments,
         SUM(scans > @maxScans OR places >= @maxPlaces) AS warned
       FROM per_garment GROUP BY 1 ORDER BY 1 LIMIT @limit`,
    ),
    lotTallies: db.prepare(
      `SELECT garment, COUNT(*) AS scans, COUNT(DISTINCT place) AS places FROM scans
        WHERE garment >= ? AND garment < ? AND scanned_at > ?
        GROUP BY garment ORDER BY scans DESC, garment LIMIT ?`,
    ),
  };

  function tally(garment: string): ScanTally {
    const row = statements.tally.get(garment, now() - limits.windowMs) as { scans: number; places: number };
    return {
      scans: row.scans,
      places: row.places,
      suspicious: row.scans > limits.maxScans || row.places >= limits.maxPlaces,
    };
  }

  function lotTallies(lot: string, limit: number): (ScanTally & { serial: string })[] {
    // `lot/` up to `lot0` ('0' follows '/'): the garments of this lot, by the index on garment.
    const rows = statements.lotTallies.all(`${lot}/`, `${lot}0`, now() - limits.windowMs, limit) as {
      garment: string;
      scans: number;
      places: number;
    }[];
    return rows.map((row) => ({
      serial: row.garment.slice(lot.length + 1),
      scans: row.scans,
      places: row.places,
      suspicious: row.scans > limits.maxScans || row.places >= limits.maxPlaces,
    }));
  }

  const record = db.transaction((garment: string, origin: ScanOrigin): ScanTally => {
    const at = now();
    const place = createHash("sha256")
      .update(salt)
      .update(`${networkPrefix(origin.ip)}|${languageRegion(origin.acceptLanguage)}`)
      .digest("base64url")
      .slice(0, 16);
    statements.prune.run(garment, at - limits.windowMs);
    if (!statements.recent.get(garment, place, at - limits.dedupeMs))
      statements.insert.run(garment, place, at);
    return tally(garment);
  });

  const warningIntervalMs = options.warningIntervalMs ?? DEFAULT_DEGRADED_WARNING_INTERVAL_MS;
  let lastWarningAt = -Infinity;
  let missedSinceWarning = 0;
  function degraded(garment: string, error: unknown): ScanTally {
    missedSinceWarning++;
    const at = now();
    if (options.logger && at - lastWarningAt >= warningIntervalMs) {
      options.logger.warn(
        { err: error, missedScans: missedSinceWarning },
        "scan counter cannot write (disk full or failing?): scans are served but not counted",
      );
      lastWarningAt = at;
      missedSinceWarning = 0;
    }
    try {
      return tally(garment);
    } catch {
      return { scans: 0, places: 0, suspicious: false };
    }
  }

  return {
    record: (garment, origin) => {
      try {
        return record(garment, origin);
      } catch (error) {
        return degraded(garment, error);
      }
    },
    tally,
    activity: (fromMs, toMs) =>
      statements.activity.all({
        from: fromMs,
        to: toMs,
        maxScans: limits.maxScans,
        maxPlaces: limits.maxPlaces,
        limit: MAX_SCAN_ACTIVITY_ROWS,
      }),
    lotTallies,
    close: () => db.close(),
  };
}
