#!/usr/bin/env bash
# After a successful `pulumi up`: calls the stack's public URL as a client would. GET /health must answer; with
# AUTH=none a prediction must succeed, and with auth on an unsigned POST must be refused (401 jwt, 403 iam) before
# it reaches the function. Adds the URL to the job summary.
set -euo pipefail

: "${STACK:?STACK must name the stack}"
: "${HEALTH_URL:?HEALTH_URL must be the stack output healthUrl}"
: "${PREDICT_URL:?PREDICT_URL must be the stack output url}"
: "${AUTH:?AUTH must be the stack output auth (none, iam or jwt)}"
readonly SENTENCE='{"sentence":"The cat sat on the mat."}'

curl --fail-with-body --silent --show-error --retry 5 --retry-all-errors --retry-delay 5 "$HEALTH_URL"
echo
if [ "$AUTH" = none ]; then
  curl --fail-with-body --silent --show-error --retry 3 --retry-all-errors --retry-delay 5 \
    -X POST "$PREDICT_URL" -H 'content-type: application/json' -d "$SENTENCE"
  echo
else
  status=$(curl --silent --output /dev/null --write-out '%{http_code}' -X POST "$PREDICT_URL" \
    -H 'content-type: application/json' -d "$SENTENCE")
  echo "unsigned POST: $status"
  if [ "$status" != 401 ] && [ "$status" != 403 ]; then
    echo "::error::with auth $AUTH an unsigned POST $PREDICT_URL got $status, not 401 or 403"
    exit 1
  fi
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "$STACK: \`POST $PREDICT_URL\` (health: $HEALTH_URL; auth: $AUTH)" >> "$GITHUB_STEP_SUMMARY"
fi
