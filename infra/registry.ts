import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as awsx from "@pulumi/awsx";
import type { Architecture, StackConfig } from "./config";
import { checkModelFolder } from "./model-folder";

/** The Docker build context is the repository root: the image bundles function/ and the model folder. */
const REPO_ROOT = path.resolve(__dirname, "..");
const DOCKERFILE = path.join(REPO_ROOT, "function", "Dockerfile");

const PLATFORMS: Record<Architecture, string> = {
  x86_64: "linux/amd64",
  arm64: "linux/arm64",
};

export function dockerPlatform(architecture: Architecture): string {
  return PLATFORMS[architecture];
}

/** ECR repository that scans every pushed image and keeps only the newest `ecrKeepImages`. */
export function createRepository(name: string, config: StackConfig): awsx.ecr.Repository {
  return new awsx.ecr.Repository(name, {
    imageScanningConfiguration: { scanOnPush: true },
    // awsx.ecr.Image pushes every build of a stack under the same tag (a hash of context, Dockerfile and stack)
    // and the function pins the digest, so the tag must be allowed to move: IMMUTABLE breaks the second `up`.
    imageTagMutability: "MUTABLE",
    forceDelete: config.ecrForceDelete,
    lifecyclePolicy: {
      rules: [
        {
          description: `Keep the last ${config.ecrKeepImages} images`,
          tagStatus: "any",
          maximumNumberOfImages: config.ecrKeepImages,
        },
      ],
    },
  });
}

/**
 * Builds function/Dockerfile for the function's architecture and pushes it; imageUri pins the digest.
 * One platform only: Lambda rejects an image index. (awsx builds through the docker-build provider, which also
 * turns off buildx's default provenance attestation, the other way an index would be pushed.)
 */
export function buildFunctionImage(
  name: string,
  repositoryUrl: pulumi.Input<string>,
  config: StackConfig,
): awsx.ecr.Image {
  return new awsx.ecr.Image(name, {
    repositoryUrl,
    context: REPO_ROOT,
    dockerfile: DOCKERFILE,
    platform: dockerPlatform(config.architecture),
    // The model folder function/Dockerfile copies, once the function's own code has loaded it.
    args: { MODEL_DIR: checkModelFolder(config.modelDir, config.maxLength) },
  });
}
