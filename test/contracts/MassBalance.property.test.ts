/**
 * Randomized model test: hundreds of random operations, valid and invalid, from a seeded generator. An
 * independent in-test model predicts each outcome (the exact error of a failing operation, or the new state);
 * after every step the chain must equal the model, every lot must keep remaining <= quantity, and every
 * consumed quantity must be accounted for by LotConsumed events.
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroHash } from "ethers";
import type { ContractTransactionReceipt, Signer } from "ethers";
import { deployFixture } from "./helpers/fixture";
import type { TestFacility } from "./helpers/fixture";
import { innerError } from "./helpers/errors";
import {
  chainKey,
  digestOf,
  FacilityRole,
  LotKind,
  DEMO_GTIN,
  OperationKind,
  signOperation,
  Unit,
} from "./helpers/operations";
import type { LotInput, Operation } from "./helpers/operations";
import { mulberry32 } from "../support/seeded-random";

/** Helpers over the shared seeded PRNG, so that a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    big: (min: bigint, max: bigint) => min + BigInt(Math.floor(next() * Number(max - min + 1n))),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

interface ModelLot {
  /** The operation that created the lot. */
  createdBy: number;
  kind: number;
  unit: number;
  holder: string;
  quantity: bigint;
  remaining: bigint;
}
interface ModelFacility {
  facility: TestFacility;
  suspended: boolean;
}
interface Model {
  facilities: Map<string, ModelFacility>;
  lots: Map<string, ModelLot>;
}
interface Failure {
  name: string;
  args: unknown[];
}

function cloneModel(model: Model): Model {
  return {
    facilities: new Map([...model.facilities].map(([id, f]) => [id, { ...f }])),
    lots: new Map([...model.lots].map(([id, lot]) => [id, { ...lot }])),
  };
}

const ROLE_OF = {
  [OperationKind.RegisterFabricLot]: FacilityRole.Fabric,
  [OperationKind.Cut]: FacilityRole.Cutting,
  [OperationKind.Sew]: FacilityRole.Sewing,
  [OperationKind.Ship]: FacilityRole.Shipping,
} as const;

/**
 * The specification of one operation, written independently of the contract: applies `op` signed by
 * `signer` to `model` and returns null, or returns the failure the contract must report.
 */
function applyOperation(model: Model, op: Operation, signer: string): Failure | null {
  const fail = (name: string, ...args: unknown[]): Failure => ({ name, args });
  const actor = model.facilities.get(op.facilityId);
  if (!actor) return fail("FacilityUnknown", op.facilityId);
  if (actor.suspended) return fail("FacilitySuspended", op.facilityId);
  if (signer !== actor.facility.signer.address)
    return fail("OperationInvalidSignature", op.facilityId, signer);
  const role = ROLE_OF[op.kind as keyof typeof ROLE_OF];
  if ((actor.facility.roles & role) === 0) return fail("FacilityMissingRole", op.facilityId, role);
  const malformed = () => fail("OperationMalformed", op.lotId, op.kind);

  const create = (kind: number, holder: string, remaining: bigint): Failure | null => {
    if (model.lots.has(op.lotId)) return fail("LotAlreadyExists", op.lotId);
    if (op.quantity === 0n) return fail("LotZeroQuantity", op.lotId);
    model.lots.set(op.lotId, {
      createdBy: op.kind,
      kind,
      unit: op.unit,
      holder,
      quantity: op.quantity,
      remaining,
    });
    return null;
  };
  const consume = (expectedKind: number, isShipment: boolean): Failure | null => {
    let total = 0n;
    for (const input of op.inputs) {
      if (input.lotId === op.lotId) return malformed();
      const lot = model.lots.get(input.lotId);
      if (!lot) return fail("LotUnknown", input.lotId);
      if (lot.holder !== op.facilityId) return fail("LotNotHeld", input.lotId, lot.holder, op.facilityId);
      if (lot.kind !== expectedKind) return fail("LotWrongKind", input.lotId, expectedKind, lot.kind);
      if (input.unit !== lot.unit) return fail("LotUnitMismatch", input.lotId, lot.unit, input.unit);
      if (isShipment && lot.unit !== op.unit) return fail("LotUnitMismatch", input.lotId, op.unit, lot.unit);
      if (input.quantity === 0n) return fail("LotZeroQuantity", input.lotId);
      if (input.quantity > lot.remaining) {
        return fail("LotInsufficientQuantity", input.lotId, input.quantity, lot.remaining);
      }
      lot.remaining -= input.quantity;
      total += input.quantity;
    }
    if (isShipment && total !== op.quantity)
      return fail("ShipmentQuantityMismatch", op.lotId, op.quantity, total);
    return null;
  };

  switch (op.kind) {
    case OperationKind.RegisterFabricLot:
      if (op.inputs.length > 0 || op.garmentsRoot !== ZeroHash || op.recipientId !== ZeroHash)
        return malformed();
      if (op.unit !== Unit.Metre && op.unit !== Unit.Kilogram) {
        return fail("LotUnitMismatch", op.lotId, Unit.Metre, op.unit);
      }
      return create(LotKind.Fabric, op.facilityId, op.quantity);
    case OperationKind.Cut:
    case OperationKind.Sew: {
      const sewing = op.kind === OperationKind.Sew;
      if (
        op.inputs.length === 0 ||
        op.recipientId !== ZeroHash ||
        (op.garmentsRoot === ZeroHash) === sewing
      ) {
        return malformed();
      }
      if (op.unit !== Unit.Piece) return fail("LotUnitMismatch", op.lotId, Unit.Piece, op.unit);
      return (
        create(sewing ? LotKind.GarmentBatch : LotKind.CutBundles, op.facilityId, op.quantity) ??
        consume(sewing ? LotKind.CutBundles : LotKind.Fabric, false)
      );
    }
    default: {
      if (op.inputs.length === 0 || op.garmentsRoot !== ZeroHash || op.recipientId === op.facilityId) {
        return malformed();
      }
      if (op.unit === Unit.None) return fail("LotUnitMismatch", op.lotId, op.inputs[0]!.unit, Unit.None);
      if (op.recipientId === ZeroHash) {
        return create(LotKind.Shipment, op.facilityId, 0n) ?? consume(LotKind.GarmentBatch, true);
      }
      const recipient = model.facilities.get(op.recipientId);
      if (!recipient) return fail("FacilityUnknown", op.recipientId);
      if (recipient.suspended) return fail("FacilitySuspended", op.recipientId);
      const kind = model.lots.get(op.inputs[0]!.lotId)?.kind ?? LotKind.None;
      return create(kind, op.recipientId, op.quantity) ?? consume(kind, true);
    }
  }
}

/** Random operations, mostly plausible (so that lots flow down the chain), sometimes wrong on purpose. */
function randomOperation(rng: Rng, model: Model, facilities: TestFacility[], serial: number): Operation {
  const active = facilities.filter((f) => !model.facilities.get(f.id)!.suspended);
  const facility = rng.chance(0.02)
    ? undefined
    : rng.chance(0.95) && active.length > 0
      ? rng.pick(active)
      : rng.pick(facilities);
  const facilityId = facility?.id ?? chainKey(`unknown facility ${serial}`);
  const existing = [...model.lots.keys()];
  const lotId = rng.chance(0.02) && existing.length > 0 ? rng.pick(existing) : chainKey(`lot ${serial}`);
  const heldBy = (kind: number) =>
    existing.filter((id) => {
      const lot = model.lots.get(id)!;
      return lot.holder === facilityId && lot.kind === kind && lot.remaining > 0n;
    });
  const inputKindsOf = (kind: number): number[] =>
    kind === OperationKind.Cut
      ? [LotKind.Fabric]
      : kind === OperationKind.Sew
        ? [LotKind.CutBundles]
        : [LotKind.GarmentBatch, LotKind.Fabric, LotKind.CutBundles];

  // Mostly a step the facility may take with what it holds, so that lots flow down the chain.
  const viable = [0, 1, 2, 3].filter(
    (kind) =>
      facility !== undefined &&
      (facility.roles & ROLE_OF[kind as 0 | 1 | 2 | 3]) !== 0 &&
      (kind === OperationKind.RegisterFabricLot || inputKindsOf(kind).some((k) => heldBy(k).length > 0)),
  );
  const kind = rng.chance(0.95) && viable.length > 0 ? rng.pick(viable) : rng.int(0, 3);
  const stocked = inputKindsOf(kind).filter((k) => heldBy(k).length > 0);
  const heldKind = stocked.length > 0 ? rng.pick(stocked) : inputKindsOf(kind)[0]!;
  const held = heldBy(heldKind);

  let inputCount = rng.chance(0.02) ? 0 : rng.int(1, 2);
  if (kind === OperationKind.RegisterFabricLot) inputCount = rng.chance(0.02) ? 1 : 0;
  const inputs: LotInput[] = [];
  for (let i = 0; i < inputCount; i++) {
    const roll = rng.next();
    let inputId: string;
    if (roll < 0.94 && held.length > 0) inputId = rng.pick(held);
    else if (roll < 0.97 && existing.length > 0) inputId = rng.pick(existing);
    else if (roll < 0.99) inputId = chainKey(`unknown lot ${serial}/${i}`);
    else inputId = lotId;
    const lot = model.lots.get(inputId);
    const remaining = lot?.remaining ?? 1_000n;
    const q = rng.next();
    let quantity: bigint;
    if (q < 0.02) quantity = 0n;
    else if (q < 0.06) quantity = remaining + rng.big(1n, 10n);
    else if (q < 0.25) quantity = remaining;
    else quantity = rng.big(1n, remaining > 1n ? remaining / 2n : 1n);
    const unit = lot && rng.chance(0.98) ? lot.unit : rng.int(0, 3);
    inputs.push({ lotId: inputId, quantity, unit });
  }

  const inputSum = inputs.reduce((sum, input) => sum + input.quantity, 0n);
  let quantity: bigint;
  let unit: number;
  if (kind === OperationKind.Ship) {
    quantity = rng.chance(0.95) ? inputSum : inputSum + rng.big(1n, 3n) * (rng.chance(0.5) ? 1n : -1n);
    if (quantity < 0n) quantity = 0n;
    unit = rng.chance(0.98) ? (inputs[0]?.unit ?? Unit.Piece) : rng.int(0, 3);
  } else if (kind === OperationKind.RegisterFabricLot) {
    quantity = rng.chance(0.02) ? 0n : rng.big(1n, 5_000_000n);
    unit = rng.chance(0.97) ? rng.pick([Unit.Metre, Unit.Kilogram]) : rng.pick([Unit.None, Unit.Piece]);
  } else {
    quantity = rng.chance(0.02) ? 0n : rng.big(1n, 5_000_000n);
    unit = rng.chance(0.98) ? Unit.Piece : rng.int(0, 2);
  }

  const wantsRoot = (kind === OperationKind.Sew) !== rng.chance(0.02);
  const garmentsRoot = wantsRoot ? chainKey(`root ${serial}`) : ZeroHash;
  let recipientId = ZeroHash;
  const r = rng.next();
  if (kind === OperationKind.Ship) {
    // Only garment batches may be exported; anything else mostly goes to another facility.
    if (r < (heldKind === LotKind.GarmentBatch ? 0.45 : 0.03)) recipientId = ZeroHash;
    else if (r < 0.95) recipientId = rng.pick(facilities.filter((f) => f.id !== facilityId)).id;
    else if (r < 0.98) recipientId = chainKey(`unknown recipient ${serial}`);
    else recipientId = facilityId;
  } else if (r < 0.01) {
    recipientId = rng.pick(facilities).id;
  }
  return {
    kind,
    lotId,
    facilityId,
    inputs,
    quantity,
    unit,
    garmentsRoot,
    recipientId,
    recordDigest: digestOf(`record ${serial}`),
    gtin: kind === OperationKind.Sew ? DEMO_GTIN : 0n,
  };
}

describe("Threadproof: mass balance under random operations", function () {
  for (const seed of [20260301, 7, 424242]) {
    it(`keeps the chain equal to the model and every lot balanced (seed ${seed})`, async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, operator, relayer, stranger } = deployment;
      const facilities = Object.values(deployment.facilities);
      const rng = prng(seed);
      let model: Model = {
        facilities: new Map(facilities.map((facility) => [facility.id, { facility, suspended: false }])),
        lots: new Map(),
      };
      const signers = new Map<string, Signer>(facilities.map((f) => [f.id, f.signer]));
      // Chain-side accounting, from events only: what each lot was created with and what was consumed from it.
      const created = new Map<string, bigint>();
      const consumedFrom = new Map<string, bigint>();
      const consumedInto = new Map<string, bigint>();
      const account = (receipt: ContractTransactionReceipt) => {
        for (const log of receipt.logs) {
          const event = ledger.interface.parseLog(log);
          if (event?.name === "LotRecorded") created.set(event.args.lotId, event.args.quantity);
          if (event?.name === "LotConsumed") {
            const { lotId, intoLotId, quantity } = event.args;
            consumedFrom.set(lotId, (consumedFrom.get(lotId) ?? 0n) + quantity);
            consumedInto.set(intoLotId, (consumedInto.get(intoLotId) ?? 0n) + quantity);
          }
        }
      };

      const steps = 200;
      let operations = 0;
      const failures = new Set<string>();
      for (let step = 0; step < steps; step++) {
        if (rng.chance(0.03)) {
          // The operator suspends a facility, or reinstates a suspended one.
          const suspended = facilities.filter((f) => model.facilities.get(f.id)!.suspended);
          const target = model.facilities.get(
            suspended.length > 0 && rng.chance(0.7) ? rng.pick(suspended).id : rng.pick(facilities).id,
          )!;
          target.suspended = !target.suspended;
          await ledger.connect(operator).setFacilitySuspended(target.facility.id, target.suspended);
          continue;
        }
        const size = rng.chance(0.1) ? rng.int(2, 4) : 1;
        const next = cloneModel(model);
        const batch = [];
        let predicted: { index: number; failure: Failure } | null = null;
        for (let index = 0; index < size; index++) {
          const op = randomOperation(rng, next, facilities, step * 10 + index);
          const signer = rng.chance(0.02) ? stranger : (signers.get(op.facilityId) ?? stranger);
          batch.push(await signOperation(ledger, signer, op));
          const failure: Failure | null = predicted
            ? null
            : applyOperation(next, op, await signer.getAddress());
          if (failure) predicted = { index, failure };
        }
        operations += size;

        const tx = ledger.connect(relayer).submit(batch);
        if (predicted) {
          failures.add(predicted.failure.name);
          await expect(tx, `step ${step}`)
            .to.be.revertedWithCustomError(ledger, "BatchOperationFailed")
            .withArgs(predicted.index, innerError(ledger, predicted.failure.name, predicted.failure.args));
        } else {
          account((await (await tx).wait())!);
          model = next;
        }

        // The chain equals the model, every lot is balanced, and events account for every unit consumed.
        const ids = [...model.lots.keys()];
        const onChain = await Promise.all(ids.map((id) => ledger.lot(id)));
        ids.forEach((id, i) => {
          const expected = model.lots.get(id)!;
          const actual = onChain[i]!;
          const where = `lot ${id} after step ${step} (seed ${seed})`;
          expect(
            [actual.kind, actual.unit, actual.facilityId, actual.quantity, actual.remaining],
            where,
          ).to.deep.equal([
            BigInt(expected.kind),
            BigInt(expected.unit),
            expected.holder,
            expected.quantity,
            expected.remaining,
          ]);
          expect(actual.remaining <= actual.quantity, where).to.equal(true);
          expect(created.get(id), `${where}: LotRecorded quantity`).to.equal(actual.quantity);
          // What left the lot is what LotConsumed events say left it (an export is spent at birth).
          const spent = expected.kind === LotKind.Shipment ? 0n : actual.quantity - actual.remaining;
          expect(consumedFrom.get(id) ?? 0n, `${where}: consumed from it`).to.equal(spent);
          // Nothing appears from nowhere: a shipment holds exactly what its inputs gave up; a cutting or
          // sewing consumed something; only a fabric lot comes from nothing on chain.
          const intoIt = consumedInto.get(id) ?? 0n;
          if (expected.createdBy === OperationKind.Ship)
            expect(intoIt, `${where}: shipped`).to.equal(actual.quantity);
          else if (expected.createdBy === OperationKind.RegisterFabricLot) expect(intoIt, where).to.equal(0n);
          else expect(intoIt > 0n, `${where}: made from inputs`).to.equal(true);
        });
      }
      expect(operations, "operations generated").to.be.greaterThan(190);
      expect(failures.size, `kinds of failure seen: ${[...failures].join(", ")}`).to.be.greaterThan(9);
      expect(model.lots.size, "some operations must succeed").to.be.greaterThan(80);
      const kinds = new Set([...model.lots.values()].map((lot) => lot.createdBy));
      expect(kinds.size, "every operation kind succeeded at least once").to.equal(4);
    });
  }
});
