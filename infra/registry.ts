import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as awsx from "@pulumi/awsx";
import type { Architecture } from "./config";
import { withBuiltImagesRetained } from "./image-retention";
import { checkModelFolder } from "./model-folder";

/** The Docker build context is the repository root: the image bundles function/ and the model folder. */
const REPO_ROOT = path.resolve(__dirname, "..");
const DOCKERFILE = path.join(REPO_ROOT, "function", "Dockerfile");

const PLATFORMS: Record<Architecture, string> = {
  x86_64: "linux/amd64",
  arm64: "linux/arm64",
};

/**
 * The prefix of the tag the deploy workflow gives each image it deployed (`deployed-<digest hex>`). Derived from
 * the digest, such a tag never moves to another image, so the image keeps a tag as long as the tag exists.
 */
export const DEPLOYED_TAG_PREFIX = "deployed-";

export function dockerPlatform(architecture: Architecture): string {
  return PLATFORMS[architecture];
}

export interface RepositoryArgs {
  /** Days an untagged image is kept. */
  untaggedDays: number;
  forceDelete: boolean;
}

/**
 * The lifecycle rules: expire untagged images only, never a tagged one. awsx.ecr.Image pushes every build under
 * one moving tag (a hash of the build's paths and the stack), so the image a new build replaced loses that tag;
 * if a deploy shipped it, it still carries its `deployed-` tag, so published versions (and `live` moved back to
 * one of them) keep their images. A count-based rule would expire those after N deploys.
 */
function lifecycleRules(args: RepositoryArgs): awsx.types.input.ecr.LifecyclePolicyRuleArgs[] {
  return [
    {
      description: `Expire untagged images (builds no deploy tagged) after ${args.untaggedDays} days`,
      tagStatus: "untagged",
      maximumAgeLimit: args.untaggedDays,
    },
  ];
}

/** ECR repository that scans every pushed image and expires only the images no deploy kept. */
export function createRepository(
  name: string,
  args: RepositoryArgs,
  opts?: pulumi.ComponentResourceOptions,
): awsx.ecr.Repository {
  return new awsx.ecr.Repository(
    name,
    {
      imageScanningConfiguration: { scanOnPush: true },
      // awsx.ecr.Image moves its one tag to each new build and the function pins the digest, so tags must be
      // mutable: IMMUTABLE breaks the second `up`. The deployed- tags never move (they name the digest).
      imageTagMutability: "MUTABLE",
      forceDelete: args.forceDelete,
      lifecyclePolicy: { rules: lifecycleRules(args) },
    },
    opts,
  );
}

export interface FunctionImageArgs {
  repositoryUrl: pulumi.Input<string>;
  architecture: Architecture;
  /** The stack's model folder (config modelDir), relative to the repository root. */
  modelDir: string;
  /** The stack's maxLength, which the model folder must allow. */
  maxLength: number;
}

/**
 * Builds function/Dockerfile for the function's architecture and pushes it; imageUri pins the digest.
 * One platform only: Lambda rejects an image index. (awsx builds through the docker-build provider, which also
 * turns off buildx's default provenance attestation, the other way an index would be pushed; the deploy workflow
 * checks the pushed manifest.) No rebuild deletes a pushed digest: see ./image-retention.ts.
 */
export function buildFunctionImage(
  name: string,
  args: FunctionImageArgs,
  opts?: pulumi.ComponentResourceOptions,
): awsx.ecr.Image {
  return new awsx.ecr.Image(
    name,
    {
      repositoryUrl: args.repositoryUrl,
      context: REPO_ROOT,
      dockerfile: DOCKERFILE,
      platform: dockerPlatform(args.architecture),
      // The model folder function/Dockerfile copies, once the function's own code has loaded it.
      args: { MODEL_DIR: checkModelFolder(args.modelDir, args.maxLength) },
    },
    withBuiltImagesRetained(opts),
  );
}
