/** The job register: progress, the end of a job, its errors, and jobs a crash interrupted. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openServiceDatabase } from "../../../services/service-db/database";
import {
  createJob,
  failInterruptedJobs,
  findJob,
  finishJob,
  MAX_JOB_ERRORS,
  recordJobProgress,
} from "../../../services/service-db/jobs";

describe("the job register", () => {
  it("follows a job from running to its end and keeps its errors and result", () => {
    const db = openServiceDatabase(":memory:");
    createJob(db, { id: "j1", kind: "epcis-capture", owner: "facility:a", total: 3 });
    expect(findJob(db, "j1")).toMatchObject({
      status: "running",
      done: 0,
      total: 3,
      errors: [],
      finishedAt: null,
    });
    recordJobProgress(db, "j1", 2);
    expect(findJob(db, "j1")?.done).toBe(2);
    const errors = [
      { index: 1, itemId: "e1", pointer: "/epcisBody/eventList/1/action", code: "X", message: "bad" },
    ];
    finishJob(db, "j1", { status: "failed", done: 3, errors, result: { captured: 2 } });
    const finished = findJob(db, "j1");
    expect(finished).toMatchObject({
      status: "failed",
      done: 3,
      errors,
      result: { captured: 2 },
      owner: "facility:a",
    });
    expect(finished?.finishedAt).not.toBeNull();
    // A finished job stays as it ended.
    finishJob(db, "j1", { status: "success", done: 3, errors: [] });
    recordJobProgress(db, "j1", 0);
    expect(findJob(db, "j1")).toMatchObject({ status: "failed", done: 3 });
    expect(findJob(db, "nope")).toBeNull();
    db.close();
  });

  it("keeps a bounded number of errors", () => {
    const db = openServiceDatabase(":memory:");
    createJob(db, { id: "j2", kind: "k", owner: "facility:a", total: 5000 });
    const errors = Array.from({ length: MAX_JOB_ERRORS + 10 }, (_, index) => ({
      index,
      code: "X",
      message: "m",
    }));
    finishJob(db, "j2", { status: "failed", done: 5000, errors });
    expect(findJob(db, "j2")?.errors).toHaveLength(MAX_JOB_ERRORS);
    db.close();
  });

  it("survives a restart, and a job left running by a crash is failed as interrupted", () => {
    const dir = mkdtempSync(join(tmpdir(), "jobs-"));
    try {
      const path = join(dir, "service.sqlite");
      let db = openServiceDatabase(path);
      createJob(db, { id: "done", kind: "k", owner: "facility:a", total: 1 });
      finishJob(db, "done", { status: "success", done: 1, errors: [] });
      createJob(db, { id: "cut-short", kind: "k", owner: "facility:a", total: 9 });
      db.close();
      db = openServiceDatabase(path);
      expect(failInterruptedJobs(db)).toBe(1);
      expect(findJob(db, "done")?.status).toBe("success");
      expect(findJob(db, "cut-short")).toMatchObject({
        status: "failed",
        errors: [{ code: "INTERRUPTED", message: "the service stopped before the job finished" }],
      });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
