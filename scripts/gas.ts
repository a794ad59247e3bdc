/**
 * Gas table for the Threadproof contract: each operation alone, amortized in batches of 100, a realistic mix,
 * and the cost per garment of a 1,000-garment batch. Run with `npx hardhat run scripts/gas.ts`; the benchmark
 * reuses {@link measureGas}.
 */
import hre from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256, toUtf8Bytes } from "ethers";
import type { Log, Signer } from "ethers";
import type { Threadproof } from "../typechain-types";
import {
  chainKey,
  cutOperation,
  DEMO_PREFIX,
  digestOf,
  fabricLotOperation,
  FacilityRole,
  OperationKind,
  sewOperation,
  shipOperation,
  signOperation,
  signStatusList,
  Unit,
} from "../test/contracts/helpers/operations";
import type { Operation, SignedOperation } from "../test/contracts/helpers/operations";

/** Targets from issue 2. */
export const GAS_TARGETS = { perEventInMix: 45_000, perGarment: 100 } as const;

export interface GasRow {
  /** What was measured. */
  measure: string;
  /** Operations in the transaction. */
  operations: number;
  /** gasUsed of the whole transaction (intrinsic 21,000 and calldata included). */
  transactionGas: number;
  /** The figure the row is about: gas per operation, or per garment. */
  gas: number;
  unit: "gas/op" | "gas/garment";
  /** Target the row is checked against, if any. */
  target?: number;
}

export type MeasureGasReturnType = GasRow[];

const GARMENTS = 1_000;
const BATCH = 100;

/** Garment factories recording their own fabric, cuttings, sewings and shipments, and an exporter. */
const FACTORIES = 4;

interface Setup {
  ledger: Threadproof;
  /** Facility id and signing account of each factory. */
  factories: { id: string; signer: Signer }[];
  exporterId: string;
}

async function deploy(): Promise<Setup> {
  const [admin, ...accounts] = await hre.ethers.getSigners();
  const ledger = (await hre.ethers.deployContract("Threadproof", [admin!.address])) as unknown as Threadproof;
  const register = async (id: string, account: Signer, roles: number) =>
    (
      await ledger.registerFacility(
        id,
        await account.getAddress(),
        "0x564e",
        roles,
        digestOf(`facility ${id}`),
      )
    ).wait();
  const allRoles = FacilityRole.Fabric | FacilityRole.Cutting | FacilityRole.Sewing | FacilityRole.Shipping;
  const factories = [];
  for (let i = 0; i < FACTORIES; i++) {
    const factory = { id: chainKey(`gas-factory-${i}`), signer: accounts[i]! };
    await register(factory.id, factory.signer, allRoles);
    // Each factory sews under the demo GS1 company prefix (the sewing helpers' GTIN).
    await (await ledger.setFacilityGtinPrefixes(factory.id, [DEMO_PREFIX])).wait();
    factories.push(factory);
  }
  const exporterId = chainKey("gas-exporter");
  await register(exporterId, accounts[FACTORIES]!, FacilityRole.Shipping);
  return { ledger, factories, exporterId };
}

/** Submits `operations` in one transaction and returns its gasUsed. */
async function submit(ledger: Threadproof, operations: SignedOperation[]): Promise<number> {
  return (await submitted(ledger, operations)).gasUsed;
}

/** Submits `operations` in one transaction; returns its gasUsed and the EVM's floor for the same work. */
async function submitted(
  ledger: Threadproof,
  operations: SignedOperation[],
): Promise<{ gasUsed: number; floor: number }> {
  const tx = await ledger.submit(operations);
  const receipt = (await tx.wait())!;
  return { gasUsed: Number(receipt.gasUsed), floor: evmFloor(tx.data, receipt.logs, operations) };
}

/**
 * What any contract must pay for these operations with this ABI and these events, assuming every input lot
 * is a cold slot: intrinsic gas, calldata, one new slot per lot (two for a sewing: its garments root), one
 * cold rewrite per input, one ecrecover per operation, and the logs. Everything above it is execution.
 */
function evmFloor(data: string, logs: readonly Log[], operations: SignedOperation[]): number {
  let calldata = 0;
  for (let i = 2; i < data.length; i += 2) calldata += data.slice(i, i + 2) === "00" ? 4 : 16;
  const newSlots = operations.reduce((n, s) => n + (s.operation.kind === OperationKind.Sew ? 2 : 1), 0);
  const inputs = operations.reduce((n, s) => n + s.operation.inputs.length, 0);
  const logGas = logs.reduce(
    (sum, log) => sum + 375 + 375 * log.topics.length + 8 * ((log.data.length - 2) / 2),
    0,
  );
  return (
    21_000 + calldata + newSlots * 22_100 + inputs * (2_100 + 2_900) + operations.length * 3_000 + logGas
  );
}

/** A `count`-garment batch's tree over (serial, code hash), as the service builds it. */
function garmentTreeOf(count: number, label: string): StandardMerkleTree<[bigint, string]> {
  const leaves: [bigint, string][] = [];
  for (let serial = 1; serial <= count; serial++) {
    leaves.push([BigInt(serial), keccak256(toUtf8Bytes(`${label}/${serial}`))]);
  }
  return StandardMerkleTree.of(leaves, ["uint256", "bytes32"]);
}

type Kind =
  "fabric lot" | "cutting" | "sewing (1,000-garment root)" | "shipment, export" | "shipment, transfer";

/** What a measured operation consumes: nothing, or a lot of the kind before it in the chain. */
const INPUT_OF: Record<Kind, "fabric" | "bundles" | "garments" | null> = {
  "fabric lot": null,
  cutting: "fabric",
  "sewing (1,000-garment root)": "bundles",
  "shipment, export": "garments",
  "shipment, transfer": "garments",
};

/**
 * Builds signed operations of one kind, the n-th by factory n mod {@link FACTORIES}. Their inputs are
 * created first, in earlier transactions, so that every input is a cold storage slot as in a live batch.
 */
class Workload {
  private next = 0;
  constructor(
    private readonly setup: Setup,
    private readonly garmentsRoot: string,
  ) {}

  async build(kind: Kind, count: number): Promise<SignedOperation[]> {
    const inputs = await this.inputs(INPUT_OF[kind], count);
    return Promise.all(
      Array.from({ length: count }, (_, n) => {
        const factory = this.setup.factories[n % FACTORIES]!;
        return signOperation(this.setup.ledger, factory.signer, this.operation(kind, factory.id, inputs[n]));
      }),
    );
  }

  /** `count` chains fabric lot -> cutting -> sewing -> export, each by one factory, in recording order. */
  async chains(count: number): Promise<SignedOperation[]> {
    const signed: SignedOperation[] = [];
    for (let n = 0; n < count; n++) {
      const factory = this.setup.factories[n % FACTORIES]!;
      let input: string | undefined;
      for (const kind of [
        "fabric lot",
        "cutting",
        "sewing (1,000-garment root)",
        "shipment, export",
      ] as const) {
        const operation = this.operation(kind, factory.id, input);
        signed.push(await signOperation(this.setup.ledger, factory.signer, operation));
        input = operation.lotId;
      }
    }
    return signed;
  }

  private async inputs(
    of: "fabric" | "bundles" | "garments" | null,
    count: number,
  ): Promise<(string | undefined)[]> {
    if (of === null) return Array.from({ length: count }, () => undefined);
    const kind: Kind =
      of === "fabric" ? "fabric lot" : of === "bundles" ? "cutting" : "sewing (1,000-garment root)";
    const ops = await this.build(kind, count);
    for (let start = 0; start < ops.length; start += BATCH) {
      await submit(this.setup.ledger, ops.slice(start, start + BATCH));
    }
    return ops.map((signed) => signed.operation.lotId);
  }

  private operation(kind: Kind, facilityId: string, input: string | undefined): Operation {
    const lotId = chainKey(`gas-lot-${this.next++}`);
    switch (kind) {
      case "fabric lot":
        return fabricLotOperation({ lotId, facilityId, quantity: 1_200_000n, unit: Unit.Metre });
      case "cutting":
        return cutOperation({
          lotId,
          facilityId,
          quantity: 2_400_000n,
          inputs: [{ lotId: input!, quantity: 300_000n, unit: Unit.Metre }],
        });
      case "sewing (1,000-garment root)":
        return sewOperation({
          lotId,
          facilityId,
          quantity: 1_000_000n,
          garmentsRoot: this.garmentsRoot,
          inputs: [{ lotId: input!, quantity: 2_400_000n, unit: Unit.Piece }],
        });
      case "shipment, export":
      case "shipment, transfer":
        return shipOperation({
          lotId,
          facilityId,
          recipientId: kind === "shipment, transfer" ? this.setup.exporterId : undefined,
          inputs: [{ lotId: input!, quantity: 1_000_000n, unit: Unit.Piece }],
        });
    }
  }
}

/**
 * Measures the gas table on the in-process Hardhat network, on a fresh deployment of its own.
 *
 * @example
 * const rows = await measureGas();
 * console.log(formatGasTable(rows));
 */
export async function measureGas(): Promise<MeasureGasReturnType> {
  const setup = await deploy();
  const garments = garmentTreeOf(GARMENTS, "gas");
  const workload = new Workload(setup, garments.root);
  const { ledger } = setup;
  const rows: GasRow[] = [];
  const row = (measure: string, operations: number, transactionGas: number, target?: number) =>
    rows.push({
      measure,
      operations,
      transactionGas,
      gas: Math.round(transactionGas / operations),
      unit: "gas/op",
      target,
    });

  const kinds = Object.keys(INPUT_OF) as Kind[];
  const alone: Partial<Record<Kind, number>> = {};
  let sewnBatch = "";
  for (const kind of kinds) {
    const operations = await workload.build(kind, 1);
    const gas = await submit(ledger, operations);
    alone[kind] = gas;
    row(`${kind}, alone (batch of 1)`, 1, gas);
    if (kind === "sewing (1,000-garment root)") sewnBatch = operations[0]!.operation.lotId;
  }
  for (const kind of kinds) {
    row(`${kind}, batch of ${BATCH}`, BATCH, await submit(ledger, await workload.build(kind, BATCH)));
  }

  // A relayer's batch: the kinds interleaved in arrival order, each from one of four factories, every input
  // from an earlier transaction (cold storage).
  const mix = { fabric: 10, cuttings: 40, sewings: 40, shipments: 10 };
  const queues = [
    await workload.build("fabric lot", mix.fabric),
    await workload.build("cutting", mix.cuttings),
    await workload.build("sewing (1,000-garment root)", mix.sewings),
    [
      ...(await workload.build("shipment, export", mix.shipments / 2)),
      ...(await workload.build("shipment, transfer", mix.shipments / 2)),
    ],
  ];
  const interleaved: SignedOperation[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next) interleaved.push(next);
    }
  }
  const mixLabel =
    `mix of ${BATCH}: ${mix.fabric} fabric lots, ${mix.cuttings} cuttings, ${mix.sewings} sewings, ` +
    `${mix.shipments} shipments (half export), inputs from earlier transactions`;
  const mixed = await submitted(ledger, interleaved);
  row(mixLabel, BATCH, mixed.gasUsed, GAS_TARGETS.perEventInMix);
  row(`EVM floor of that mix (no contract can do it cheaper with this ABI)`, BATCH, mixed.floor);

  // A factory posting a day's work at once: each chain's inputs were created earlier in the same batch.
  row(
    `mix of ${BATCH}: ${BATCH / 4} x (fabric lot -> cutting -> sewing -> export), inputs from the same batch`,
    BATCH,
    await submit(ledger, await workload.chains(BATCH / 4)),
    GAS_TARGETS.perEventInMix,
  );

  const sewing = alone["sewing (1,000-garment root)"]!;
  rows.push({
    measure: `sewing of ${GARMENTS.toLocaleString("en")} garments, whole transaction per garment`,
    operations: 1,
    transactionGas: sewing,
    gas: Math.round(sewing / GARMENTS),
    unit: "gas/garment",
    target: GAS_TARGETS.perGarment,
  });
  const marginal = sewing - alone.cutting!;
  rows.push({
    measure: `garment commitment alone (sewing minus cutting) per garment`,
    operations: 1,
    transactionGas: marginal,
    gas: Math.round(marginal / GARMENTS),
    unit: "gas/garment",
    target: GAS_TARGETS.perGarment,
  });
  const [serial, codeHash] = garments.at(GARMENTS - 1)!;
  const verifyGas = await ledger.verifyGarment.estimateGas(
    sewnBatch,
    serial,
    codeHash,
    garments.getProof(GARMENTS - 1),
  );
  row(
    `verifyGarment in a ${GARMENTS.toLocaleString("en")}-garment batch (a free view; estimateGas)`,
    1,
    Number(verifyGas),
  );
  // A status list version's anchor, signed by its certifier and relayed: the first one (a new list) and an
  // update (a revocation published).
  const certifierAccount = (await hre.ethers.getSigners())[FACTORIES + 2]!;
  const certifierId = chainKey("gas-certifier");
  await (await ledger.registerCertifier(certifierId, certifierAccount.address)).wait();
  const listId = chainKey("gas-certifier/1");
  for (const [version, label] of [
    [1, "anchorStatusList, a new list (certifier-signed, relayed)"],
    [2, "anchorStatusList, the list's next version"],
  ] as const) {
    const signed = await signStatusList(ledger, certifierAccount, {
      listId,
      version,
      digest: digestOf(`gas status list version ${version}`),
      certifierId,
    });
    row(label, 1, Number((await (await ledger.anchorStatusList(...signed)).wait())!.gasUsed));
  }
  return rows;
}

/** The table as aligned text with a PASS/MISS column. */
export function formatGasTable(rows: GasRow[]): string {
  const header = ["measure", "ops", "tx gas", "gas", "per", "target", "result"];
  const body = rows.map((r) => [
    r.measure,
    String(r.operations),
    r.transactionGas.toLocaleString("en"),
    r.gas.toLocaleString("en"),
    r.unit === "gas/op" ? "op" : "garment",
    r.target === undefined ? "" : `<= ${r.target.toLocaleString("en")}`,
    r.target === undefined ? "" : r.gas <= r.target ? "PASS" : "MISS",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    "| " +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ") +
    " |";
  return [line(header), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...body.map(line)].join(
    "\n",
  );
}

if (require.main === module) {
  measureGas()
    .then((rows) => console.log(formatGasTable(rows)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
