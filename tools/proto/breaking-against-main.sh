#!/usr/bin/env bash
# `buf breaking` of proto/ against proto/ on a git branch (default main): a removed or
# renumbered field, or a changed type, fails. It skips (exit 0, saying why) when there is
# nothing to compare with: no such branch, or the branch has no proto/ yet (the change
# that introduces proto/ cannot break it).
# usage: tools/proto/breaking-against-main.sh [branch] [repo_dir]
set -euo pipefail
tools_root=$(cd "$(dirname "$0")/../.." && pwd)
branch=${1:-main}
cd "${2:-$tools_root}"
if ! git rev-parse --verify --quiet "refs/heads/$branch" >/dev/null; then
  echo "skipped: no local branch '$branch' to compare proto/ with"
  exit 0
fi
if ! git cat-file -e "refs/heads/$branch:proto/buf.yaml" 2>/dev/null; then
  echo "skipped: branch '$branch' has no proto/buf.yaml yet, so nothing can break"
  exit 0
fi
# The common dir is the repository's .git even from a linked worktree, where .git is a file.
git_dir=$(git rev-parse --path-format=absolute --git-common-dir)
"$tools_root/node_modules/.bin/buf" breaking proto --against "$git_dir#format=git,branch=$branch,subdir=proto"
echo "no breaking change against '$branch'"
