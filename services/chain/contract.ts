/** The compiled Threadproof contract: ABI and creation bytecode from Hardhat's artifacts. */
import { Interface } from "ethers";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Hex } from "./ledger";

export interface ContractArtifact {
  iface: Interface;
  bytecode: Hex;
}

const PROJECT_ROOT = resolve(__dirname, "..", "..");
const ARTIFACT_PATH = join(PROJECT_ROOT, "artifacts", "contracts", "Threadproof.sol", "Threadproof.json");

let cached: ContractArtifact | undefined;

/** Loads the artifact written by `hardhat compile` (npm start and npm test compile first). */
export function loadThreadproofArtifact(): ContractArtifact {
  if (cached !== undefined) return cached;
  if (!existsSync(ARTIFACT_PATH)) {
    throw new Error(`Contract artifact missing at ${ARTIFACT_PATH}: run "npx hardhat compile" first`);
  }
  const artifact = JSON.parse(readFileSync(ARTIFACT_PATH, "utf8")) as { abi: unknown[]; bytecode: Hex };
  cached = { iface: new Interface(artifact.abi as never), bytecode: artifact.bytecode };
  return cached;
}
