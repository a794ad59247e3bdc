#!/usr/bin/env node
// The `threadproof` command: registers tsx (a dependency) so the TypeScript CLI runs without a build step.
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
const require = createRequire(import.meta.url);
const { runCli } = require("../cli/main.ts");
process.exitCode = await runCli(process.argv);
