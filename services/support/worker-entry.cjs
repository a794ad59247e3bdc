/**
 * The entry of every worker thread of services/support/worker-pool.ts. Node cannot start a worker on a
 * TypeScript file, so this plain script registers tsx (what runs the service) and then loads the task module
 * named in workerData: a module whose exports are the task functions, each taking one structured-cloneable
 * input and giving (or resolving to) one output.
 */
"use strict";
const { parentPort, workerData } = require("node:worker_threads");

if (/\.[cm]?ts$/.test(workerData.tasks)) require("tsx/cjs/api").register();
const tasks = require(workerData.tasks);

parentPort.on("message", async (message) => {
  const { id, task, input } = message;
  try {
    const run = tasks[task];
    if (typeof run !== "function") throw new Error(`no task '${task}'`);
    const output = await run(input);
    parentPort.postMessage({ id, ok: true, output });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: { name: error?.name ?? "Error", message: String(error?.message ?? error) },
    });
  }
});
