import { existsSync, renameSync, rmSync } from "node:fs";
import type { Ledger } from "../chain/ledger";
import type { DocumentStore } from "../ipfs/index";
import type { Logger } from "../logging/index";
import { openIndexDatabase } from "./database";
import { rebuildIndex } from "./indexer";

/**
 * Rebuilds the read model file at `path` from the chain: builds a new database beside it, then swaps it in,
 * so a failure half-way leaves the old index untouched. The service must not be running on it.
 *
 * @example
 * const { events } = await rebuildIndexFile({ path: join(dataDir, "index.sqlite"), ledger, store });
 */
export async function rebuildIndexFile(params: {
  path: string;
  ledger: Pick<Ledger, "readEvents">;
  store: Pick<DocumentStore, "get">;
  logger?: Pick<Logger, "warn">;
}): Promise<{ lastBlock: number | null }> {
  const staging = `${params.path}.rebuild`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${staging}${suffix}`, { force: true });
  const db = openIndexDatabase(staging);
  let lastBlock: number | null;
  try {
    const indexer = await rebuildIndex({
      ledger: params.ledger,
      store: params.store,
      db,
      logger: params.logger,
    });
    lastBlock = indexer.progress()?.blockNumber ?? null;
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  for (const suffix of ["-wal", "-shm"]) {
    if (existsSync(`${params.path}${suffix}`)) rmSync(`${params.path}${suffix}`);
  }
  renameSync(staging, params.path);
  return { lastBlock };
}
