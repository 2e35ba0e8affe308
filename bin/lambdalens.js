#!/usr/bin/env node
// Entry point only: registers the TypeScript loader so `npx lambdalens` works with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
