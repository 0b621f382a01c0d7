#!/usr/bin/env bash
# Keeps the module template honest: in a scratch copy of the committed tree (HEAD), generates a sample
# module with scripts/new-module.ts, then runs what a newcomer would — its migration, the type check,
# ESLint on every file it wrote or edited (module boundaries included) and its own test. Exits non-zero
# on the first failure; the scratch copy is removed either way. Usage: scripts/check-new-module.sh [name]
set -euo pipefail

sample="${1:-samplenotes}"
repo="$(git rev-parse --show-toplevel)"
modules="$(cd "$repo/node_modules" && pwd -P)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/tingsu-new-module.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

git -C "$repo" archive HEAD | tar -x -C "$scratch"
ln -s "$modules" "$scratch/node_modules"
cd "$scratch"

step() { printf '\n== %s\n' "$*"; }

step "generate the $sample module"
npx tsx scripts/new-module.ts "$sample"

step "its migration"
npx drizzle-kit generate --name "$sample"
ls server/db/migrations/*_"$sample".sql >/dev/null

step "a second run refuses"
if npx tsx scripts/new-module.ts "$sample" >/dev/null 2>&1; then
  echo "new-module.ts wrote $sample a second time" >&2
  exit 1
fi

step "types"
npx tsc --noEmit -p .

step "lint of the files it wrote and edited"
npx eslint --no-cache "server/modules/$sample" "server/platform/access/$sample.ts" server/platform/access.ts server/app.ts

step "its test"
npx vitest run "server/modules/$sample"

step "ok: the $sample module generated, migrated, type-checked, linted and passed its test"
