/**
 * What the logs lack, from Lambda's own API. Every call here is optional enrichment: a
 * caller without lambda:Get* permissions, or an endpoint that throttles or does not
 * implement a call, still gets its metrics from the logs, so no call here ever throws.
 * Permission and not-found errors are expected and become null quietly; anything else
 * becomes null too, and is passed to `onFailure` for the caller to say once.
 */
import {
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { errorName, httpStatus } from "./retry";

export interface FunctionFacts {
  architecture?: string;
  memoryMB?: number;
  timeoutSec?: number;
  runtime?: string;
  /** the deployment package's size in bytes */
  codeSizeBytes?: number;
  /** null: no reserved concurrency set; undefined: not known (GetFunctionConcurrency denied). */
  reservedConcurrency?: number | null;
}

/** A Lambda API call that failed for a reason other than permission or a missing function. */
export type LambdaFailure = (operation: string, error: unknown) => void;

function isDenied(e: unknown): boolean {
  const n = errorName(e);
  return n === "AccessDeniedException" || n === "AccessDenied" || httpStatus(e) === 403;
}

function isNotFound(e: unknown): boolean {
  return errorName(e) === "ResourceNotFoundException" || (httpStatus(e) === 404 && errorName(e) !== "UnknownOperationException");
}

/** GetFunctionConfiguration + GetFunctionConcurrency; null when denied, gone or failing. */
export async function fetchFunctionFacts(lambdaClient: LambdaClient, functionName: string, onFailure?: LambdaFailure): Promise<FunctionFacts | null> {
  let facts: FunctionFacts;
  try {
    const c = await lambdaClient.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    facts = {};
    // Container-image functions have no Runtime; Architectures holds exactly one entry today
    if (c.Architectures?.[0] !== undefined) facts.architecture = c.Architectures[0];
    if (c.MemorySize !== undefined) facts.memoryMB = c.MemorySize;
    if (c.Timeout !== undefined) facts.timeoutSec = c.Timeout;
    if (c.Runtime !== undefined) facts.runtime = c.Runtime;
    if (c.CodeSize !== undefined) facts.codeSizeBytes = c.CodeSize;
  } catch (e) {
    if (!isDenied(e) && !isNotFound(e)) onFailure?.("GetFunctionConfiguration", e);
    return null;
  }
  try {
    const r = await lambdaClient.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
    facts.reservedConcurrency = r.ReservedConcurrentExecutions ?? null;
  } catch (e) {
    if (isNotFound(e)) return null;
    // lambda:GetFunctionConcurrency is often missing from read-only policies: keep the rest
    if (!isDenied(e)) onFailure?.("GetFunctionConcurrency", e);
  }
  return facts;
}

/** GetAccountSettings → AccountLimit.ConcurrentExecutions; null when denied or failing. */
export async function fetchAccountConcurrencyLimit(lambdaClient: LambdaClient, onFailure?: LambdaFailure): Promise<number | null> {
  try {
    const r = await lambdaClient.send(new GetAccountSettingsCommand({}));
    return r.AccountLimit?.ConcurrentExecutions ?? null;
  } catch (e) {
    if (!isDenied(e)) onFailure?.("GetAccountSettings", e);
    return null;
  }
}
