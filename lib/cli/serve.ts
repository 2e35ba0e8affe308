import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations } from "../store/store";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const BUILD_ID = path.join(ROOT, ".next", "BUILD_ID");
const SOURCES = ["app", "lib", "next.config.js"];

const USAGE = `Usage: lambdalens serve [--port N]

Applies database migrations, runs 'next build' when the build is missing or older
than app/, lib/ or next.config.js, then starts the dashboard with 'next start'.
The port defaults to $PORT, else 3000. The dashboard server also delivers alert
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

function parsePort(argv: string[]): number | string {
  let raw = process.env.PORT || "3000";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--port" || arg === "-p") raw = argv[++i] ?? "";
    else if (arg.startsWith("--port=")) raw = arg.slice("--port=".length);
    else return `unknown option '${arg}'`;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `invalid port '${raw}'`;
  return port;
}

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = parsePort(argv);
  if (typeof port === "string") {
    process.stderr.write(`lambdalens serve: ${port}\n\n${USAGE}`);
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

  process.stdout.write(`lambdalens: dashboard at http://localhost:${port}/\n`);
  return runNext(["start", "-p", String(port)]);
}
