#!/usr/bin/env bash
# After a successful `pulumi up`: calls the stack's public URL as a client would. GET /health must answer; with
# AUTH=none a prediction must succeed, and with auth on an unsigned POST must be refused (401 jwt, 403 iam) before
# it reaches the function. A function URL with AUTH=iam (ENDPOINT=functionUrl) has no open path: health and a
# prediction are signed with SigV4 for service lambda, with the job's credentials (AWS_ACCESS_KEY_ID, ...), which
# reach curl on stdin, never on its command line. Adds the URL to the job summary.
set -euo pipefail

: "${STACK:?STACK must name the stack}"
: "${HEALTH_URL:?HEALTH_URL must be the stack output healthUrl}"
: "${PREDICT_URL:?PREDICT_URL must be the stack output url}"
: "${AUTH:?AUTH must be the stack output auth (none, iam or jwt)}"
readonly ENDPOINT="${ENDPOINT:-httpApi}"
readonly SENTENCE='{"sentence":"The cat sat on the mat."}'

signing=false
if [ "$ENDPOINT" = functionUrl ] && [ "$AUTH" = iam ]; then
  : "${AWS_ACCESS_KEY_ID:?AWS_ACCESS_KEY_ID must be set: an iam function URL answers signed requests only}"
  : "${AWS_SECRET_ACCESS_KEY:?AWS_SECRET_ACCESS_KEY must be set: an iam function URL answers signed requests only}"
  # https://<url-id>.lambda-url.<region>.on.aws/predict
  region=$(sed -nE 's#^https://[^./]+\.lambda-url\.([a-z0-9-]+)\.on\.aws/.*$#\1#p' <<<"$PREDICT_URL")
  if [ -z "$region" ]; then
    echo "::error::endpoint functionUrl but $PREDICT_URL is not a function URL (https://<id>.lambda-url.<region>.on.aws/)"
    exit 1
  fi
  signing=true
fi

# curl's config (read from stdin by --config -): the access key pair, and the session token when there is one.
credentials() {
  printf 'user = "%s:%s"\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"
  if [ -n "${AWS_SESSION_TOKEN:-}" ]; then printf 'header = "x-amz-security-token: %s"\n' "$AWS_SESSION_TOKEN"; fi
}

# curl, signed when the endpoint takes signed requests only.
call() {
  if $signing; then
    curl --aws-sigv4 "aws:amz:$region:lambda" --config - "$@" < <(credentials)
  else
    curl "$@"
  fi
}

call --fail-with-body --silent --show-error --retry 5 --retry-all-errors --retry-delay 5 "$HEALTH_URL"
echo
if [ "$AUTH" = none ]; then
  call --fail-with-body --silent --show-error --retry 3 --retry-all-errors --retry-delay 5 \
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
  if $signing; then
    call --fail-with-body --silent --show-error --retry 3 --retry-all-errors --retry-delay 5 \
      -X POST "$PREDICT_URL" -H 'content-type: application/json' -d "$SENTENCE"
    echo
  fi
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "$STACK: \`POST $PREDICT_URL\` (health: $HEALTH_URL; auth: $AUTH; endpoint: $ENDPOINT)" >> "$GITHUB_STEP_SUMMARY"
fi
