import { describe, expect, it } from "vitest";
import { bindCheck } from "../../lib/cli/serve";
import { cli } from "../store/fleet";

describe("lambdalens serve", () => {
  it("listens on loopback only without a password, anywhere with one, and elsewhere without one only when told --insecure", () => {
    expect(bindCheck({ port: 3000, host: "127.0.0.1", insecure: false }, false)).toMatchObject({ ok: true, note: expect.stringContaining("listening on 127.0.0.1 only") });
    expect(bindCheck({ port: 3000, host: "0.0.0.0", insecure: false }, true)).toMatchObject({ ok: true, note: expect.stringContaining("login required") });
    expect(bindCheck({ port: 3000, host: "0.0.0.0", insecure: true }, false)).toMatchObject({ ok: true, note: expect.stringContaining("WARNING") });
    expect(bindCheck({ port: 3000, host: "0.0.0.0", insecure: false }, false)).toMatchObject({ ok: false, message: expect.stringContaining("set LAMBDALENS_PASSWORD") });
  });

  it("refuses another address without a password before it builds or starts anything", () => {
    const env: Record<string, string> = { LAMBDALENS_PASSWORD: "" };
    const r = cli(["serve", "--host", "0.0.0.0", "--port", "3999"], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("lambdalens serve: refusing to listen on 0.0.0.0 without a login: set LAMBDALENS_PASSWORD (and LAMBDALENS_API_TOKEN for scripts), or pass --insecure to serve it open\n");
  });
});
