import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LAMBDA_FUNCTION } from "./resource-types";

export interface LambdaMemoryBudget {
  maxMemoryMb: number;
}

export const DEFAULT_LAMBDA_MEMORY_BUDGET: LambdaMemoryBudget = { maxMemoryMb: 4096 };

export interface LambdaConcurrencyBudget {
  maxReservedConcurrency: number;
}

export const DEFAULT_LAMBDA_CONCURRENCY_BUDGET: LambdaConcurrencyBudget = { maxReservedConcurrency: 100 };

/**
 * Without a reservation one function can take the whole account's concurrency (and bill for it); a reservation
 * of 0 disables the function; one above the budget caps nothing worth capping.
 * Advisory by default: new accounts have a concurrency limit of 10 and cannot reserve any of it.
 */
export const lambdaReservedConcurrency: ResourceValidationPolicy = {
  name: "lambda-reserved-concurrency",
  description:
    "Lambda functions reserve between 1 and a budgeted number of concurrent executions, which caps both their scale-out and their cost.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      maxReservedConcurrency: {
        type: "integer",
        minimum: 1,
        default: DEFAULT_LAMBDA_CONCURRENCY_BUDGET.maxReservedConcurrency,
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== LAMBDA_FUNCTION) return;
    const { maxReservedConcurrency } = args.getConfig<LambdaConcurrencyBudget>();
    const reserved: unknown = args.props.reservedConcurrentExecutions;
    if (typeof reserved !== "number" || reserved < 0) {
      reportViolation(
        `reservedConcurrentExecutions is ${String(reserved)}; reserve 1 to ${maxReservedConcurrency} (stack config key reservedConcurrency)`,
      );
    } else if (reserved === 0) {
      reportViolation("reservedConcurrentExecutions is 0, which disables the function; reserve at least 1");
    } else if (reserved > maxReservedConcurrency) {
      reportViolation(
        `reservedConcurrentExecutions is ${reserved}; the budget allows at most ${maxReservedConcurrency}`,
      );
    }
  },
};

export const lambdaMemoryBudget: ResourceValidationPolicy = {
  name: "lambda-memory-budget",
  description: "Lambda functions stay within the memory (and so cost per millisecond) budget.",
  configSchema: {
    properties: {
      maxMemoryMb: {
        type: "integer",
        minimum: 128,
        maximum: 10240,
        default: DEFAULT_LAMBDA_MEMORY_BUDGET.maxMemoryMb,
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== LAMBDA_FUNCTION) return;
    const { maxMemoryMb } = args.getConfig<LambdaMemoryBudget>();
    // AWS's default when memorySize is omitted.
    const memorySize: unknown = args.props.memorySize ?? 128;
    if (typeof memorySize !== "number" || memorySize > maxMemoryMb) {
      reportViolation(`memorySize is ${String(memorySize)} MB; the budget allows at most ${maxMemoryMb} MB`);
    }
  },
};
