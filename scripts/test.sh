#!/usr/bin/env bash
# `npm test`: unit tests (vitest) then browser tests (playwright), and one closing
# line "N passed, N failed" summing both, printed whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

is_root() { [ "$(id -u)" -eq 0 ]; }

if [ ! -x /usr/bin/chromium ]; then
  if is_root; then
    echo "test.sh: installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: /usr/bin/chromium is missing; install the Debian package 'chromium' (apt-get install -y chromium) as root" >&2
    exit 1
  fi
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if is_root; then
    echo "test.sh: PostgreSQL is not answering on 127.0.0.1:5432, starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "test.sh: PostgreSQL is not answering on 127.0.0.1:5432; start it with:" >&2
    echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
    exit 1
  fi
fi

# both Prisma clients (SQLite and PostgreSQL), in case the schema changed since install
npm run --silent db:generate >/dev/null
# and the command-line bundle, so the tests run what users run (bin/lambdalens.js
# would fall back to the sources, the Prisma clients being newer than the bundle)
npm run --silent build:cli -- --strict

mkdir -p test-results
# Stale reports must not be counted if a runner dies before writing new ones.
rm -f test-results/vitest.json test-results/playwright.json

vitest_rc=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || vitest_rc=$?

playwright_rc=0
# the browser tests run the production build (scripts/e2e-server.mjs starts `next start`)
NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build || playwright_rc=$?
[ "$playwright_rc" -eq 0 ] && { npx playwright test || playwright_rc=$?; }

node scripts/test-summary.mjs "$vitest_rc" "$playwright_rc"
