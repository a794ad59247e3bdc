/**
 * Deployment fixtures for the contract tests: a ledger with an operator, a registered certifier and four
 * facilities (the two that sew hold the demo GS1 company prefix), and the same ledger stocked with a fabric
 * lot, cut bundles and a garment batch.
 */
import { ethers } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployThreadproof } from "../../../scripts/deploy";
import {
  chainKey,
  cutOperation,
  DEMO_PREFIX,
  digestOf,
  fabricLotOperation,
  FacilityRole,
  sewOperation,
  signOperation,
  Unit,
} from "./operations";
import type { Operation } from "./operations";

export interface TestFacility {
  /** On-chain id (chainKey of `name`). */
  id: string;
  name: string;
  signer: HardhatEthersSigner;
  country: string;
  roles: number;
  metadataDigest: string;
}

/** Country codes as the contract stores them (bytes2). */
export const VN = "0x564e";
export const KR = "0x4b52";

export async function deployFixture() {
  const [
    admin,
    operator,
    certifier,
    stranger,
    relayer,
    millAccount,
    factoryAccount,
    sewerAccount,
    exporterAccount,
  ] = await ethers.getSigners();
  const ledger = await deployThreadproof(admin!);
  await ledger.connect(admin!).grantRole(await ledger.OPERATOR_ROLE(), operator!.address);
  /** The on-chain id of the fixture's certifier, whose account is `certifier`. */
  const certifierId = chainKey("vcci-hcm");
  await ledger.connect(operator!).registerCertifier(certifierId, certifier!.address);

  const facility = (
    name: string,
    signer: HardhatEthersSigner,
    country: string,
    roles: number,
  ): TestFacility => ({
    id: chainKey(name),
    name,
    signer,
    country,
    roles,
    metadataDigest: digestOf(`facility record of ${name}`),
  });
  const facilities = {
    /** A Korean mill: makes fabric and ships it. */
    mill: facility("hanil-mill", millAccount!, KR, FacilityRole.Fabric | FacilityRole.Shipping),
    /** A Vietnamese garment factory doing every step. */
    factory: facility(
      "tng-song-cong",
      factoryAccount!,
      VN,
      FacilityRole.Fabric | FacilityRole.Cutting | FacilityRole.Sewing | FacilityRole.Shipping,
    ),
    /** A sewing subcontractor. */
    sewer: facility("song-hong-sewing", sewerAccount!, VN, FacilityRole.Sewing | FacilityRole.Shipping),
    /** The exporter's warehouse. */
    exporter: facility("hanoi-export-wh", exporterAccount!, VN, FacilityRole.Shipping),
  };
  for (const f of Object.values(facilities)) {
    await ledger
      .connect(operator!)
      .registerFacility(f.id, f.signer.address, f.country, f.roles, f.metadataDigest);
  }
  for (const f of [facilities.factory, facilities.sewer]) {
    await ledger.connect(operator!).setFacilityGtinPrefixes(f.id, [DEMO_PREFIX]);
  }
  return {
    ledger,
    admin: admin!,
    operator: operator!,
    certifier: certifier!,
    certifierId,
    stranger: stranger!,
    relayer: relayer!,
    facilities,
  };
}

export type Deployment = Awaited<ReturnType<typeof deployFixture>>;

/** Signs each operation with its facility's key and submits them in one transaction through the relayer. */
export async function record(deployment: Deployment, ...steps: [TestFacility, Operation][]) {
  const signed = await Promise.all(
    steps.map(([facility, operation]) => signOperation(deployment.ledger, facility.signer, operation)),
  );
  return deployment.ledger.connect(deployment.relayer).submit(signed);
}

/** A batch of `count` garments with serials 1..count, as StandardMerkleTree over (serial, codeHash). */
export function garmentTree(label: string, count: number) {
  const leaves: [bigint, string][] = [];
  for (let serial = 1; serial <= count; serial++) {
    leaves.push([BigInt(serial), ethers.keccak256(ethers.toUtf8Bytes(`${label} code ${serial}`))]);
  }
  return StandardMerkleTree.of(leaves, ["uint256", "bytes32"]);
}

/** Lots recorded by {stockedFixture}, all held by the factory. */
export const LOTS = {
  fabric: chainKey("FL-0001"),
  bundles: chainKey("CUT-0001"),
  garments: chainKey("SEW-0001"),
};

/**
 * The factory holds fabric FL-0001 (1,200 m, 300 m of it cut), cut bundles CUT-0001 (2,400 pcs, all sewn)
 * and garment batch SEW-0001 (1,200 pcs) committed to a 1,200-garment tree.
 */
export async function stockedFixture() {
  const deployment = await deployFixture();
  const { factory } = deployment.facilities;
  const tree = garmentTree("SEW-0001", 1_200);
  await record(
    deployment,
    [factory, fabricLotOperation({ lotId: LOTS.fabric, facilityId: factory.id, quantity: 1_200_000n })],
    [
      factory,
      cutOperation({
        lotId: LOTS.bundles,
        facilityId: factory.id,
        quantity: 2_400_000n,
        inputs: [{ lotId: LOTS.fabric, quantity: 300_000n, unit: Unit.Metre }],
      }),
    ],
    [
      factory,
      sewOperation({
        lotId: LOTS.garments,
        facilityId: factory.id,
        quantity: 1_200_000n,
        garmentsRoot: tree.root,
        inputs: [{ lotId: LOTS.bundles, quantity: 2_400_000n, unit: Unit.Piece }],
      }),
    ],
  );
  return { ...deployment, tree };
}
