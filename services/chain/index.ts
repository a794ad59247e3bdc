/**
 * The chain layer: `createLedger()` gives the service a {@link Ledger} over a chain it runs itself — the
 * in-process Hardhat network (EDR, default: restored by replaying the whole journal) or a supervised anvil
 * child process (restored from its latest snapshot plus the journal's tail, see anvil-engine.ts) — or over any
 * EVM JSON-RPC node (`rpcUrl`), whose mined transactions are journalled too. The same relayer, signing and
 * decoding serve all three. On the two embedded engines history is read from the log archive (log-archive.ts),
 * so the node may drop old blocks; a lot's record read from it is checked against its batch's root on chain.
 */
import { getCreateAddress, keccak256, Wallet } from "ethers";
import { join } from "node:path";
import {
  AppError,
  ChainArchiveMismatchError,
  ForbiddenError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from "../errors";
import { isNodeUnreachable, startAnvilEngine, type AnvilEngine } from "./anvil-engine";
import { openChainStore, type ChainStore } from "./chain-store";
import { loadThreadproofArtifact } from "./contract";
import { decodeRevert, toAppError } from "./contract-errors";
import {
  anchorDigest,
  codeFromBytes32,
  codeToBytes32,
  countryFromBytes2,
  countryToBytes2,
  domainSeparator,
  fromChainAmount,
  gtinPrefixFromChain,
  gtinPrefixToChain,
  lotKindFromIndex,
  operationDigest,
  revocationDigest,
  rolesFromBits,
  rolesToBits,
  rotationDigest,
  statusListDigest,
  toContractOperation,
  unitFromIndex,
  ZERO_HASH,
} from "./encoding";
import { batchRootOfLogs } from "./batch-root";
import { decodeLogs, type Log } from "./events";
import type { ArchivedLog } from "./log-archive";
import { chainKey } from "./keys";
import type { Hex, Ledger, LedgerEvent, LedgerOperation, MinedListener, Receipt } from "./ledger";
import { createRelayer } from "./relayer";
import { createEmbeddedRpc, createHttpRpc, RpcError, type RpcClient } from "./rpc";
import { signDigest } from "./signing";
import { createTxSender, replayJournal, type MinedTransaction } from "./tx-sender";

export type * from "./ledger";
export { chainKey } from "./keys";

export interface LedgerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LedgerConfig {
  /** Where the journal, keys and settings live (`<dataDir>/chain`). */
  dataDir: string;
  /** An EVM JSON-RPC endpoint; without it the service runs its own chain (`engine`). */
  rpcUrl?: string;
  /** The chain the service runs without `rpcUrl` (CHAIN_ENGINE): a supervised anvil (the service's default, see services/config) or in-process EDR (when not named here). */
  engine?: "edr" | "anvil";
  /** On the anvil engine, transactions between state snapshots (default 1,000). */
  snapshotEvery?: number;
  /** The relayer's key on an external node; on a Hardhat node (chain id 31337) its first dev account by default. */
  relayerPrivateKey?: string;
  /** An already deployed contract on the external node (e.g. a second service instance). */
  contractAddress?: string;
  logger?: LedgerLogger;
  /** How long a write waits for its receipt on an external node before it is refused (default 120 s). */
  receiptDeadlineMs?: number;
  /** Operations per transaction at most (default 200). */
  maxBatch?: number;
  /** How long a batch waits to fill (default 4 ms). */
  flushDelayMs?: number;
}

type ChainEngine = "edr" | "anvil" | "external";

export interface CreatedLedger extends Ledger {
  /** Transactions replayed from the journal at start (or re-sent to an external node that had lost them). */
  readonly restoredTransactions: number;
  readonly restoreMs: number;
}

const EMBEDDED_CHAIN_ID = 31337;
const EMBEDDED_GENESIS = "2026-01-01T00:00:00Z";
const EMBEDDED_BLOCK_GAS_LIMIT = 100_000_000;
/** Hardhat's first development account: public knowledge, only ever used against a Hardhat node. */
const HARDHAT_DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const silentLogger: LedgerLogger = { info() {}, warn() {}, error() {} };

function relayerKey(store: ChainStore, config: LedgerConfig, chainId: number | null): Hex {
  if (config.rpcUrl === undefined) {
    const stored = store.getKey("relayer");
    if (stored !== undefined) return stored.privateKey;
    const wallet = Wallet.createRandom();
    store.putKey("relayer", wallet.address, wallet.privateKey as Hex);
    return wallet.privateKey as Hex;
  }
  if (config.relayerPrivateKey !== undefined) return config.relayerPrivateKey as Hex;
  if (chainId === EMBEDDED_CHAIN_ID) return HARDHAT_DEV_KEY;
  throw new Error("RELAYER_PRIVATE_KEY is required for a chain that is not a Hardhat node");
}

/** Starts the chain layer. On the embedded chain, replays the journal first, then deploys on first start. */
export async function createLedger(config: LedgerConfig): Promise<CreatedLedger> {
  const logger = config.logger ?? silentLogger;
  const store = openChainStore(join(config.dataDir, "chain"));
  const { iface, bytecode } = loadThreadproofArtifact();
  const embedded = config.rpcUrl === undefined;

  const engine: ChainEngine = embedded ? (config.engine ?? "edr") : "external";
  let rpc: RpcClient;
  let anvil: AnvilEngine | undefined;
  let restoredTransactions = 0;
  const restoreStarted = performance.now();
  if (engine === "edr") {
    rpc = await createEmbeddedRpc({
      chainId: EMBEDDED_CHAIN_ID,
      initialDate: EMBEDDED_GENESIS,
      blockGasLimit: EMBEDDED_BLOCK_GAS_LIMIT,
      relayerPrivateKey: relayerKey(store, config, null),
    });
    restoredTransactions = await replayJournal(rpc, store.journal());
  } else if (engine === "anvil") {
    try {
      anvil = await startAnvilEngine({
        chainDir: join(config.dataDir, "chain"),
        store,
        chainId: EMBEDDED_CHAIN_ID,
        gasLimit: EMBEDDED_BLOCK_GAS_LIMIT,
        genesisTimestamp: Date.parse(EMBEDDED_GENESIS) / 1000,
        relayerAddress: new Wallet(relayerKey(store, config, null)).address,
        ...(config.snapshotEvery !== undefined ? { snapshotEvery: config.snapshotEvery } : {}),
        logger,
      });
    } catch (error) {
      store.close();
      throw error;
    }
    rpc = anvil.rpc;
    restoredTransactions = anvil.restoredTransactions;
  } else {
    rpc = createHttpRpc(config.rpcUrl as string);
  }
  const restoreMs = performance.now() - restoreStarted;
  if (restoredTransactions > 0) {
    logger.info(
      { engine, transactions: restoredTransactions, ms: Math.round(restoreMs) },
      "restored the embedded chain",
    );
  }

  const chainId = Number(BigInt(await rpc.request<Hex>("eth_chainId")));
  const wallet = new Wallet(relayerKey(store, config, chainId));
  const sender = await createTxSender({
    rpc: anvil?.senderRpc ?? rpc,
    wallet,
    chainId,
    ...(embedded ? { journal: store, archive: store } : { minedJournal: store }),
    ...(anvil !== undefined
      ? {
          // anvil mines just after it answers: its receipt is there within a millisecond or two.
          receiptPollMs: 2,
          node: {
            afterSend: () => anvil.afterSend(),
            recover: () => anvil.recover(),
            isUnreachable: isNodeUnreachable,
          },
        }
      : {}),
    logger,
    ...(config.receiptDeadlineMs !== undefined ? { receiptDeadlineMs: config.receiptDeadlineMs } : {}),
  });
  anvil?.setExclusive((task) => sender.exclusive(task));
  if (sender.resentAtStart > 0) restoredTransactions = sender.resentAtStart;
  if (embedded) await archiveMissed();

  /**
   * Archives what was mined but not archived when the service stopped (a crash between the two): at most the
   * journal's last transaction, which the start just replayed, so the node holds its receipt.
   */
  async function archiveMissed(): Promise<void> {
    for (const { txHash, timestamp } of store.unarchivedTransactions()) {
      const receipt = await rpc.request<{ blockNumber: Hex; logs: Log[] } | null>(
        "eth_getTransactionReceipt",
        [txHash],
      );
      if (receipt === null) {
        await rpc.close();
        await anvil?.close();
        store.close();
        throw new Error(`The chain holds no receipt of journalled transaction ${txHash} to archive`);
      }
      store.archiveTransaction({
        txHash,
        blockNumber: Number(BigInt(receipt.blockNumber)),
        blockTimestamp: timestamp,
        logs: receipt.logs,
      });
    }
  }

  const listeners: MinedListener[] = [];
  async function afterMined(tx: MinedTransaction): Promise<LedgerEvent[]> {
    const events = decodeLogs(iface, tx.logs, tx.blockTimestamp);
    for (const listener of listeners) {
      try {
        await listener(events);
      } catch (error) {
        // The write is on chain and journalled; a failing listener must not turn it into an error.
        logger.error({ err: error, txHash: tx.txHash }, "a mined-block listener failed");
      }
    }
    return events;
  }

  let contractAddress: string;
  try {
    contractAddress = await ensureDeployed();
  } catch (error) {
    await rpc.close();
    await anvil?.close();
    store.close();
    throw error;
  }

  async function hasCode(address: string): Promise<boolean> {
    return (await rpc.request<string>("eth_getCode", [address, "latest"])) !== "0x";
  }

  async function ensureDeployed(): Promise<string> {
    const settingName = `contract:${chainId}`;
    // Which contract code this data dir deployed: a journal replays the code it was written with, so a data
    // dir from another version of the contract would come back with a contract this service cannot talk to.
    const codeSetting = `contract-code:${chainId}`;
    const codeHash = keccak256(bytecode);
    const known = config.contractAddress ?? store.getSetting(settingName);
    if (known !== undefined && (await hasCode(known))) {
      if (config.contractAddress === undefined && store.getSetting(codeSetting) !== codeHash) {
        throw new Error(
          `The data directory's chain was deployed with another version of the Threadproof contract (${known}); ` +
            "this version cannot use it. Start with a fresh DATA_DIR (see the README on upgrading).",
        );
      }
      return known;
    }
    if (config.contractAddress !== undefined) {
      throw new Error(`No contract is deployed at the configured CONTRACT_ADDRESS ${config.contractAddress}`);
    }
    const data = (bytecode + iface.encodeDeploy([wallet.address]).slice(2)) as Hex;
    const expected = getCreateAddress({ from: wallet.address, nonce: await nonceOf(wallet.address) });
    const mined = await sender.send({ to: null, data, gasLimit: 15_000_000n });
    if (mined.status !== 1 || mined.contractAddress === null)
      throw new Error("Deploying the Threadproof contract failed");
    if (mined.contractAddress.toLowerCase() !== expected.toLowerCase())
      throw new Error("Unexpected contract address");
    store.setSetting(settingName, mined.contractAddress);
    store.setSetting(codeSetting, codeHash);
    logger.info({ contractAddress: mined.contractAddress, chainId }, "deployed the Threadproof contract");
    return mined.contractAddress;
  }

  async function nonceOf(address: string): Promise<number> {
    return Number(BigInt(await rpc.request<Hex>("eth_getTransactionCount", [address, "pending"])));
  }

  const domain = domainSeparator(chainId, contractAddress);
  const relayer = createRelayer({
    rpc,
    sender,
    iface,
    contractAddress,
    maxBatch: config.maxBatch ?? 200,
    flushDelayMs: config.flushDelayMs ?? 4,
    estimateGas: !embedded,
    blockGasLimit: EMBEDDED_BLOCK_GAS_LIMIT,
    afterMined: async (tx) => {
      await afterMined(tx);
    },
  });

  async function call(
    functionName: string,
    args: unknown[],
  ): Promise<ReturnType<typeof iface.decodeFunctionResult>> {
    const data = iface.encodeFunctionData(functionName, args);
    let result: Hex;
    try {
      result = await rpc.request<Hex>("eth_call", [{ to: contractAddress, data }, "latest"]);
    } catch (error) {
      // A node that does not answer is a 503 for the caller, not an internal error.
      if (isNodeUnreachable(error)) {
        throw new UnavailableError("The chain could not be reached", { cause: error });
      }
      throw error;
    }
    return iface.decodeFunctionResult(functionName, result);
  }

  /** Sends one direct transaction from the relayer (operator and certifier actions). */
  async function transact(
    functionName: string,
    args: unknown[],
    names: Map<string, string>,
  ): Promise<Receipt> {
    const data = iface.encodeFunctionData(functionName, args) as Hex;
    try {
      // Simulate first: direct actions are rare, and a refused one then never reaches the chain or journal.
      await rpc.request("eth_call", [{ from: wallet.address, to: contractAddress, data }, "latest"]);
    } catch (error) {
      const decoded = error instanceof RpcError ? decodeRevert(iface, error.data) : null;
      if (decoded !== null) throw toAppError(decoded.error, names);
      throw new UnavailableError("The chain could not be reached; nothing was recorded", { cause: error });
    }
    const mined = await sender.send({ to: contractAddress, data, gasLimit: 1_000_000n });
    if (mined.status !== 1) throw new AppError("CHAIN_REJECTED", `The chain refused ${functionName}`);
    await afterMined(mined);
    return { txHash: mined.txHash, blockNumber: mined.blockNumber };
  }

  const signingKeys = new Map<string, Hex>();
  function facilityKey(facilityId: string): Hex {
    let key = signingKeys.get(facilityId);
    if (key === undefined) {
      key = store.getKey(`facility:${facilityId}`)?.privateKey;
      if (key === undefined)
        throw new ForbiddenError(`The service holds no signing key for facility '${facilityId}'`);
      signingKeys.set(facilityId, key);
    }
    return key;
  }

  // Certifier keys, by generation: `certifier:<id>` is the first, `certifier:<id>@2` the one after the first
  // rotation, and so on. Every generation is kept: the chain names the account each certificate was signed with.
  const certifierOwner = (certifierId: string, generation: number) =>
    generation === 1 ? `certifier:${certifierId}` : `certifier:${certifierId}@${generation}`;
  function certifierGenerations(certifierId: string): { address: string; privateKey: Hex }[] {
    const keys: { address: string; privateKey: Hex }[] = [];
    for (let generation = 1; ; generation++) {
      const key = store.getKey(certifierOwner(certifierId, generation));
      if (key === undefined) return keys;
      keys.push({ address: key.address, privateKey: key.privateKey });
    }
  }
  /** The certifier's key for the account the chain holds now (a key stored before a rotation was sent is not). */
  async function currentCertifierKey(certifierId: string): Promise<{ address: string; privateKey: Hex }> {
    const onChain = await ledger.getCertifier(certifierId);
    if (onChain === null) throw new NotFoundError("Certifier", certifierId);
    const key = certifierGenerations(certifierId).find(
      (candidate) => candidate.address.toLowerCase() === onChain.account.toLowerCase(),
    );
    if (key === undefined)
      throw new ForbiddenError(`The service holds no signing key for certifier '${certifierId}'`);
    return key;
  }

  // By block hash where the node gives it: a node that lost blocks mines others under the same numbers.
  const blockTimestamps = new Map<string, number>();
  async function blockTimestamp(blockNumber: number, blockHash?: Hex): Promise<number> {
    const cacheKey = blockHash ?? `#${blockNumber}`;
    let timestamp = blockTimestamps.get(cacheKey);
    if (timestamp === undefined) {
      const block =
        blockHash !== undefined
          ? await rpc.request<{ timestamp: Hex }>("eth_getBlockByHash", [blockHash, false])
          : await rpc.request<{ timestamp: Hex }>("eth_getBlockByNumber", [
              `0x${blockNumber.toString(16)}`,
              false,
            ]);
      timestamp = Number(BigInt(block.timestamp));
      if (blockTimestamps.size > 10_000) blockTimestamps.clear();
      blockTimestamps.set(cacheKey, timestamp);
    }
    return timestamp;
  }
  const logTimestamp = (log: Log) => blockTimestamp(Number(BigInt(log.blockNumber)), log.blockHash);

  const contractLogs = (logs: ArchivedLog[]) =>
    logs.filter((log) => log.address.toLowerCase() === contractAddress.toLowerCase());
  const decodeArchived = (logs: ArchivedLog[]) =>
    contractLogs(logs).flatMap((log) => decodeLogs(iface, [log], log.blockTimestamp));

  /**
   * The contract's events whose first indexed id is `key`, in chain order: from the archive on a chain the
   * service runs (the node may have forgotten old blocks' logs), else from the node.
   */
  async function eventsByKey(key: Hex, topic0s: Hex[]): Promise<LedgerEvent[]> {
    if (embedded) return decodeArchived(store.archivedLogsByKey(key, topic0s));
    const logs = await rpc.request<Log[]>("eth_getLogs", [
      { address: contractAddress, fromBlock: "0x0", toBlock: "latest", topics: [topic0s, key] },
    ]);
    const events: LedgerEvent[] = [];
    for (const log of logs) {
      events.push(...decodeLogs(iface, [log], await logTimestamp(log)));
    }
    return events;
  }

  /** Every log of the contract in transaction `txHash`: from the archive, or the node's receipt. */
  async function logsOfTransaction(txHash: Hex): Promise<ArchivedLog[]> {
    return (await heldLogsOfTransaction(txHash)) ?? [];
  }

  /** As {@link logsOfTransaction}, but null when the chain does not hold the transaction (yet). */
  async function heldLogsOfTransaction(txHash: Hex): Promise<ArchivedLog[] | null> {
    if (embedded) {
      if (store.archivedTransaction(txHash) === undefined) return null;
      return contractLogs(store.archivedLogsOfTransaction(txHash));
    }
    const receipt = await rpc.request<{ blockNumber: Hex; blockHash?: Hex; logs: Log[] } | null>(
      "eth_getTransactionReceipt",
      [txHash],
    );
    if (receipt === null) return null;
    const timestamp = await blockTimestamp(Number(BigInt(receipt.blockNumber)), receipt.blockHash);
    return contractLogs(receipt.logs.map((log) => ({ ...log, blockTimestamp: timestamp })));
  }

  /**
   * Checks every batch among archived `logs` against the root the chain stores for it, so that a rebuild from
   * the archive indexes no lot record the chain does not back: one `eth_call` per batch. Transactions that
   * are not batches (registrations, certificates, status lists) leave state the pages read directly.
   */
  async function checkBatches(logs: ArchivedLog[]): Promise<void> {
    const batchTopic = iface.getEvent("BatchRecorded")!.topicHash;
    const batchOnly = new Set(
      ["LotRecorded", "LotConsumed", "GarmentsCommitted", "EventsCommitted", "LotShipped"].map(
        (name) => iface.getEvent(name)!.topicHash,
      ),
    );
    const byTransaction = new Map<Hex, ArchivedLog[]>();
    for (const log of logs) {
      const group = byTransaction.get(log.transactionHash);
      if (group === undefined) byTransaction.set(log.transactionHash, [log]);
      else group.push(log);
    }
    for (const [txHash, group] of byTransaction) {
      const recorded = group.find((log) => log.topics[0] === batchTopic);
      if (recorded === undefined) {
        if (group.some((log) => batchOnly.has(log.topics[0] ?? "")))
          throw new ChainArchiveMismatchError({ txHash }, "its batch events have no batch number");
        continue;
      }
      const [root] = await call("batchRoot", [BigInt(recorded.topics[1] ?? "0x0")]);
      if (batchRootOfLogs(iface, group) !== (root as string).toLowerCase()) {
        throw new ChainArchiveMismatchError({ txHash }, "its batch does not hash to the root on chain");
      }
    }
  }

  async function decodeWithTimestamps(logs: ArchivedLog[]): Promise<LedgerEvent[]> {
    return logs.flatMap((log) => decodeLogs(iface, [log], log.blockTimestamp));
  }

  const ledger: CreatedLedger = {
    chainId,
    contractAddress,
    restoredTransactions,
    restoreMs,

    async registerFacility(params) {
      const names = new Map([[chainKey(params.facilityId), params.facilityId]]);
      let account = params.account;
      if (account === undefined) {
        // The key is stored before the registration is sent, so a crash in between cannot strand the facility.
        const existing = store.getKey(`facility:${params.facilityId}`);
        if (existing !== undefined) {
          account = existing.address;
        } else {
          const wallet = Wallet.createRandom();
          store.putKey(`facility:${params.facilityId}`, wallet.address, wallet.privateKey as Hex);
          account = wallet.address;
        }
      }
      const receipt = await transact(
        "registerFacility",
        [
          chainKey(params.facilityId),
          account,
          countryToBytes2(params.country),
          rolesToBits(params.roles),
          params.metadataDigest,
        ],
        names,
      );
      return { ...receipt, account };
    },

    setFacilitySuspended(facilityId, suspended) {
      return transact(
        "setFacilitySuspended",
        [chainKey(facilityId), suspended],
        new Map([[chainKey(facilityId), facilityId]]),
      );
    },

    async setGtinPrefixes(facilityId, prefixes) {
      return transact(
        "setFacilityGtinPrefixes",
        [chainKey(facilityId), prefixes.map(gtinPrefixToChain)],
        new Map([[chainKey(facilityId), facilityId]]),
      );
    },

    async getGtinPrefixes(facilityId) {
      const [prefixes] = await call("gtinPrefixes", [chainKey(facilityId)]);
      return (prefixes as bigint[]).map(gtinPrefixFromChain);
    },

    async registerCertifier(certifierId) {
      // As for facilities, the key is stored before the registration is sent.
      let key = certifierGenerations(certifierId)[0];
      if (key === undefined) {
        const created = Wallet.createRandom();
        key = { address: created.address, privateKey: created.privateKey as Hex };
        store.putKey(certifierOwner(certifierId, 1), key.address, key.privateKey);
      }
      const receipt = await transact(
        "registerCertifier",
        [chainKey(certifierId), key.address],
        new Map([[chainKey(certifierId), certifierId]]),
      );
      return { ...receipt, account: key.address };
    },

    async rotateCertifierAccount({ certifierId, by }) {
      const current = await currentCertifierKey(certifierId);
      const generations = certifierGenerations(certifierId);
      const latest = generations[generations.length - 1]!;
      // A key made for a rotation that never reached the chain (a crash in between) is used now, not skipped.
      let next = latest;
      if (latest.address.toLowerCase() === current.address.toLowerCase()) {
        const created = Wallet.createRandom();
        next = { address: created.address, privateKey: created.privateKey as Hex };
        store.putKey(certifierOwner(certifierId, generations.length + 1), next.address, next.privateKey);
      }
      const names = new Map([[chainKey(certifierId), certifierId]]);
      const receipt =
        by === "operator"
          ? await transact("rotateCertifierAccount", [chainKey(certifierId), next.address], names)
          : await transact(
              "rotateCertifierAccountBySignature",
              [
                chainKey(certifierId),
                next.address,
                signDigest(rotationDigest(domain, chainKey(certifierId), next.address), current.privateKey),
              ],
              names,
            );
      return { ...receipt, previousAccount: current.address, account: next.address };
    },

    async getCertifier(certifierId) {
      const [account] = await call("certifier", [chainKey(certifierId)]);
      if (account === ZERO_ADDRESS) return null;
      return { certifierKey: chainKey(certifierId), account: account as string };
    },

    async record(operation: LedgerOperation) {
      const contractOperation = toContractOperation(operation);
      const signature = signDigest(
        operationDigest(domain, contractOperation),
        facilityKey(operation.facilityId),
      );
      const names = new Map<string, string>([
        [contractOperation.lotId, operation.lotId],
        [contractOperation.facilityId, operation.facilityId],
      ]);
      if (operation.kind !== "fabric-lot" && operation.kind !== "event-commitment") {
        for (const input of operation.inputs) {
          names.set(chainKey(input.lotId), input.lotId);
          names.set(`unit:${chainKey(input.lotId)}`, input.quantity.unit);
        }
      }
      if (operation.kind === "shipment" && operation.recipientFacilityId !== undefined) {
        names.set(chainKey(operation.recipientFacilityId), operation.recipientFacilityId);
      }
      const mined = await relayer.enqueue({ operation: contractOperation, signature, names });
      return { txHash: mined.txHash, blockNumber: mined.blockNumber };
    },

    async anchorCertificate(params) {
      const names = new Map([
        [chainKey(params.certificateId), params.certificateId],
        [chainKey(params.subjectLotId), params.subjectLotId],
        [chainKey(params.certifierId), params.certifierId],
      ]);
      const anchor = {
        certificateId: chainKey(params.certificateId),
        subjectLotId: chainKey(params.subjectLotId),
        fta: codeToBytes32(params.fta),
        digest: params.digest,
        certifierId: chainKey(params.certifierId),
      };
      const key = await currentCertifierKey(params.certifierId);
      return transact(
        "anchorCertificate",
        [
          anchor.certificateId,
          anchor.subjectLotId,
          anchor.fta,
          anchor.digest,
          anchor.certifierId,
          signDigest(anchorDigest(domain, anchor), key.privateKey),
        ],
        names,
      );
    },

    async anchorStatusList(params) {
      const anchor = {
        listId: chainKey(params.listId),
        version: params.version,
        digest: params.digest,
        certifierId: chainKey(params.certifierId),
      };
      const names = new Map([
        [anchor.listId, params.listId],
        [anchor.certifierId, params.certifierId],
      ]);
      if (params.asOperator === true)
        return transact(
          "anchorStatusListAsOperator",
          [anchor.listId, anchor.version, anchor.digest, anchor.certifierId],
          names,
        );
      const key = await currentCertifierKey(params.certifierId);
      return transact(
        "anchorStatusList",
        [
          anchor.listId,
          anchor.version,
          anchor.digest,
          anchor.certifierId,
          signDigest(statusListDigest(domain, anchor), key.privateKey),
        ],
        names,
      );
    },

    async statusListAnchor(listId) {
      const [anchor] = await call("statusListAnchor", [chainKey(listId)]);
      if (Number(anchor.version) === 0) return null;
      return {
        listKey: chainKey(listId),
        certifierKey: anchor.certifierId,
        version: Number(anchor.version),
        digest: anchor.digest,
        anchoredAt: new Date(Number(anchor.anchoredAt) * 1000),
      };
    },

    async statusListVersionOf(listId, digest) {
      // Only ever says which older version a list is: "valid" comes from the anchor in state alone.
      const topic = iface.getEvent("StatusListAnchored")!.topicHash as Hex;
      for (const event of await eventsByKey(chainKey(listId), [topic])) {
        if (event.name === "StatusListAnchored" && event.digest.toLowerCase() === digest.toLowerCase())
          return event.version;
      }
      return null;
    },

    async revokeCertificate(params) {
      const certificateKey = chainKey(params.certificateId);
      const names = new Map([[certificateKey, params.certificateId]]);
      if (params.asOperator === true) {
        if (params.reasonDigest === ZERO_HASH) {
          throw new ValidationError([{ path: "reason", message: "the operator revokes only with a reason" }]);
        }
        return transact("revokeCertificateAsOperator", [certificateKey, params.reasonDigest], names);
      }
      names.set(chainKey(params.certifierId), params.certifierId);
      const key = await currentCertifierKey(params.certifierId);
      return transact(
        "revokeCertificate",
        [
          certificateKey,
          params.reasonDigest,
          chainKey(params.certifierId),
          signDigest(revocationDigest(domain, certificateKey, params.reasonDigest), key.privateKey),
        ],
        names,
      );
    },

    async getLot(lotId) {
      const [lot] = await call("lot", [chainKey(lotId)]);
      const kind = lotKindFromIndex(lot.kind);
      if (kind === null) return null;
      return {
        lotKey: chainKey(lotId),
        kind,
        unit: unitFromIndex(lot.unit),
        facilityKey: lot.facilityId,
        createdAt: new Date(Number(lot.createdAt) * 1000),
        quantity: fromChainAmount(lot.quantity),
        remaining: fromChainAmount(lot.remaining),
      };
    },

    async getFacility(facilityId) {
      const [facility] = await call("facility", [chainKey(facilityId)]);
      if (facility.account === ZERO_ADDRESS) return null;
      return {
        facilityKey: chainKey(facilityId),
        account: facility.account,
        country: countryFromBytes2(facility.country),
        roles: rolesFromBits(facility.roles),
        suspended: facility.suspended,
        metadataDigest: facility.metadataDigest,
      };
    },

    async getCertificate(certificateId) {
      const [certificate] = await call("certificate", [chainKey(certificateId)]);
      if (certificate.certifier === ZERO_ADDRESS) return null;
      const [certifierKey] = await call("certifierOfAccount", [certificate.certifier]);
      return {
        certificateKey: chainKey(certificateId),
        subjectLotKey: certificate.subjectLotId,
        fta: codeFromBytes32(certificate.fta),
        digest: certificate.digest,
        certifier: certificate.certifier,
        certifierKey: certifierKey as Hex,
        issuedAt: new Date(Number(certificate.issuedAt) * 1000),
        revokedAt:
          Number(certificate.revokedAt) === 0 ? null : new Date(Number(certificate.revokedAt) * 1000),
      };
    },

    async lotRecord(lotId) {
      const lotKey = chainKey(lotId);
      const recordedTopic = iface.getEvent("LotRecorded")!.topicHash as Hex;
      const [claims, [batch]] = await Promise.all([
        eventsByKey(lotKey, [recordedTopic]),
        call("lotBatch", [lotKey]),
      ]);
      const claim = claims.find((event) => event.name === "LotRecorded");
      if (Number(batch) === 0) {
        if (claim !== undefined)
          throw new ChainArchiveMismatchError({ lotId }, "the chain holds no such lot");
        return null;
      }
      if (claim === undefined)
        throw new ChainArchiveMismatchError({ lotId }, "no copy of its batch's events is kept");
      // The claim is checked, not trusted: its whole batch must hash to the root the chain stores for it, and
      // what the lot's word holds must match.
      const logs = await logsOfTransaction(claim.txHash);
      const [[root], [lot]] = await Promise.all([call("batchRoot", [batch]), call("lot", [lotKey])]);
      if (batchRootOfLogs(iface, logs) !== (root as string).toLowerCase()) {
        throw new ChainArchiveMismatchError({ lotId }, `its batch does not hash to batch ${batch}'s root`);
      }
      const events = await decodeWithTimestamps(logs);
      const recorded = events.find((event) => event.name === "LotRecorded" && event.lotKey === lotKey);
      if (recorded?.name !== "LotRecorded") {
        throw new ChainArchiveMismatchError({ lotId }, "its batch holds no record of it");
      }
      const state = {
        facilityKey: (lot.facilityId as string).toLowerCase(),
        kind: lotKindFromIndex(lot.kind),
        unit: unitFromIndex(lot.unit),
        quantity: fromChainAmount(lot.quantity),
        createdAt: Number(lot.createdAt),
      };
      if (
        state.facilityKey !== recorded.facilityKey.toLowerCase() ||
        state.kind !== recorded.kind ||
        state.unit !== recorded.unit ||
        state.quantity !== recorded.quantity ||
        state.createdAt * 1000 !== recorded.blockTimestamp.getTime()
      ) {
        throw new ChainArchiveMismatchError({ lotId }, "it does not match the lot the chain stores");
      }
      // A sewing's GarmentsCommitted (same transaction) carries the GTIN the contract checked.
      const committed = events.find((event) => event.name === "GarmentsCommitted" && event.lotKey === lotKey);
      return committed?.name === "GarmentsCommitted"
        ? { ...recorded, committedGtin: committed.gtin }
        : recorded;
    },

    async garmentsRoot(lotId) {
      const [root] = await call("garmentsRoot", [chainKey(lotId)]);
      return root === ZERO_HASH ? null : root;
    },

    async eventCommitment(commitmentId) {
      const [eventsRoot, facilityKey] = await call("eventCommitment", [chainKey(commitmentId)]);
      return eventsRoot === ZERO_HASH ? null : { eventsRoot, facilityKey };
    },

    async verifyGarment(params) {
      const [valid] = await call("verifyGarment", [
        chainKey(params.lotId),
        params.serial,
        params.codeHash,
        params.proof,
      ]);
      return valid as boolean;
    },

    async readEvents(fromBlock) {
      // On a chain the service runs, its archive holds every log it mined, old blocks' included.
      if (embedded) {
        const logs = contractLogs(store.archivedLogsFrom(fromBlock));
        await checkBatches(logs);
        return decodeArchived(logs);
      }
      const latest = await ledger.blockNumber();
      const events: LedgerEvent[] = [];
      const step = 2000;
      for (let start = fromBlock; start <= latest; start += step) {
        const end = Math.min(latest, start + step - 1);
        const logs = await rpc.request<Log[]>("eth_getLogs", [
          {
            address: contractAddress,
            fromBlock: `0x${start.toString(16)}`,
            toBlock: `0x${end.toString(16)}`,
          },
        ]);
        for (const log of logs) {
          const decoded = decodeLogs(iface, [log], await logTimestamp(log));
          events.push(...decoded);
        }
      }
      return events;
    },

    async blockNumber() {
      return Number(BigInt(await rpc.request<Hex>("eth_blockNumber")));
    },

    async transactionBlockNumber(txHash) {
      const archived = store.archivedTransaction(txHash);
      if (archived !== undefined) return archived.blockNumber;
      const receipt = await rpc.request<{ blockNumber: Hex } | null>("eth_getTransactionReceipt", [txHash]);
      return receipt === null ? null : Number(BigInt(receipt.blockNumber));
    },

    onMined(listener) {
      listeners.push(listener);
    },

    resentTransactions() {
      const mark = store.resentFrom();
      if (mark === undefined) return null;
      return { mark, txHashes: [...store.journalAfter(mark - 1)].map((entry) => entry.txHash) };
    },

    async transactionEvents(txHash) {
      const logs = await heldLogsOfTransaction(txHash);
      return logs === null ? null : decodeWithTimestamps(logs);
    },

    settleResent(mark) {
      store.clearResent(mark);
    },

    async close() {
      await relayer.drain();
      await rpc.close();
      await sender.exclusive(async () => anvil?.close());
      store.close();
    },
  };
  return ledger;
}
