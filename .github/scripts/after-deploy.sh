#!/usr/bin/env bash
# What each deploy job runs after `pulumi up`, whatever its outcome (not when the job was cancelled or up never ran):
# 1. check-and-tag-image.sh: the deployed image is one single-platform manifest, tagged deployed-<digest>. Also after a
#    failed up, since a version may already run the pushed image.
# 2. smoke-test.sh, only after a successful up: the public URL answers as it should.
# Both run even when the first fails; the step fails if either did.
set -uo pipefail

here=$(dirname "${BASH_SOURCE[0]}")
status=0
"$here/check-and-tag-image.sh" || status=1
if [ "${UP_OUTCOME:-success}" = success ]; then
  "$here/smoke-test.sh" || status=1
else
  echo "::notice::pulumi up did not succeed (${UP_OUTCOME}): no smoke test of stack ${STACK:-?}"
fi
exit "$status"
