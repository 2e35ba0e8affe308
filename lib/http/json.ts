import { ZodError } from "zod";
import { describeZodError } from "../settings/schema";
import { RangeError400 } from "../dashboard/range";
import { NotFound } from "../dashboard/function-data";
import { StoreUnavailable } from "../store/store";
import { serverStore } from "../store/server-store";
import type { Store } from "../store/store";

export class BadRequest extends Error {}

export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });
}

/** The answer to a known failure: 400 for bad input, 404 for what is not there, 503 without a database. */
export function errorResponse(e: unknown): Response {
  if (e instanceof ZodError) return jsonError(400, describeZodError(e));
  if (e instanceof BadRequest || e instanceof RangeError400) return jsonError(400, e.message);
  if (e instanceof NotFound) return jsonError(404, e.message);
  if (e instanceof StoreUnavailable) return jsonError(503, e.message);
  console.error(e);
  return jsonError(500, `internal error: ${(e as Error).message}`);
}

/** Runs a route's one lib call with the server's store and answers with its JSON, or with the error's status. */
export async function withServerStore(fn: (store: Store) => Promise<unknown>): Promise<Response> {
  try {
    const body = await fn(await serverStore());
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

/** A request's query string as a plain object (repeated keys: the last one). */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new BadRequest("the body is not JSON; send Content-Type: application/json with a JSON object");
  }
}
