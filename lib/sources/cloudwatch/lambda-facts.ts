/**
 * What the logs lack, from Lambda's own API. Every call here is optional enrichment:
 * a caller without lambda:Get* permissions still gets its metrics from the logs, so
 * permission and not-found errors become null instead of exceptions.
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
  /** null: no reserved concurrency set; undefined: not known (GetFunctionConcurrency denied). */
  reservedConcurrency?: number | null;
}

function isDenied(e: unknown): boolean {
  const n = errorName(e);
  return n === "AccessDeniedException" || n === "AccessDenied" || httpStatus(e) === 403;
}

function isNotFound(e: unknown): boolean {
  return errorName(e) === "ResourceNotFoundException" || httpStatus(e) === 404;
}

/** GetFunctionConfiguration + GetFunctionConcurrency; null when denied or the function is gone. */
export async function fetchFunctionFacts(lambdaClient: LambdaClient, functionName: string): Promise<FunctionFacts | null> {
  let facts: FunctionFacts;
  try {
    const c = await lambdaClient.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    facts = {};
    // Container-image functions have no Runtime; Architectures holds exactly one entry today
    if (c.Architectures?.[0] !== undefined) facts.architecture = c.Architectures[0];
    if (c.MemorySize !== undefined) facts.memoryMB = c.MemorySize;
    if (c.Timeout !== undefined) facts.timeoutSec = c.Timeout;
    if (c.Runtime !== undefined) facts.runtime = c.Runtime;
  } catch (e) {
    if (isDenied(e) || isNotFound(e)) return null;
    throw e;
  }
  try {
    const r = await lambdaClient.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
    facts.reservedConcurrency = r.ReservedConcurrentExecutions ?? null;
  } catch (e) {
    // lambda:GetFunctionConcurrency is often missing from read-only policies: keep the rest
    if (isDenied(e)) return facts;
    if (isNotFound(e)) return null;
    throw e;
  }
  return facts;
}

/** GetAccountSettings → AccountLimit.ConcurrentExecutions; null when denied. */
export async function fetchAccountConcurrencyLimit(lambdaClient: LambdaClient): Promise<number | null> {
  try {
    const r = await lambdaClient.send(new GetAccountSettingsCommand({}));
    return r.AccountLimit?.ConcurrentExecutions ?? null;
  } catch (e) {
    if (isDenied(e)) return null;
    throw e;
  }
}
