/**
 * A Host header that is no host (a space, a bare '%', a port out of range) is refused with 400 BAD_REQUEST
 * before any route sees it, and not echoed; real hosts (names, IPv4, bracketed IPv6, with ports) pass.
 * X-Forwarded-Host is checked only when the proxy sending it is trusted (TRUST_PROXY).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidHostHeader } from "../../../services/http/app";
import { startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { rawRequest } from "../../chaos/world";

describe("Host header validation", () => {
  it.each([
    "localhost",
    "localhost:3000",
    "127.0.0.1:0",
    "[::1]:3000",
    "trace.example.vn",
    "a-b.c",
    "x:65535",
  ])("accepts %j", (host) => expect(isValidHostHeader(host)).toBe(true));
  it.each(["a b", "%", "x:99999", "", "[::1", "a/b", "x:", ":80", "evil..example", "-a.b", "a".repeat(256)])(
    "refuses %j",
    (host) => expect(isValidHostHeader(host)).toBe(false),
  );

  let plain: TestService;
  let proxied: TestService;
  beforeAll(async () => {
    plain = await startTestService();
    proxied = await startTestService({ TRUST_PROXY: "loopback" });
  });
  afterAll(async () => {
    await plain?.stop();
    await proxied?.stop();
  });

  it("answers a malformed Host with 400 BAD_REQUEST that does not echo it, and a real one normally", async () => {
    const bad = await rawRequest(plain.service.url, {
      method: "GET",
      path: "/healthz",
      headers: { host: "x:99999" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "BAD_REQUEST" } });
    expect(bad.text).not.toContain("99999");
    const good = await rawRequest(plain.service.url, {
      method: "GET",
      path: "/healthz",
      headers: { host: "trace.example.vn:8443" },
    });
    expect(good.status).toBe(200);
  });

  it("checks X-Forwarded-Host only from a trusted proxy", async () => {
    const headers = { "x-forwarded-host": "a b" };
    expect((await rawRequest(plain.service.url, { method: "GET", path: "/healthz", headers })).status).toBe(
      200,
    );
    expect((await rawRequest(proxied.service.url, { method: "GET", path: "/healthz", headers })).status).toBe(
      400,
    );
    const fine = { "x-forwarded-host": "trace.example.vn" };
    expect(
      (await rawRequest(proxied.service.url, { method: "GET", path: "/healthz", headers: fine })).status,
    ).toBe(200);
  });
});
