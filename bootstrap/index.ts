// One-time setup, run by an administrator with their own AWS credentials (see the README's delivery section):
// GitHub's OIDC provider, the read-only preview role and one deploy role per stack. The workflows then need no
// AWS keys at all. Run from this directory: `pulumi stack init github && pulumi config set githubRepository
// owner/name && pulumi up`.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { createGithubDeployAccess } from "./github-oidc";
import { readProjectName, readStackTargets } from "./stack-files";

const PROGRAM_DIR = path.resolve(__dirname, "..");

const config = new pulumi.Config();
const stateBucket = config.get("stateBucket");
const existingOidcProviderArn = config.get("oidcProviderArn");

const access = createGithubDeployAccess("github", {
  repository: config.require("githubRepository"),
  accountId: aws.getCallerIdentityOutput().accountId,
  partition: aws.getPartitionOutput().partition,
  // Each deploy role is scoped to its stack's resource names, from the program's infra/names.ts.
  names: { project: readProjectName(PROGRAM_DIR) },
  stacks: readStackTargets(PROGRAM_DIR, config.getObject<string[]>("stacks") ?? ["dev", "prod"]),
  ...(stateBucket ? { stateBucket } : {}),
  ...(existingOidcProviderArn ? { existingOidcProviderArn } : {}),
});

// Repository variable AWS_PREVIEW_ROLE_ARN, and variable AWS_ROLE_ARN of each environment (dev, prod).
export const previewRoleArn = access.previewRole.arn;
export const deployRoleArns = Object.fromEntries(
  Object.entries(access.deployRoles).map(([stack, role]) => [stack, role.arn]),
);
// The permissions boundary of each stack's roles (its stack file's permissionsBoundary names it).
export const permissionsBoundaryArns = Object.fromEntries(
  Object.entries(access.boundaries).map(([stack, policy]) => [stack, policy.arn]),
);
