/**
 * A small filesystem for full-disk tests: a tmpfs mounted where the process may mount (root in a container
 * with CAP_SYS_ADMIN), `null` elsewhere so the caller can say which way it tested.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
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

/** Writes zeros to `path` until its filesystem is full to the byte (ENOSPC at every size down to one byte). */
export function fillDisk(path: string): void {
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, "w");
  try {
    for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          writeSync(fd, chunk, 0, size);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
