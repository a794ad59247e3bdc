/**
 * A small filesystem for full-disk tests: a tmpfs mounted where the process may mount (root in a container
 * with CAP_SYS_ADMIN), `null` elsewhere so the caller can say which way it tested.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SmallDisk {
  path: string;
  unmount(): void;
}

export function mountTmpfs(sizeBytes: number): SmallDisk | null {
  const path = mkdtempSync(join(tmpdir(), "tp-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes}`, "tmpfs", path], { stdio: "ignore" });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return null;
  }
  return {
    path,
    unmount() {
      try {
        execFileSync("umount", [path], { stdio: "ignore" });
      } catch {
        // Still busy (a test failed with a file open): detach it now, the kernel frees it when closed.
        execFileSync("umount", ["-l", path], { stdio: "ignore" });
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}
