import type * as pulumi from "@pulumi/pulumi";

/**
 * The type of the resource awsx.ecr.Image creates inside itself to build and push the image (pulumi-awsx
 * `awsx/ecr/image.ts`: `new docker.Image(imageName, ..., { parent })`, from `@pulumi/docker-build`).
 */
export const BUILT_IMAGE_TYPE = "docker-build:index:Image";

/**
 * Keeps every pushed digest in ECR when Pulumi deletes the resource that pushed it.
 *
 * awsx names that inner resource from a hash of the build context's absolute path, the Dockerfile path, the build
 * arguments (the model folder) and the stack (`createUniqueImageName`). A `pulumi up` from another checkout path or
 * with another `modelDir` therefore registers a new resource and deletes the old one, and docker-build's delete
 * removes the old digest from the registry, even though published Lambda versions still run it. With
 * `retainOnDelete` Pulumi drops the resource from its state and leaves the digest; the repository's lifecycle rule
 * expires it later only if no deploy tagged it.
 *
 * awsx.ecr.Image is a remote component, so its children are created by the awsx provider, not by this program:
 * `transforms` (not the older `transformations`) are the resource option the engine applies to such children.
 */
export const retainBuiltImages: pulumi.ResourceTransform = (args) =>
  args.type === BUILT_IMAGE_TYPE
    ? { props: args.props, opts: { ...args.opts, retainOnDelete: true } }
    : undefined;

/** `opts` with {@link retainBuiltImages} added after the caller's own transforms. */
export function withBuiltImagesRetained(
  opts: pulumi.ComponentResourceOptions = {},
): pulumi.ComponentResourceOptions {
  return { ...opts, transforms: [...(opts.transforms ?? []), retainBuiltImages] };
}
