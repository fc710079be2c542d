#!/usr/bin/env bash
# Prints the path of the first Python >= 3.11 on this machine, or explains and fails.
for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "Beistand needs Python 3.11 or newer, and none was found (tried python3.13, python3.12, python3.11, python3)." >&2
echo "On Debian/Ubuntu: apt-get install python3 python3-venv; or set PYTHON=/path/to/python3.11." >&2
exit 1
