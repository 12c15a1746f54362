# Shared helpers for the project's entry scripts. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STARTED_AT=${STARTED_AT:-$(date +%s)}
say() { printf '[%s +%ss] %s\n' "${STEP:-setup}" "$(($(date +%s) - STARTED_AT))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }
