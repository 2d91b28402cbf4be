import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { stackNames } from "../infra/names";
import { permissionsBoundaryName } from "../infra/stack-scope";
import { boundaryPolicy } from "./boundary";
import {
  checkNames,
  deployPolicy,
  environmentSubject,
  githubOidcProviderArn,
  githubTrustPolicy,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  previewPolicy,
  pullRequestSubject,
  type AccountScope,
  type ProgramNames,
  type StackTarget,
} from "./policies";

export interface GithubDeployAccessArgs {
  /** owner/name of the repository whose workflows may assume the roles. */
  repository: string;
  accountId: pulumi.Input<string>;
  /** Defaults to "aws". */
  partition?: pulumi.Input<string>;
  names: ProgramNames;
  /** The stacks the workflows deploy; each gets a deploy role trusted only for the environment of the same name. */
  stacks: StackTarget[];
  /** The S3 bucket of a self-managed backend (PULUMI_BACKEND_URL=s3://<bucket>); unset for Pulumi Cloud. */
  stateBucket?: string;
  /** GitHub's OIDC provider, when the account already has one (there can be only one per account). */
  existingOidcProviderArn?: string;
}

export interface GithubDeployAccess {
  /** Undefined when an existing provider is reused. */
  oidcProvider: aws.iam.OpenIdConnectProvider | undefined;
  previewRole: aws.iam.Role;
  deployRoles: Record<string, aws.iam.Role>;
  /** Per stack: the permissions boundary every role that stack's program creates must carry. */
  boundaries: Record<string, aws.iam.Policy>;
  policies: aws.iam.RolePolicy[];
}

/** The role names the README tells users to look for. */
export function previewRoleName(names: ProgramNames): string {
  return `${names.project}-github-preview`;
}

export function deployRoleName(names: ProgramNames, stack: string): string {
  return `${names.project}-github-deploy-${stack}`;
}

/**
 * GitHub's OIDC provider (unless one exists), a read-only preview role for pull requests, and one deploy role per
 * stack for jobs in the GitHub environment of that name. No access keys: every credential is a one-hour session
 * obtained with a GitHub OIDC token.
 */
export function createGithubDeployAccess(name: string, args: GithubDeployAccessArgs): GithubDeployAccess {
  checkNames({ repository: args.repository, stacks: args.stacks, stateBucket: args.stateBucket });

  const oidcProvider =
    args.existingOidcProviderArn === undefined
      ? new aws.iam.OpenIdConnectProvider(`${name}-oidc`, {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdLists: [GITHUB_OIDC_AUDIENCE],
          // No thumbprints: IAM trusts GitHub's certificate through its own CA store.
        })
      : undefined;
  const dependsOn = oidcProvider ? [oidcProvider] : [];

  const account = pulumi
    .all([args.partition ?? "aws", args.accountId])
    .apply(([partition, accountId]): AccountScope => {
      const scope = { partition, accountId };
      checkNames({ account: scope });
      if (
        args.existingOidcProviderArn !== undefined &&
        args.existingOidcProviderArn !== githubOidcProviderArn(scope)
      ) {
        throw new Error(
          `existing OIDC provider ${args.existingOidcProviderArn} is not GitHub's in this account`,
        );
      }
      return scope;
    });

  const role = (roleName: string, description: string, subject: string, policy: pulumi.Output<string>) => {
    const created = new aws.iam.Role(
      roleName,
      {
        name: roleName,
        description,
        maxSessionDuration: 3600,
        assumeRolePolicy: account.apply((scope) => JSON.stringify(githubTrustPolicy(scope, subject))),
      },
      { dependsOn },
    );
    const inline = new aws.iam.RolePolicy(`${roleName}-permissions`, { role: created.id, policy });
    return { created, inline };
  };

  const preview = role(
    previewRoleName(args.names),
    `pulumi preview from pull requests of ${args.repository} (read-only)`,
    pullRequestSubject(args.repository),
    account.apply((scope) => JSON.stringify(previewPolicy(scope, args.names, args.stacks, args.stateBucket))),
  );

  const deployRoles: Record<string, aws.iam.Role> = {};
  const boundaries: Record<string, aws.iam.Policy> = {};
  const policies = [preview.inline];
  for (const target of args.stacks) {
    // The stack's permissions boundary: the stack file's permissionsBoundary names it.
    const boundaryName = permissionsBoundaryName(stackNames(args.names.project, target.stack));
    boundaries[target.stack] = new aws.iam.Policy(boundaryName, {
      name: boundaryName,
      description: `Permissions boundary of every role stack ${target.stack} creates`,
      policy: account.apply((scope) => JSON.stringify(boundaryPolicy(scope, args.names, target))),
    });
    const deploy = role(
      deployRoleName(args.names, target.stack),
      `pulumi up of stack ${target.stack} from the ${target.stack} environment of ${args.repository}`,
      environmentSubject(args.repository, target.stack),
      account.apply((scope) => JSON.stringify(deployPolicy(scope, args.names, target, args.stateBucket))),
    );
    deployRoles[target.stack] = deploy.created;
    policies.push(deploy.inline);
  }

  return { oidcProvider, previewRole: preview.created, deployRoles, boundaries, policies };
}
