import { resolve } from "node:path";

/**
 * Runs a script's main when the script is what node was started with (not when a test
 * imports it), and makes its result the exit code.
 */
export function runIfMain(scriptFile: string, main: () => Promise<number>): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== resolve(scriptFile)) return;
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
