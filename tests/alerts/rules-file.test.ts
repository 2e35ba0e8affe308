import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyRules } from "../../lib/alerts/apply";
import { parseRulesFile, RulesError } from "../../lib/alerts/rules-file";
import { listRules } from "../../lib/alerts/store/rules";
import { listChannels } from "../../lib/alerts/store/channels";
import { cli } from "../store/fleet";
import { useTestStore } from "../store/databases";

const parse = (text: string, o: { env?: Record<string, string>; allowPrivate?: boolean; fileName?: string } = {}) =>
  parseRulesFile(text, { fileName: o.fileName ?? "rules.yaml", env: o.env ?? {}, storedChannels: new Set(), allowPrivateTargets: o.allowPrivate ?? false });

function problems(text: string, o: Parameters<typeof parse>[1] = {}): string[] {
  try {
    parse(text, o);
  } catch (e) {
    if (e instanceof RulesError) return e.problems;
    throw e;
  }
  throw new Error("expected the rules file to be refused");
}

const EXAMPLE = `channels:
  - name: ops-hook
    type: webhook            # webhook | slack | email
    url: https://hooks.example.com/lambda
    secret: \${OPS_HOOK_SECRET}   # environment variables are expanded
rules:
  - name: orders concurrency
    kind: concurrency
    functions: "orders-*"
    limit: 100
    window: 5m
    fire: 0.8
    resolve: 0.7
    channels: [ops-hook]
`;

describe("rules files", () => {
  it("reads the issue's example, with the secret from the environment", () => {
    const f = parse(EXAMPLE, { env: { OPS_HOOK_SECRET: "0123456789abcdef-secret" } });
    expect(f.channels).toEqual([{ name: "ops-hook", type: "webhook", enabled: true, config: { url: "https://hooks.example.com/lambda" }, secret: "0123456789abcdef-secret" }]);
    expect(f.rules).toEqual([
      { name: "orders concurrency", kind: "concurrency", functions: "orders-*", region: null, aggregate: null, limit: 100, windowMs: 300_000, fire: 0.8, resolve: 0.7, minInvocations: null, channels: ["ops-hook"], enabled: true },
    ]);
  });

  it("reads the same as JSON, and fills the kind's defaults", () => {
    const f = parse(JSON.stringify({ rules: [{ name: "cold", kind: "cold-start-rate", functions: "api" }, { name: "bill", kind: "spend", total: true, fire: 500 }] }), { fileName: "rules.json" });
    expect(f.rules.map((r) => [r.kind, r.windowMs, r.fire, r.resolve, r.minInvocations, r.aggregate])).toEqual([
      ["cold-start-rate", 3_600_000, 0.05, 0.03, 100, null],
      ["spend", 86_400_000, 500, 450, null, "total"],
    ]);
  });

  it.each([
    ["not YAML", "rules: [", /rules\.yaml: not valid YAML/],
    ["an unknown top-level key", "rulez: []", /Unrecognized key\(s\) in object: 'rulez'/],
    ["an unknown kind", "rules:\n  - name: x\n    kind: latency\n", /^rules\.0\.kind: Invalid enum value\. Expected 'concurrency' \| 'region-concurrency'/],
    ["resolve not below fire", "rules:\n  - name: x\n    kind: concurrency\n    fire: 0.8\n    resolve: 0.9\n", /^rules\.0\.resolve: must be below fire \(0\.8\)/],
    ["a fraction above 1", "rules:\n  - name: x\n    kind: concurrency\n    fire: 80\n", /^rules\.0\.fire: a fraction of the limit above 0 and at most 1/],
    ["a bad window", "rules:\n  - name: x\n    kind: timeouts\n    window: 5 minutes\n", /^rules\.0\.window: expected a duration like 5m, 1h or 1d, got '5 minutes'/],
    ["a window shorter than a minute", "rules:\n  - name: x\n    kind: timeouts\n    window: 30s\n", /^rules\.0\.window: must be whole minutes from 1m to 30d/],
    ["a limit on a count", "rules:\n  - name: x\n    kind: timeouts\n    limit: 5\n", /^rules\.0\.limit: timeouts rules have no limit/],
    ["functions on a region rule", "rules:\n  - name: x\n    kind: region-concurrency\n    functions: a\n", /^rules\.0\.functions: region rules take `region:`/],
    ["an unknown channel", "rules:\n  - name: x\n    kind: timeouts\n    channels: [pager]\n", /^rules\.0\.channels: no channel named 'pager'/],
    ["the same rule twice", "rules:\n  - name: x\n    kind: timeouts\n  - name: x\n    kind: spend\n", /^rules\.1\.name: 'x' is defined twice/],
    ["an unset variable", "channels:\n  - name: h\n    type: webhook\n    url: https://h.example.com/\n    secret: ${NOPE}\n", /^channels\.0\.secret: environment variable NOPE is not set/],
    ["a short webhook secret", "channels:\n  - name: h\n    type: webhook\n    url: https://h.example.com/\n    secret: short\n", /^channels\.0\.secret: at least 16 characters/],
    ["a channel type", "channels:\n  - name: h\n    type: pagerduty\n", /^channels\.0\.type: Invalid discriminator value\. Expected 'webhook' \| 'slack' \| 'email'/],
    ["a loopback webhook", "channels:\n  - name: h\n    type: slack\n    url: http://127.0.0.1:9/x\n", /^channels\.0\.url: 127\.0\.0\.1 is a loopback, link-local or private address; set LAMBDALENS_ALLOW_PRIVATE_TARGETS=1/],
    ["a metadata webhook", "channels:\n  - name: h\n    type: slack\n    url: http://169.254.169.254/latest\n", /^channels\.0\.url: 169\.254\.169\.254 is a cloud metadata address/],
    ["a private SMTP host", "channels:\n  - name: m\n    type: email\n    host: 10.1.2.3\n    from: a@example.com\n    to: b@example.com\n", /^channels\.0\.host: 10\.1\.2\.3 is a loopback, link-local or private address/],
    ["localhost by name", "channels:\n  - name: h\n    type: slack\n    url: http://localhost:9/x\n", /^channels\.0\.url: 127\.0\.0\.1 is a loopback/],
    ["a bad email address", "channels:\n  - name: m\n    type: email\n    host: smtp.example.com\n    from: nobody\n    to: b@example.com\n", /^channels\.0\.from: expected an email address/],
  ])("refuses %s with a message naming the field", (_what, text, message) => {
    const p = problems(text);
    expect(p.some((x) => message.test(x)), p.join("\n")).toBe(true);
  });

  it("lists every problem of a file at once", () => {
    expect(problems("rules:\n  - name: a\n    kind: concurrency\n    fire: 2\n  - name: b\n    kind: timeouts\n    window: soon\n")).toHaveLength(2);
  });

  it("allows private targets when told to", () => {
    expect(parse("channels:\n  - name: h\n    type: slack\n    url: http://127.0.0.1:9/x\n", { allowPrivate: true }).channels[0].secret).toBe("http://127.0.0.1:9/x");
  });
});

describe("alerts apply", () => {
  const store = useTestStore("sqlite");

  it("a bad file changes nothing, and --dry-run changes nothing", async () => {
    const s = store();
    const before = { rules: await listRules(s.sql), channels: await listChannels(s.sql) };
    const dir = mkdtempSync(join(tmpdir(), "lambdalens-rules-"));
    const bad = join(dir, "bad.yaml");
    // a valid channel and a valid rule beside a bad one: none of them is stored
    writeFileSync(bad, EXAMPLE + "  - name: broken\n    kind: concurrency\n    fire: 0.5\n    resolve: 0.6\n");
    const r = cli(["alerts", "apply", bad], { DATABASE_URL: s.target.url, OPS_HOOK_SECRET: "0123456789abcdef-secret" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: 1 problem(s), nothing changed:\n  rules.1.resolve: must be below fire (0.5) so an alert does not flap, got 0.6\n`);
    const good = join(dir, "good.yaml");
    writeFileSync(good, EXAMPLE);
    const dry = cli(["alerts", "apply", "--dry-run", good], { DATABASE_URL: s.target.url, OPS_HOOK_SECRET: "0123456789abcdef-secret" });
    expect(dry.stdout).toBe(`${good} is valid: 1 channel(s) (ops-hook) and 1 rule(s) (orders concurrency); nothing changed (--dry-run)\n`);
    expect({ rules: await listRules(s.sql), channels: await listChannels(s.sql) }).toEqual(before);
  });

  it("replaces what the file names and keeps the rest", async () => {
    const s = store();
    const env = { OPS_HOOK_SECRET: "0123456789abcdef-secret" };
    await applyRules(s.sql, EXAMPLE, "rules.yaml", { env, config: { allowPrivateTargets: false }, dryRun: false });
    await applyRules(s.sql, EXAMPLE.replace("fire: 0.8", "fire: 0.9"), "rules.yaml", { env, config: { allowPrivateTargets: false }, dryRun: false });
    const rules = await listRules(s.sql);
    expect(rules.map((r) => [r.name, r.fire, r.origin])).toEqual([
      ["concurrency near the limit", 0.8, "default"],
      ["orders concurrency", 0.9, "file"],
      ["region concurrency near the limit", 0.8, "default"],
    ]);
    expect((await listChannels(s.sql)).map((c) => c.name)).toEqual(["ops-hook"]);
  });
});
