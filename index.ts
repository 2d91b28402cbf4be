// CoLA acceptability classifier on AWS: one ClassifierService component (infra/service.ts) holding the ECR
// repository and image, the Lambda function with its role and logs, the HTTP API, alarms and a dashboard, and
// the CodeDeploy rollout that moves the `live` alias to each new version.
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./infra/config";
import { stackNames } from "./infra/names";
import { ClassifierService } from "./infra/service";

// Typed and validated before any resource exists: a bad setting fails `pulumi preview`, naming it.
const stackConfig = new pulumi.Config();
const { config, warnings } = parseStackConfig((key) => stackConfig.get(key));
warnings.forEach((warning) => void pulumi.log.warn(warning));

// Every name carries the stack, so each stack's deploy role (bootstrap/) reaches its own resources only.
const names = stackNames(pulumi.getProject(), pulumi.getStack());
const service = new ClassifierService(names.prefix, { names, config });

// POST {"sentence": "..."} or {"sentences": [...]} to url; GET healthUrl (open even when auth is on).
export const url = service.url;
export const healthUrl = service.healthUrl;
export const functionName = service.functionName;
export const imageUri = service.imageUri;
export const repositoryUrl = service.repositoryUrl;
export const dashboardUrl = service.dashboardUrl;
export const auth = config.auth;
// httpApi or functionUrl: the deploy job signs its smoke test for an iam function URL.
export const endpoint = config.endpoint;
// Where `npm run rollback -- <stack> <version>` finds the function, its alias and its deployment group.
export const rollout = service.rolloutTarget;
