/**
 * `npm run rollback -- <stack> <version>`: moves the stack's `live` alias back to an earlier published version,
 * through CodeDeploy all at once (infra/rollout/rollback.ts). Reads where the function and its deployment group
 * are from `pulumi stack output rollout`; AWS credentials from the environment, as `pulumi up` takes them.
 *
 * Versions: aws lambda list-versions-by-function --function-name "$(pulumi stack output functionName)".
 */
import { execFileSync } from "node:child_process";
import { CloudWatch } from "@aws-sdk/client-cloudwatch";
import { CodeDeploy } from "@aws-sdk/client-codedeploy";
import { ECR } from "@aws-sdk/client-ecr";
import { Lambda } from "@aws-sdk/client-lambda";
import { rollBack, rollbackTargetFrom } from "../infra/rollout/rollback";
import { realClock } from "../infra/rollout/rollout";

async function main(argv: readonly string[]): Promise<void> {
  const [stack, version] = argv;
  if (stack === undefined || version === undefined || argv.length > 2) {
    throw new Error(
      "usage: npm run rollback -- <stack> <version>   (for example: npm run rollback -- prod 7)",
    );
  }
  const output = execFileSync("pulumi", ["stack", "output", "rollout", "--json", "--stack", stack], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const target = rollbackTargetFrom(output, stack);
  const { region } = target;
  const clients = {
    lambda: new Lambda({ region }),
    codedeploy: new CodeDeploy({ region }),
    cloudwatch: new CloudWatch({ region }),
    ecr: new ECR({ region }),
  };
  const result = await rollBack(target, version, clients, realClock);
  process.stdout.write(
    result.outcome === "unchanged"
      ? `${target.aliasName} of ${target.functionName} already serves version ${version}\n`
      : `${target.aliasName} of ${target.functionName}: version ${result.previousVersion} -> ${result.servedVersion} ` +
          `(CodeDeploy deployment ${String(result.deploymentId)})\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
