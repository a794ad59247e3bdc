import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../services/config";
import { createLogger, maskUrlCredentials } from "../../../services/logging";

/** An Ed25519 libp2p peer id as `ipfs id` prints it. */
const PEER_ID = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.publicBaseUrl).toBe("http://localhost:3000");
    expect(config.operatorApiKey).toBeUndefined();
    expect(config.chainRpcUrl).toBeUndefined();
    expect(config.ipfsApiUrl).toBeUndefined();
    expect(config.logLevel).toBe("info");
    expect(config.uploadLimitBytes).toBe(10 * 1024 * 1024);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      DATA_DIR: "/tmp/tp",
      OPERATOR_API_KEY: "k".repeat(43),
      PUBLIC_BASE_URL: "https://id.example.vn/",
      CHAIN_RPC_URL: "http://127.0.0.1:8545",
      IPFS_API_URL: "http://127.0.0.1:5001",
      LOG_LEVEL: "warn",
      UPLOAD_LIMIT_BYTES: "1000",
      RELAYER_PRIVATE_KEY: `0x${"ab".repeat(32)}`,
      CONTRACT_ADDRESS: `0x${"cd".repeat(20)}`,
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: "/tmp/tp",
      publicBaseUrl: "https://id.example.vn",
      chainRpcUrl: "http://127.0.0.1:8545",
      ipfsApiUrl: "http://127.0.0.1:5001",
      logLevel: "warn",
      uploadLimitBytes: 1000,
      relayerPrivateKey: `0x${"ab".repeat(32)}`,
      contractAddress: `0x${"cd".repeat(20)}`,
    });
  });

  it.each([
    ["PORT", { PORT: "seventy" }],
    ["PORT", { PORT: "70000" }],
    ["CHAIN_RPC_URL", { CHAIN_RPC_URL: "not a url" }],
    ["IPFS_API_URL", { IPFS_API_URL: "ftp://x" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "localhost" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["UPLOAD_LIMIT_BYTES", { UPLOAD_LIMIT_BYTES: "-1" }],
    ["OPERATOR_API_KEY", { OPERATOR_API_KEY: "short-secret-value" }],
    ["RELAYER_PRIVATE_KEY", { RELAYER_PRIVATE_KEY: "0x1234" }],
    ["CONTRACT_ADDRESS", { CONTRACT_ADDRESS: "0xnot-an-address" }],
    ["TRUST_PROXY", { TRUST_PROXY: "true" }],
    ["TRUST_PROXY", { TRUST_PROXY: "99" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.0/33" }],
    ["TRUST_PROXY", { TRUST_PROXY: "proxy.example.com" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.1,,10.0.0.2" }],
    ["IPFS_LISTEN", { IPFS_LISTEN: "127.0.0.1:4001" }],
    ["IPFS_LISTEN", { IPFS_LISTEN: "/ip4/127.0.0.1/udp/4001/quic-v1" }],
    ["IPFS_PEERS", { IPFS_PEERS: "/ip4/10.0.0.2/tcp/4001" }],
    ["IPFS_PEERS", { IPFS_PEERS: `/ip4/10.0.0.2/tcp/4001/p2p/${PEER_ID}, /ip4/10.0.0.3/tcp/4001/p2p/0OIl` }],
    ["IPFS_LISTEN", { IPFS_LISTEN: "/ip4/0.0.0.0/tcp/4001", IPFS_API_URL: "http://127.0.0.1:5001" }],
    ["IPFS_FETCH_TIMEOUT_MS", { IPFS_FETCH_TIMEOUT_MS: "0" }],
  ])("fails fast naming %s", (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("CONFIG_INVALID");
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).details).toMatchObject({ variables: [{ variable }] });
  });

  it("leaves the embedded IPFS node offline by default, and reads its listen addresses and peers", () => {
    expect(loadConfig({}).ipfsNetwork).toBeUndefined();
    expect(loadConfig({ IPFS_LISTEN: " ", IPFS_PEERS: "" }).ipfsNetwork).toBeUndefined();
    expect(
      loadConfig({
        IPFS_LISTEN: "/ip4/0.0.0.0/tcp/4001, /ip6/::/tcp/4001",
        IPFS_PEERS: `/dns4/mill-2.example.vn/tcp/4001/p2p/${PEER_ID}`,
      }).ipfsNetwork,
    ).toEqual({
      listen: ["/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001"],
      peers: [`/dns4/mill-2.example.vn/tcp/4001/p2p/${PEER_ID}`],
      fetchTimeoutMs: 10_000,
    });
    expect(loadConfig({ IPFS_PEERS: `/ip4/10.0.0.2/tcp/4001/p2p/${PEER_ID}` }).ipfsNetwork?.listen).toEqual(
      [],
    );
  });

  it("trusts no proxy by default, and takes a hop count or a list of proxy addresses and ranges", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "off" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,::1, fd00::/8,loopback" }).trustProxy).toEqual([
      "10.0.0.0/8",
      "192.168.1.7",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it("never echoes a secret value in its error", () => {
    expect(() => loadConfig({ OPERATOR_API_KEY: "hunter2-secret" })).toThrow(ConfigError);
    try {
      loadConfig({
        OPERATOR_API_KEY: "hunter2-secret",
        CHAIN_RPC_URL: "http://user:pa55@:bad",
        RELAYER_PRIVATE_KEY: "0xhunter3",
      });
    } catch (error) {
      expect(JSON.stringify({ m: (error as Error).message, d: (error as ConfigError).details })).not.toMatch(
        /hunter2|hunter3|pa55/,
      );
    }
  });
});

describe("logger", () => {
  it("censors keys, authorization headers and URL credentials", async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
    const logger = createLogger({ level: "info", destination: stream });
    logger.info({ req: { headers: { authorization: "Bearer sekret-1" } } }, "request");
    logger.info({ facility: { apiKey: "sekret-2" }, privateKey: "0xsekret3" }, "keys");
    logger.info({ config: { relayerPrivateKey: "0xsekret6" } }, "config");
    logger.info(
      { rpc: "https://alice:sekret4@rpc.example.com/v1" },
      "rpc at https://bob:sekret5@node.example/",
    );
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join("\n");
    expect(lines).toHaveLength(4);
    expect(text).not.toMatch(/sekret/);
    expect(text).toContain("rpc.example.com");
    expect(maskUrlCredentials("http://u:p@h/x")).toBe("http://[redacted]@h/x");
  });
});
