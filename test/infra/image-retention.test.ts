import { transformsOf, valueOf } from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULTS } from "../../infra/config";
import { BUILT_IMAGE_TYPE, retainBuiltImages } from "../../infra/image-retention";
import { buildFunctionImage } from "../../infra/registry";

/**
 * What the engine passes a transform for the child awsx.ecr.Image creates (pulumi-awsx `awsx/ecr/image.ts`:
 * `new docker.Image(imageName, dockerImageArgs, { parent })`, named `<sha1 of the build paths>-container`).
 */
function innerImageArgs(type = BUILT_IMAGE_TYPE): pulumi.ResourceTransformArgs {
  return {
    custom: true,
    type,
    name: "0123456789abcdef0123456789abcdef01234567-container",
    props: {
      tags: ["123456789012.dkr.ecr.us-east-1.amazonaws.com/cola-test-repo-1a2b3c4:0123-container"],
      push: true,
      context: { location: "/checkout" },
    },
    opts: { protect: false },
  };
}

/** Applies transforms in order, as the engine does: each sees the previous one's result. */
async function applyAll(transforms: pulumi.ResourceTransform[], args: pulumi.ResourceTransformArgs) {
  let current = { props: args.props, opts: args.opts };
  for (const transform of transforms) {
    current = (await transform({ ...args, ...current })) ?? current;
  }
  return current;
}

describe("images are never deleted by a rebuild: the inner docker-build image is retained on delete", () => {
  it("sets retainOnDelete on docker-build:index:Image, keeping its inputs and other options", async () => {
    const args = innerImageArgs();
    const result = await retainBuiltImages(args);
    assert.deepEqual(result, { props: args.props, opts: { protect: false, retainOnDelete: true } });
  });

  it("leaves every other resource type as it is", async () => {
    for (const type of ["aws:ecr/repository:Repository", "awsx:ecr:Image", "docker-build:index:Index"]) {
      assert.equal(await retainBuiltImages(innerImageArgs(type)), undefined, type);
    }
  });

  describe("the function image as the program declares it", () => {
    let image: ReturnType<typeof buildFunctionImage>;
    const callerTransform: pulumi.ResourceTransform = (args) => ({
      props: args.props,
      opts: { ...args.opts, retainOnDelete: false, ignoreChanges: ["tags"] },
    });
    before(async () => {
      image = buildFunctionImage(
        "retention-test-image",
        {
          repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/cola-test-repo-1a2b3c4",
          architecture: "x86_64",
          modelDir: "models",
          maxLength: DEFAULTS.maxLength,
        },
        { transforms: [callerTransform] },
      );
      await valueOf(image.urn);
    });

    it("is registered with the retaining transform, after the caller's own", async () => {
      const transforms = transformsOf("awsx:ecr:Image", "retention-test-image");
      assert.deepEqual(transforms, [callerTransform, retainBuiltImages]);
      // Applied in that order to the inner image, the caller's retainOnDelete: false cannot undo it.
      const { opts } = await applyAll(transforms, innerImageArgs());
      assert.equal(opts.retainOnDelete, true);
      assert.deepEqual(opts.ignoreChanges, ["tags"]);
    });
  });
});
