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

/** The second set of real samples (see its SOURCES.md), read in place like the first. */
export const FIELD_FIXTURES = fileURLToPath(new URL("../../shared/fixtures/field/", import.meta.url));

type FieldCount = "invocations" | "coldStarts" | "snapStartRestores" | "initFailures" | "timeouts";

/** What EXPECTED.json of the field samples says of one file (its `_note` defines each field). */
export interface FieldExpectation extends Record<FieldCount, number> {
  args: string[];
  maxInitDurationMs: number | null;
  maxDurationMs: number;
  /** One size, or the several a file mixes (then unchecked). */
  memorySizeMB: number | number[];
  /** Fields too ambiguous to judge, with the reason: reported, not checked. */
  unchecked?: Record<string, string>;
}

export function fieldExpectations(): Record<string, FieldExpectation> {
  return JSON.parse(readFileSync(join(FIELD_FIXTURES, "EXPECTED.json"), "utf8")).files;
}

export function fieldFixture(name: string): string {
  return join(FIELD_FIXTURES, name);
}

/** Every sample of both sets, by path. */
export function allSamplePaths(): string[] {
  const field = readdirSync(FIELD_FIXTURES).filter((f) => f !== "EXPECTED.json" && f !== "SOURCES.md");
  return [...allLogFixtures().map(fixture), ...field.map(fieldFixture)];
}
