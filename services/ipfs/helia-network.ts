/**
 * The embedded node's optional networking: libp2p over TCP (Noise encryption, Yamux streams, Identify) and
 * bitswap, talking only to the peers it is told of. No DHT, no bootstrap list, no mDNS, no relay, no HTTP
 * gateways: a node listens where `IPFS_LISTEN` says, dials what `IPFS_PEERS` names and keeps dialling them, and
 * asks the peers it is connected to for blocks it lacks. Blocks received are hashed and kept only when they
 * match the CID asked for (bitswap rebuilds each block's CID from its bytes; Helia checks the digest again).
 */
import type { Libp2p } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { ConfigError } from "../config";

export interface HeliaNetworkParameters {
  /** Where to accept connections, e.g. `/ip4/127.0.0.1/tcp/4001` (empty: dial out only). */
  listen: string[];
  /** Peers to stay connected to: multiaddrs ending `/p2p/<peer id>`, e.g. `/ip4/10.0.0.2/tcp/4001/p2p/12D3…`. */
  peers: string[];
  /** How long a `get` of something not held here waits for the peers before it answers NOT_FOUND. */
  fetchTimeoutMs: number;
  /** Longest pause between two dials of a configured peer that is not connected (default 30 s). */
  maxRedialIntervalMs?: number;
}

/** What the node is, for logs and for a peer's `IPFS_PEERS`. */
export interface NetworkStatus {
  peerId: string;
  /** Addresses this node listens on, each ending `/p2p/<peer id>` (what a peer puts in `IPFS_PEERS`). */
  addresses: string[];
  /** Peers connected now (configured or not). */
  connectedPeers: string[];
}

/** A configured peer: its address, the peer id it must prove, and when to dial it next. */
interface Peer {
  address: Multiaddr;
  peerId: string;
  failures: number;
  nextDialAt: number;
  /** The dial in flight, which a second caller waits for instead of dialling again. */
  dialing: Promise<void> | null;
}

const FIRST_REDIAL_MS = 1_000;
const DIAL_TIMEOUT_MS = 10_000;
/** Connections this node keeps at most (configured peers plus those that dial in). */
const MAX_CONNECTIONS = 64;

/**
 * Parses `IPFS_PEERS` entries into multiaddrs carrying a peer id; an entry that is not one stops the start
 * naming the variable (never echoing the value).
 */
export async function parsePeers(entries: string[]): Promise<{ address: Multiaddr; peerId: string }[]> {
  const { multiaddr } = await import("@multiformats/multiaddr");
  return entries.map((entry, index) => {
    let address: Multiaddr;
    try {
      address = multiaddr(entry);
    } catch {
      throw new ConfigError([{ variable: "IPFS_PEERS", message: `entry ${index + 1} is not a multiaddr` }]);
    }
    const peerId = address
      .getComponents()
      .filter((component) => component.name === "p2p")
      .at(-1)?.value;
    if (peerId === undefined) {
      throw new ConfigError([
        { variable: "IPFS_PEERS", message: `entry ${index + 1} does not end with /p2p/<peer id>` },
      ]);
    }
    return { address, peerId };
  });
}

/** libp2p options for `createHelia`: TCP, Noise, Yamux and Identify, nothing that reaches the internet. */
export async function libp2pOptions(network: HeliaNetworkParameters) {
  const [{ tcp }, { noise }, { yamux }, { identify }] = await Promise.all([
    import("@libp2p/tcp"),
    import("@chainsafe/libp2p-noise"),
    import("@chainsafe/libp2p-yamux"),
    import("@libp2p/identify"),
  ]);
  return {
    addresses: { listen: network.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // Replaces Helia's defaults (mDNS, the public bootstrap list): only configured peers are dialled.
    peerDiscovery: [],
    // Replaces Helia's defaults (DHT, AutoNAT, UPnP, relay, delegated HTTP routing): identify only, which
    // tells a connected peer that this node speaks bitswap.
    services: { identify: identify() },
    connectionManager: { maxConnections: MAX_CONNECTIONS },
  };
}

/**
 * Keeps the configured peers connected: dials each one that is not, first at once, then again after a pause
 * that doubles on each failure up to `maxRedialIntervalMs`. `connectNow` dials the unconnected ones at once
 * (a `get` that finds no peer connected calls it before it waits for blocks).
 */
export function keepPeersConnected(
  libp2p: Libp2p,
  configured: { address: Multiaddr; peerId: string }[],
  maxRedialIntervalMs = 30_000,
): {
  connectNow(signal: AbortSignal): Promise<void>;
  stop(): void;
} {
  const peers: Peer[] = configured.map(({ address, peerId }) => ({
    address,
    peerId,
    failures: 0,
    nextDialAt: 0,
    dialing: null,
  }));
  const isConnected = (peer: Peer) =>
    libp2p.getConnections().some((connection) => connection.remotePeer.toString() === peer.peerId);
  let stopped = false;
  const stopping = new AbortController();

  function dial(peer: Peer, signal: AbortSignal): Promise<void> {
    if (isConnected(peer)) return Promise.resolve();
    peer.dialing ??= (async () => {
      try {
        await libp2p.dial(peer.address, {
          signal: AbortSignal.any([signal, stopping.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]),
        });
        peer.failures = 0;
      } catch {
        peer.failures += 1;
        peer.nextDialAt =
          Date.now() + Math.min(maxRedialIntervalMs, FIRST_REDIAL_MS * 2 ** Math.min(peer.failures, 16));
      } finally {
        peer.dialing = null;
      }
    })();
    return peer.dialing;
  }

  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    for (const peer of peers) {
      if (peer.dialing === null && peer.nextDialAt <= now) void dial(peer, stopping.signal);
    }
  };
  tick();
  const timer = setInterval(tick, FIRST_REDIAL_MS);
  timer.unref();

  return {
    async connectNow(signal) {
      // A dial already in flight is waited for; if it failed, one more at once, ignoring the pause.
      await Promise.all(peers.map((peer) => dial(peer, signal)));
      await Promise.all(peers.filter((peer) => !isConnected(peer)).map((peer) => dial(peer, signal)));
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      stopping.abort();
    },
  };
}

/** The node's peer id, listen addresses and connected peers. */
export function networkStatus(libp2p: Libp2p): NetworkStatus {
  const peerId = libp2p.peerId.toString();
  return {
    peerId,
    addresses: libp2p.getMultiaddrs().map((address) => address.toString()),
    connectedPeers: [...new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))],
  };
}
