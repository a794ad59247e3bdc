/**
 * TRUST_PROXY decides who the client is, and so whose rate-limit bucket a request spends. Off (the default),
 * X-Forwarded-For is the client's own claim and is ignored: rotating it does not buy more requests. With the
 * proxy in front trusted, each forwarded address has its own bucket, and buyers behind the proxy no longer
 * share one.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const LIMIT = 3;
const PUBLIC_PATH = "/api/v1/lots/FL-NONE";

describe("TRUST_PROXY and the rate limiter's key", () => {
  const services: TestService[] = [];
  afterAll(async () => {
    for (const t of services) await t.stop();
  });

  const statuses = async (t: TestService, forwardedFor: string, count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) {
      seen.push((await t.call("GET", PUBLIC_PATH, { headers: { "x-forwarded-for": forwardedFor } })).status);
    }
    return seen;
  };

  it("off: a client cannot escape its bucket by sending X-Forwarded-For", async () => {
    const t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    services.push(t);
    expect(await statuses(t, "203.0.113.1", LIMIT)).toEqual([404, 404, 404]);
    // A new forwarded address every time: still the same peer, still the same spent bucket.
    expect(await statuses(t, "203.0.113.2", 1)).toEqual([429]);
    expect(await statuses(t, "198.51.100.9", 1)).toEqual([429]);
  });

  it("on (the proxy on loopback trusted): each forwarded client has its own bucket", async () => {
    const t = await startTestService({
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      TRUST_PROXY: "loopback",
    });
    services.push(t);
    expect(await statuses(t, "203.0.113.1", LIMIT + 1)).toEqual([404, 404, 404, 429]);
    // Another buyer behind the same proxy is not refused for the first one's requests.
    expect(await statuses(t, "203.0.113.2", LIMIT)).toEqual([404, 404, 404]);
    // The client is the address the trusted proxy saw: a spoofed hop further left does not count.
    expect(await statuses(t, "192.0.2.50, 203.0.113.1", 1)).toEqual([429]);
  });

  it("with a hop count: the address one hop in front of the service is the client", async () => {
    const t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: "1" });
    services.push(t);
    expect(await statuses(t, "203.0.113.7", LIMIT + 1)).toEqual([404, 404, 404, 429]);
    expect(await statuses(t, "203.0.113.8", 1)).toEqual([404]);
  });
});
