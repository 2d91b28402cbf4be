#!/usr/bin/env bash
# After `pulumi up`: checks that the image the function runs ($IMAGE_URI, repository@sha256:digest) is one
# single-platform image manifest, which Lambda requires (it rejects an image index), then tags it
# deployed-<digest hex>. That tag names the digest, so it never moves, and the repository's lifecycle rule (which
# expires untagged images only) keeps the image for as long as published versions may point at it.
set -euo pipefail

#
# It also runs when `pulumi up` failed (UP_OUTCOME=failure), since the image may be pushed and a version published
# before a later resource fails: IMAGE_URI is then empty and the stack's imageUri output ($STACK) names the image.
# No output there means no deployed image to keep: a notice, and success (the failed up fails the job anyway).

if [ -z "${IMAGE_URI:-}" ] && [ -n "${STACK:-}" ] && command -v pulumi > /dev/null; then
  if [ -n "${PULUMI_BACKEND_URL:-}" ]; then pulumi login "$PULUMI_BACKEND_URL" > /dev/null 2>&1 || true; fi
  IMAGE_URI=$(pulumi stack output imageUri --stack "$STACK" 2> /dev/null || true)
fi
if [ -z "${IMAGE_URI:-}" ] && [ "${UP_OUTCOME:-success}" != success ]; then
  echo "::notice::pulumi up did not succeed and stack ${STACK:-?} has no imageUri output: no image to check or tag"
  exit 0
fi
: "${IMAGE_URI:?IMAGE_URI must be repository-url@sha256:digest}"
case "$IMAGE_URI" in
  *@sha256:*) ;;
  *) echo "::error::IMAGE_URI is not pinned to a digest: $IMAGE_URI"; exit 1 ;;
esac
digest="${IMAGE_URI##*@}"
repository_url="${IMAGE_URI%@*}"
repository="${repository_url#*/}"
tag="deployed-${digest#sha256:}"
# Every call goes to the image's own registry: the account and region in its host name
# (<account>.dkr.ecr.<region>.amazonaws.com[.cn]), not the job's default region, which one workflow variable sets for
# stacks in different regions (and a deploy role allows its own stack's region only).
if [[ ! "$repository_url" =~ ^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/[^/] ]]; then
  echo "::error::IMAGE_URI is not in an ECR private registry (<account>.dkr.ecr.<region>.amazonaws.com/...): $IMAGE_URI"
  exit 1
fi
ecr=(--registry-id "${BASH_REMATCH[1]}" --region "${BASH_REMATCH[2]}")

# Ask for every manifest type, so an index is reported as one instead of refused.
image=$(aws ecr batch-get-image "${ecr[@]}" --repository-name "$repository" --image-ids "imageDigest=$digest" \
  --accepted-media-types \
    application/vnd.oci.image.manifest.v1+json \
    application/vnd.docker.distribution.manifest.v2+json \
    application/vnd.oci.image.index.v1+json \
    application/vnd.docker.distribution.manifest.list.v2+json \
  --output json)
if [ "$(jq '.images | length' <<< "$image")" != 1 ]; then
  echo "::error::ECR has no image $digest in $repository: $(jq -c '.failures' <<< "$image")"
  exit 1
fi
media_type=$(jq -r '.images[0].imageManifestMediaType' <<< "$image")
manifest=$(jq -r '.images[0].imageManifest' <<< "$image")
case "$media_type" in
  application/vnd.oci.image.manifest.v1+json | application/vnd.docker.distribution.manifest.v2+json) ;;
  *)
    echo "::error::$IMAGE_URI is a $media_type, not a single-platform image manifest: Lambda cannot run it"
    exit 1
    ;;
esac
if jq -e 'has("manifests")' <<< "$manifest" > /dev/null; then
  echo "::error::$IMAGE_URI lists other manifests (an image index): Lambda cannot run it"
  exit 1
fi
echo "$IMAGE_URI: one $media_type"

# Tag it. The manifest goes back byte for byte (a file: $(...) would drop a trailing newline), with the digest it must
# have: ECR computes the digest of what it receives and refuses a mismatch (ImageDigestDoesNotMatchException), so the
# tag lands on this very image or nowhere. A re-run finds the tag already on it (ImageAlreadyExistsException).
manifest_file=$(mktemp)
trap 'rm -f "$manifest_file"' EXIT
jq -j '.images[0].imageManifest' <<< "$image" > "$manifest_file"
if ! output=$(aws ecr put-image "${ecr[@]}" --repository-name "$repository" --image-tag "$tag" \
  --image-manifest "file://$manifest_file" --image-manifest-media-type "$media_type" --image-digest "$digest" \
  --output json 2>&1); then
  if ! grep -q ImageAlreadyExistsException <<< "$output"; then
    echo "$output"
    exit 1
  fi
fi
echo "tagged $repository:$tag"
