// Hardhat loads hardhat.config.ts through ts-node, which it registers only from its own CLI.
process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";
process.env.TS_NODE_TRANSPILE_ONLY = "true";
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("ts-node/register/transpile-only");
