import { MOCK_ACCOUNT, MOCK_PROJECT } from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { stackNames } from "../../infra/names";
import { permissionsBoundaryName, STACK_TAG_KEY } from "../../infra/stack-scope";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  resourcesOfType,
  stackFileConfig,
  type StackName,
} from "./stack-fixtures";

describe("what ties a stack's resources to its deploy role: the permissions boundary and the stack tag", () => {
  for (const stack of ["dev", "prod"] as const satisfies StackName[]) {
    it(`${stack}: the stack file names the boundary bootstrap/ creates for ${stack}`, () => {
      assert.equal(
        stackFileConfig(stack).permissionsBoundary,
        permissionsBoundaryName(stackNames(MOCK_PROJECT, stack)),
      );
    });

    it(`${stack}: every role the program creates carries that boundary, in the deploying account`, async () => {
      const { resources } = await buildStack(cliStackConfig(stack), stack);
      const roles = resourcesOfType(resources, "aws:iam/role:Role");
      assert.ok(roles.length >= 1);
      for (const role of roles) {
        assert.equal(
          role.inputs.permissionsBoundary,
          `arn:aws:iam::${MOCK_ACCOUNT}:policy/cola-serverless-${stack}-boundary`,
          role.name,
        );
      }
    });

    it(`${stack}: the HTTP API and its stage carry the stack tag`, async () => {
      const { resources } = await buildStack(cliStackConfig(stack), stack);
      const tags = { [STACK_TAG_KEY]: `cola-serverless-${stack}` };
      assert.deepEqual(onlyResourceOfType(resources, "aws:apigatewayv2/api:Api").inputs.tags, tags);
      assert.deepEqual(onlyResourceOfType(resources, "aws:apigatewayv2/stage:Stage").inputs.tags, tags);
    });
  }

  it("a stack that sets no boundary (deployed without bootstrap/) creates its roles without one", async () => {
    const { resources } = await buildStack(cliStackConfig("dev", { permissionsBoundary: "" }));
    for (const role of resourcesOfType(resources, "aws:iam/role:Role")) {
      assert.equal(role.inputs.permissionsBoundary, undefined, role.name);
    }
  });
});
