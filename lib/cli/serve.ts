import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations } from "../store/store";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const BUILD_ID = path.join(ROOT, ".next", "BUILD_ID");
const SOURCES = ["app", "lib", "next.config.js"];

const USAGE = `Usage: lambdalens serve [--port N] [--host ADDRESS [--insecure]]

Applies database migrations, runs 'next build' when the build is missing or older
than app/, lib/ or next.config.js, then starts the dashboard with 'next start'.
The port defaults to $PORT, else 3000.

Without LAMBDALENS_PASSWORD the dashboard has no login, so it listens on 127.0.0.1
only. To serve it on another address (--host 0.0.0.0), set LAMBDALENS_PASSWORD (and
LAMBDALENS_API_TOKEN for scripts), or pass --insecure to serve it open to anyone who
can reach the address. The dashboard server also delivers alert
notifications and evaluates the alert rules every minute (see 'lambdalens alerts').
`;

/** Newest file (by mtime) under the given paths, or undefined if none exist. */
function newestFile(paths: string[]): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (p: string): void => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else if (!newest || st.mtimeMs > newest.mtimeMs) {
      newest = { file: p, mtimeMs: st.mtimeMs };
    }
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

/** Why a build is needed, or undefined when .next is up to date. */
export function buildReason(): string | undefined {
  const built = statSync(BUILD_ID, { throwIfNoEntry: false });
  if (!built) return "no build found (.next/BUILD_ID is missing)";
  const newest = newestFile(SOURCES);
  if (newest && newest.mtimeMs > built.mtimeMs) {
    return `${path.relative(ROOT, newest.file)} changed since the last build`;
  }
  return undefined;
}

/** Runs `next ARGS` with inherited stdio; SIGINT/SIGTERM go to the child and its exit code comes back. */
function runNext(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(NEXT_BIN, args, {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    const done = (code: number) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code);
    };
    child.on("error", (err) => {
      process.stderr.write(`lambdalens: cannot run ${NEXT_BIN}: ${err.message}\n`);
      done(1);
    });
    child.on("exit", (code, signal) => {
      if (code !== null) return done(code);
      // Killed by a signal we forwarded: a stop on request is a clean exit.
      done(signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1);
    });
  });
}

interface ServeArgs {
  port: number;
  host: string;
  insecure: boolean;
}

function parseServeArgs(argv: string[]): ServeArgs | string {
  let raw = process.env.PORT || "3000";
  let host = "127.0.0.1";
  let insecure = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--port" || arg === "-p") raw = argv[++i] ?? "";
    else if (arg.startsWith("--port=")) raw = arg.slice("--port=".length);
    else if (arg === "--host" || arg === "-H") host = argv[++i] ?? "";
    else if (arg.startsWith("--host=")) host = arg.slice("--host=".length);
    else if (arg === "--insecure") insecure = true;
    else return `unknown option '${arg}'`;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `invalid port '${raw}'`;
  if (!host) return "--host needs an address, e.g. 0.0.0.0";
  return { port, host, insecure };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** Where the server may listen: anywhere with a password, only on loopback without one unless told --insecure. */
export function bindCheck(a: ServeArgs, passwordSet: boolean): { ok: true; note: string } | { ok: false; message: string } {
  if (passwordSet) return { ok: true, note: `login required (LAMBDALENS_PASSWORD is set); listening on ${a.host}` };
  if (LOOPBACK.has(a.host)) return { ok: true, note: `no LAMBDALENS_PASSWORD set: no login, so listening on ${a.host} only (this machine); set one to serve others` };
  if (a.insecure) return { ok: true, note: `WARNING: no LAMBDALENS_PASSWORD set and --insecure given: anyone who can reach ${a.host}:${a.port} can read and change everything` };
  return {
    ok: false,
    message: `refusing to listen on ${a.host} without a login: set LAMBDALENS_PASSWORD (and LAMBDALENS_API_TOKEN for scripts), or pass --insecure to serve it open`,
  };
}

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const args = parseServeArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`lambdalens serve: ${args}\n\n${USAGE}`);
    return 2;
  }
  const bind = bindCheck(args, Boolean(process.env.LAMBDALENS_PASSWORD));
  if (!bind.ok) {
    process.stderr.write(`lambdalens serve: ${bind.message}\n`);
    return 2;
  }
  if (!existsSync(NEXT_BIN)) {
    process.stderr.write(`lambdalens serve: ${NEXT_BIN} not found; run 'npm install' first\n`);
    return 1;
  }

  await runMigrations();

  const reason = buildReason();
  if (reason) {
    process.stdout.write(`lambdalens: building the dashboard: ${reason}\n`);
    const code = await runNext(["build"]);
    if (code !== 0) {
      process.stderr.write(`lambdalens serve: next build failed (exit ${code})\n`);
      return code;
    }
  }

  process.stdout.write(`lambdalens: ${bind.note}\n`);
  process.stdout.write(`lambdalens: dashboard at http://${args.host === "0.0.0.0" || args.host === "::" ? "localhost" : args.host}:${args.port}/\n`);
  return runNext(["start", "-H", args.host, "-p", String(args.port)]);
}
