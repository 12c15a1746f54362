#!/usr/bin/env bash
# One line per service: name, port, up/down, pid. Exit 0 only if every service is up.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
for s in postgres redis unleash kafka connect; do
  "$INFRA_DIR/$s.sh" status || rc=1
done
exit "$rc"
