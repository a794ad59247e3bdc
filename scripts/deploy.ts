/**
 * Deploys Threadproof with the first signer as admin (admin, operator and certifier roles) and prints its
 * address. `npx hardhat run scripts/deploy.ts` uses the in-process network; add `--network localhost` for a
 * `npx hardhat node` (or the node at CHAIN_RPC_URL).
 */
import hre from "hardhat";
import type { Signer } from "ethers";
import type { Threadproof } from "../typechain-types";

/**
 * Deploys Threadproof with `admin` holding the admin, operator and certifier roles, and waits until it is mined.
 *
 * @example
 * const [admin] = await hre.ethers.getSigners();
 * const ledger = await deployThreadproof(admin);
 */
export async function deployThreadproof(admin: Signer): Promise<Threadproof> {
  const ledger = await hre.ethers.deployContract("Threadproof", [await admin.getAddress()], admin);
  await ledger.waitForDeployment();
  return ledger as unknown as Threadproof;
}

async function main(): Promise<void> {
  const [admin] = await hre.ethers.getSigners();
  if (!admin) throw new Error(`network "${hre.network.name}" has no account to deploy from`);
  const ledger = await deployThreadproof(admin);
  const { chainId } = await hre.ethers.provider.getNetwork();
  console.log(
    `Threadproof deployed at ${await ledger.getAddress()} on ${hre.network.name} (chain ${chainId}), admin ${admin.address}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
