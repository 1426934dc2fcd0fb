#!/usr/bin/env bash
# drift-issue.sh REFRESH_JSON
#
# Renders `pulumi refresh --preview-only --json` output (the file given) as a drift report with
# `versori-preview-summary --drift`, then keeps one issue per stack up to date with it, through the gh CLI: opens the
# issue when drift appears, edits its body when the drift changes, leaves it alone while the drift stays the same,
# and closes it, with a comment, once the drift is gone. A refresh that reported an error leaves the issue alone
# and fails.
#
# Environment: GITHUB_REPOSITORY (owner/name) and GH_TOKEN, as GitHub Actions sets them; PULUMI_STACK, the stack;
# DETAILS_URL, the run, linked when a large report is cut to fit; DRIFT_LABEL, the issue's label (pulumi-drift);
# VERSORI_PREVIEW_SUMMARY, a command to run instead of `npx --no-install versori-preview-summary`.
set -euo pipefail

refresh_json=${1:?usage: drift-issue.sh REFRESH_JSON}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY must name the repository (owner/name)}
stack=${PULUMI_STACK:?PULUMI_STACK must name the stack}
label=${DRIFT_LABEL:-pulumi-drift}
title="Pulumi drift in $stack"

if [ -n "${VERSORI_PREVIEW_SUMMARY:-}" ]; then
  summary=("$VERSORI_PREVIEW_SUMMARY")
else
  summary=(npx --no-install versori-preview-summary)
fi
options=(--drift --exit-code)
if [ -n "${DETAILS_URL:-}" ]; then options+=(--details-url "$DETAILS_URL"); fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT

# 0: no drift; 3: drift; 4: the refresh reported an error; anything else: the input or the command is wrong.
status=0
"${summary[@]}" "$refresh_json" "${options[@]}" > "$report" || status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -s "$report" ]; then cat "$report" >> "$GITHUB_STEP_SUMMARY"; fi
case $status in
  0 | 3) ;;
  4)
    echo "drift-issue: the refresh reported an error; the issue is left as it is" >&2
    cat "$report" >&2
    exit 1
    ;;
  *)
    echo "drift-issue: versori-preview-summary exited with $status; the issue is left as it is" >&2
    exit "$status"
    ;;
esac

# The stack's open issue: the first with the label and exactly this title.
number=$(
  gh issue list --repo "$repo" --label "$label" --state open --limit 100 --json number,title --jq '.[] | "\(.number)\t\(.title)"' |
    while IFS=$'\t' read -r candidate candidate_title; do
      if [ "$candidate_title" = "$title" ]; then
        echo "$candidate"
        break
      fi
    done
)

if [ "$status" -eq 3 ] && [ -z "$number" ]; then
  gh label create "$label" --repo "$repo" --force --color D93F0B --description "Changed on the platform outside Pulumi" > /dev/null
  gh issue create --repo "$repo" --title "$title" --label "$label" --body-file "$report" > /dev/null
  echo "drift-issue: $stack drifted; opened an issue"
elif [ "$status" -eq 3 ]; then
  # Command substitution drops trailing line breaks on both sides, so only a change of the report counts.
  if [ "$(gh issue view "$number" --repo "$repo" --json body --jq .body)" = "$(cat "$report")" ]; then
    echo "drift-issue: $stack's drift is unchanged; issue #$number left as it is"
  else
    gh issue edit "$number" --repo "$repo" --body-file "$report" > /dev/null
    echo "drift-issue: $stack's drift changed; issue #$number updated"
  fi
elif [ -n "$number" ]; then
  gh issue close "$number" --repo "$repo" --comment "The drift is gone.

$(cat "$report")" > /dev/null
  echo "drift-issue: $stack no longer drifts; issue #$number closed"
else
  echo "drift-issue: $stack does not drift"
fi
