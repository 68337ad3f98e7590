#!/usr/bin/env bash
# Which top-level module of the library imports which, and whether the
# imports keep teema's one-way flow (ARCHITECTURE.md):
#
#   corpus → privacy → index, themes → report → pipeline
#
# Services (text, meaning, memory, output, escape, error) may be used by
# every stage but use no stage; eval and the command line (src/cli/,
# src/main.rs) sit above everything. A module may import a service or an
# earlier stage; index and themes are siblings and do not import each
# other. Counts `crate::X` paths (also inside `use crate::{…}`) in
# src/X.rs or src/X/, tests included.
#
# Usage: scripts/imports.sh [-q]   (-q: only the violations)
# Exit status: 0 when the flow holds, 1 when an import crosses it.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=${1:-}

# Rank of each module: a module may import ranks below its own; services
# are rank 0 and import only services. Same rank (index, themes) is a
# crossing.
declare -A rank=(
  [error]=0 [escape]=0 [memory]=0 [output]=0 [text]=0 [meaning]=0
  [corpus]=1 [privacy]=2 [index]=3 [themes]=3 [report]=4 [pipeline]=5
  [eval]=6
)
# Items lib.rs re-exports from the error module.
declare -A item_module=(
  [Error]=error [Result]=error [OptionError]=error [QueryError]=error [ColumnOption]=error
)

files_of() {
  local m=$1
  { [ -f "src/$m.rs" ] && echo "src/$m.rs"; [ -d "src/$m" ] && find "src/$m" -name '*.rs'; } | sort
}

# The modules a set of files names through `crate::`: `crate::X…` and the
# names in `use crate::{A, b::C, …}` (across lines).
imported() {
  perl -0777 -ne '
    s{//[^\n]*}{}g;                      # comments and doc comments
    while (/crate::\{([^}]*)\}/g) { for my $p (split /,/, $1) { $p =~ s/^\s+//; print "$1\n" if $p =~ /^(\w+)/ } }
    s/crate::\{[^}]*\}//g;
    while (/crate::(\w+)/g) { print "$1\n" }
  ' "$@" | while read -r name; do
    if [ -n "${item_module[$name]:-}" ]; then echo "${item_module[$name]}"; else echo "$name"; fi
  done | sort -u
}

status=0
declare -A edges=()
for m in "${!rank[@]}"; do
  mapfile -t files < <(files_of "$m")
  [ ${#files[@]} -gt 0 ] || { echo "no source for module $m" >&2; status=1; continue; }
  for d in $(imported "${files[@]}"); do
    [ "$d" = "$m" ] && continue
    [ -n "${rank[$d]:-}" ] || continue
    edges[$m]+="$d "
    bad=""
    if [ "${rank[$m]}" -eq 0 ] && [ "${rank[$d]}" -ne 0 ]; then
      bad="a service imports the stage $d"
    elif [ "${rank[$m]}" -ne 0 ] && [ "${rank[$d]}" -ge "${rank[$m]}" ]; then
      bad="imports $d, a stage at or after its own"
    fi
    if [ -n "$bad" ]; then
      status=1
      echo "VIOLATION: $m $bad:"
      grep -nE "crate::($d\b|\{[^}]*\b$d\b)" "${files[@]}" | grep -v '^\S*:\s*//' | sed 's/^/    /' | head -5
    fi
  done
done

# A cycle anywhere (ranks keep the stages acyclic; this also covers the
# services): tsort reports a loop.
pairs=""
for a in "${!edges[@]}"; do
  for b in ${edges[$a]}; do pairs+="$b $a"$'\n'; done
done
if ! printf '%s' "$pairs" | tsort >/dev/null 2>/tmp/teema-imports.$$; then
  echo "CYCLE:"; sed 's/^/    /' /tmp/teema-imports.$$
  status=1
fi
rm -f /tmp/teema-imports.$$

if [ "$quiet" != "-q" ]; then
  echo "imports (module: the modules it names):"
  for m in $(printf '%s\n' "${!rank[@]}" | sort); do
    printf '  %-9s %s\n' "$m" "$(echo ${edges[$m]:-} | tr ' ' '\n' | sort -u | tr '\n' ' ')"
  done
fi
[ $status -eq 0 ] && [ "$quiet" != "-q" ] && echo "the flow holds: no cycle, no stage imports a later one"
exit $status
