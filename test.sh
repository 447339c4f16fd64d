#!/usr/bin/env bash
# The test command: ./test.sh [extra dotnet test arguments]
# Works on a fresh Debian machine as root: installs PostgreSQL and the test servers' npm packages when missing,
# starts one throwaway PostgreSQL cluster for the whole run, runs every test project of the solution, and ends
# with a line "tests: N passed, M failed". Exits non-zero if anything failed or no PostgreSQL test passed.
set -euo pipefail

cd "$(dirname "$0")"
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '==> %s\n' "$*"; }

apt_updated=no
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing $*; install it as root: apt-get install -y $*" >&2
    exit 1
  fi
  if [ "$apt_updated" = no ]; then
    apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
  fi
}

# --- tools -------------------------------------------------------------------------------------------------
pg_bin=$(find_pg_bin)
if [ -z "$pg_bin" ]; then
  say "PostgreSQL server not found: installing it (apt-get install -y postgresql)"
  apt_install postgresql
  pg_bin=$(find_pg_bin)
  [ -n "$pg_bin" ] || { echo "PostgreSQL was installed but initdb is still missing" >&2; exit 1; }
fi

# The console's browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  say "Chromium not found: installing it (apt-get install -y chromium)"
  apt_install chromium
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "Node.js not found: installing it (apt-get install -y nodejs npm)"
  apt_install nodejs npm
fi

if [ ! -f tests/servers/node_modules/.package-lock.json ]; then
  say "Installing the test servers' npm packages (npm ci in tests/servers)"
  (cd tests/servers && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- one throwaway PostgreSQL cluster for the run ------------------------------------------------------------
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  as_postgres=(runuser -u postgres --)
fi

work=$(mktemp -d /tmp/orleans-delivery-test.XXXXXX)
chmod 755 "$work"
# ORLEANS_DELIVERY_RESULTS (an empty folder) keeps the results (trx files, the console's screenshots) after the run.
results="${ORLEANS_DELIVERY_RESULTS:-$work/results}"
mkdir -p "$results" "$work/pg"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$work/pg"
fi

cleanup() {
  if [ -f "$work/pg/data/postmaster.pid" ]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -D "$work/pg/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
  >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/pg/data/postgresql.conf" <<CONF

# Throwaway test cluster: speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

started=no
for _ in 1 2 3; do
  pg_port=$(free_port)
  if "${as_postgres[@]}" "$pg_bin/pg_ctl" start -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
       -o "-p $pg_port" >/dev/null 2>&1; then
    started=yes
    break
  fi
done
if [ "$started" != yes ]; then
  echo "PostgreSQL did not start:" >&2
  cat "$work/pg/server.log" >&2 || true
  exit 1
fi
export ORLEANS_DELIVERY_SCREENSHOTS="$results/screenshots"
export ORLEANS_DELIVERY_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

# --- tests -------------------------------------------------------------------------------------------------
say "dotnet test Orleans.Delivery.sln"
set +e
dotnet test Orleans.Delivery.sln \
  --logger "trx" \
  --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@"
test_exit=$?
set -e

# Sum the counters of every test assembly's .trx and look for a passed PostgreSQL test.
summary=$(node - "$results" <<'JS'
const fs = require('fs');
const path = require('path');
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.trx')) files.push(full);
  }
})(process.argv[2]);
let passed = 0, failed = 0, postgres = 0;
for (const file of files) {
  const xml = fs.readFileSync(file, 'utf8');
  const counters = /<Counters\b([^>]*)\/>/.exec(xml);
  if (counters) {
    const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]) || [0, 0])[1]);
    passed += attr('passed');
    failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  }
  const names = new Map();
  for (const m of xml.matchAll(/<UnitTest\b[^>]*\bid="([^"]+)"[\s\S]*?<TestMethod\b[^>]*\bclassName="([^"]*)"[^>]*\bname="([^"]*)"/g)) {
    names.set(m[1], `${m[2]}.${m[3]}`);
  }
  for (const m of xml.matchAll(/<UnitTestResult\b[^>]*>/g)) {
    const id = (/\btestId="([^"]+)"/.exec(m[0]) || [])[1];
    const outcome = (/\boutcome="([^"]+)"/.exec(m[0]) || [])[1];
    const name = names.get(id) || (/\btestName="([^"]*)"/.exec(m[0]) || [])[1] || '';
    if (outcome === 'Passed' && name.includes('Postgres')) postgres++;
  }
}
console.log(`${passed} ${failed} ${postgres} ${files.length}`);
JS
)
read -r passed failed postgres_passed trx_files <<<"$summary"

status=0
if [ "$test_exit" -ne 0 ]; then
  echo "dotnet test exited with code $test_exit"
  status=1
fi
if [ "$trx_files" -eq 0 ]; then
  echo "No test results were written."
  status=1
fi
if [ "$failed" -ne 0 ]; then
  status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "No test passed."
  status=1
fi
if [ "$postgres_passed" -eq 0 ]; then
  echo "PostgreSQL tests did not run (no passed test has 'Postgres' in its fully-qualified name)."
  status=1
fi

echo "tests: $passed passed, $failed failed"
exit "$status"
