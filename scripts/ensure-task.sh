#!/usr/bin/env bash
# Installs go-task from the Go module proxy when missing (its npm wrapper downloads from the
# internet at install time, which fails on machines that only reach package registries).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STEP=task
TASK_VERSION=v3.54.0
gobin="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
if command -v task >/dev/null || [ -x "$gobin/task" ]; then
  say "go-task present: $( (command -v task || echo "$gobin/task") | head -1)"
  exit 0
fi
command -v go >/dev/null || die "go-task needs Go to install (go install); or install task by other means"
say "installing go-task $TASK_VERSION with go install"
go install "github.com/go-task/task/v3/cmd/task@$TASK_VERSION"
say "installed $gobin/task (add $gobin to PATH)"
