import { NextResponse } from "next/server";
import { InputError } from "@/lib/alerts/manage";

/** Runs one handler body: InputError → 400/404 with its message, anything else → 500. */
export async function respond(fn: () => Promise<unknown>, status = 200): Promise<NextResponse> {
  try {
    const body = await fn();
    return status === 204 ? new NextResponse(null, { status }) : NextResponse.json(body, { status });
  } catch (e) {
    if (e instanceof InputError) return NextResponse.json({ error: e.message }, { status: e.status });
    console.error(e);
    return NextResponse.json({ error: "internal error; see the server log" }, { status: 500 });
  }
}

/** A positive integer id from the URL, or a 400. */
export function idParam(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new InputError(`id: expected a number, got '${raw}'`);
  return Number(raw);
}

/** The request's JSON body, or a 400 saying it is not JSON. */
export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new InputError("body: expected a JSON object");
  }
}
