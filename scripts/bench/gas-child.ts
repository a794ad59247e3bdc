/**
 * Run as its own process by the benchmark: the contracts' gas table (scripts/gas.ts `measureGas`) on a fresh
 * in-process Hardhat network, printed as one JSON line.
 */
import { measureGas } from "../gas";

measureGas().then(
  (rows) => {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
