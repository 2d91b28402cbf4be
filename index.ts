// CoLA acceptability classifier on AWS. The stack, in the order infra/stack.ts declares it:
//   config  typed and validated settings (infra/config.ts); a bad value fails `pulumi preview`, naming it
//   names   cola-<stack>-repo-…, cola-<stack>-fn-…, ... (infra/names.ts; the bootstrap's deploy roles use the same)
//   1. ECR repository: scan on push, keeps the newest N images (infra/registry.ts)
//   2. image built from function/Dockerfile for the function's architecture, pushed there (infra/registry.ts)
//   3. the function's log group, with retention (infra/logs.ts)
//   4. its execution role: writes to that log group, plus X-Ray when tracing (infra/role.ts)
//   5. the Lambda function running the image (infra/function.ts)
//   6. with provisioned concurrency: a published version behind the `live` alias, kept warm (infra/function.ts)
//   7. HTTP API: CORS, POST /predict and GET /health, throttled $default stage, JSON access logs (infra/api.ts)
//   8. the permission for this API alone to invoke the function (infra/api.ts)
//   9. the exports below
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./infra/config";
import { stackNames } from "./infra/names";
import { createClassifierStack } from "./infra/stack";

// Typed and validated before any resource exists: a bad setting fails `pulumi preview`.
const stackConfig = new pulumi.Config();
const { config, warnings } = parseStackConfig((key) => stackConfig.get(key));
warnings.forEach((warning) => void pulumi.log.warn(warning));

// Every name carries the stack, so each stack's deploy role (bootstrap/) reaches its own resources only.
const stack = createClassifierStack(stackNames(pulumi.getProject(), pulumi.getStack()), config);

// POST {"sentence": "..."} or {"sentences": [...]} to url; GET healthUrl.
export const url = stack.outputs.url;
export const healthUrl = stack.outputs.healthUrl;
export const functionName = stack.outputs.functionName;
export const imageUri = stack.outputs.imageUri;
export const repositoryUrl = stack.outputs.repositoryUrl;
