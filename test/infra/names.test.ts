import * as assert from "node:assert/strict";
import {
  autonamedLength,
  autonamePattern,
  logGroupNames,
  logicalNames,
  MAX_STACK_NAME_LENGTH,
  stackNameProblem,
  stackNames,
} from "../../infra/names";

/** A physical name as Pulumi's auto-naming makes it: the logical name, "-", 7 random hex characters. */
const auto = (logicalName: string) => `${logicalName}-1a2b3c4`;

describe("infra/names.ts: the resource names of each stack", () => {
  it("puts the stack in every name: cola-<stack>-..., and <project>-<stack> in the log groups", () => {
    const dev = stackNames("cola-serverless", "dev");
    assert.deepEqual(dev, { prefix: "cola-dev", qualifiedName: "cola-serverless-dev" });
    const prod = logicalNames(stackNames("cola-serverless", "prod").prefix);
    assert.equal(auto(prod.functionRole), "cola-prod-fn-role-1a2b3c4");
    assert.equal(auto(prod.function), "cola-prod-fn-1a2b3c4");
    assert.equal(auto(prod.repository), "cola-prod-repo-1a2b3c4");
    assert.deepEqual(logGroupNames(dev), {
      function: "/aws/lambda/cola-serverless-dev",
      access: "/aws/vendedlogs/apigateway/cola-serverless-dev",
    });
  });

  it("the pattern for an auto-named resource matches its names and no longer or shorter one", () => {
    assert.equal(autonamePattern("cola-dev-fn"), "cola-dev-fn-???????");
    assert.equal(autonamedLength("cola-dev-fn"), auto("cola-dev-fn").length);
  });

  it("accepts the longest stack name whose function role name still fits IAM's 64 characters", () => {
    assert.equal(MAX_STACK_NAME_LENGTH, 43);
    const longest = "s".repeat(MAX_STACK_NAME_LENGTH);
    const names = logicalNames(stackNames("cola-serverless", longest).prefix);
    assert.equal(auto(names.functionRole).length, 64);
    assert.ok(auto(names.function).length <= 64, "Lambda function names: at most 64");
    assert.throws(
      () => stackNames("cola-serverless", `${longest}s`),
      /longer than 43 characters.*IAM allows 64/,
    );
  });

  it("refuses stack names AWS would refuse in a resource name, or that would widen a pattern", () => {
    for (const stack of ["dev", "prod", "staging-eu", "team_a", "pr-123"]) {
      assert.equal(stackNameProblem(stack), undefined, stack);
    }
    // Upper case (ECR), dots (Lambda), wildcards, doubled or edge separators (ECR), empty.
    for (const stack of ["Dev", "a.b", "d*", "d?", "a--b", "-a", "a-", "a_-b", "", "a/b", "a:b"]) {
      assert.throws(
        () => stackNames("cola-serverless", stack),
        /cannot be part of the resource names/,
        stack,
      );
    }
  });
});
