require("tsx/cjs/api").register();
require(require("node:worker_threads").workerData.entry);
