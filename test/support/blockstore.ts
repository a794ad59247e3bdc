/**
 * Reaching into the embedded IPFS node's on-disk blockstore (DATA_DIR/ipfs/blocks) the way an attacker or a
 * failing disk would: find the block file that holds some bytes, overwrite it or delete it, and put it back.
 */
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The block file under `dataDir` whose content is exactly `bytes` (throws when there is none). */
export function blockFileOf(dataDir: string, bytes: Uint8Array): string {
  const wanted = Buffer.from(bytes);
  const match = walk(join(dataDir, "ipfs", "blocks")).find((path) => {
    const stat = statSync(path);
    return stat.size === wanted.length && readFileSync(path).equals(wanted);
  });
  if (!match) throw new Error("no block file holds these bytes");
  return match;
}

/** Replaces the block holding `bytes` with `replacement`; returns a function that puts the original back. */
export function overwriteBlock(dataDir: string, bytes: Uint8Array, replacement: Uint8Array): () => void {
  const path = blockFileOf(dataDir, bytes);
  writeFileSync(path, replacement);
  return () => writeFileSync(path, bytes);
}

/** Deletes the block holding `bytes`; returns a function that puts it back. */
export function deleteBlock(dataDir: string, bytes: Uint8Array): () => void {
  const path = blockFileOf(dataDir, bytes);
  unlinkSync(path);
  return () => writeFileSync(path, bytes);
}
