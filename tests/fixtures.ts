import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The public samples shared by the team, read in place (never copied into the project). */
export const PUBLIC_FIXTURES = fileURLToPath(new URL("../../shared/fixtures/public/", import.meta.url));

export interface ExpectedCounts {
  invocations: number;
  coldStarts: number;
  snapStartRestores: number;
}

export function expectedCounts(): Record<string, ExpectedCounts> {
  return JSON.parse(readFileSync(join(PUBLIC_FIXTURES, "EXPECTED.json"), "utf8")).files;
}

export function allLogFixtures(): string[] {
  return readdirSync(PUBLIC_FIXTURES).filter((f) => f !== "EXPECTED.json" && f !== "SOURCES.md");
}

export function fixture(name: string): string {
  return join(PUBLIC_FIXTURES, name);
}
