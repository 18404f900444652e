#!/usr/bin/env bash
# The served study in a real browser: Debian's chromium, headless, completes the study through the page (see
# browser_study_test.mjs), then the stored rows are checked with sqlite3 and `tastelab-cli check`.
#   browser_study_test.sh CLI FIXTURE SCRIPT_DIR
# Skips (exit 77) when chromium or node is missing. Screenshots go to $TASTELAB_WEB_SHOTS (default: a temp folder).
set -euo pipefail
cli=$1 fixture=$2 here=$3

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then
  echo "SKIP: chromium is not installed (sudo apt-get install chromium; packaging/install-deps.sh installs it)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed (sudo apt-get install nodejs)"
  exit 77
fi
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed to check the stored rows" >&2; exit 1; }

tmp=$(mktemp -d)
server=
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
shots=${TASTELAB_WEB_SHOTS:-$tmp/shots}

"$fixture" "$tmp/ws" 8
"$cli" serve "$tmp/ws" --study web --port 0 --participants 1 --links-csv "$tmp/links.csv" \
  --redirect 'https://panel.example.org/done?code={code}' >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^Listening on port' "$tmp/serve.log" && break; sleep 0.1; done
grep -q '^Listening on port' "$tmp/serve.log" || { cat "$tmp/serve.log"; exit 1; }
url=$(sed -n 2p "$tmp/links.csv" | cut -d, -f3)

summary=$(node "$here/browser_study_test.mjs" --chromium "$chromium" --url "$url" --shots "$shots" \
  --profile "$tmp/profile")
echo "$summary"

db="$tmp/ws/tastelab.sqlite"
q() { sqlite3 -readonly "$db" "$1"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { node -e "const s = JSON.parse(process.argv[1]); console.log(s.$2)" "$summary" "$1"; }
x=unused

planned=$(q "SELECT count(*) FROM assignment_trials WHERE is_practice = 0")
current=$(q "SELECT (SELECT count(*) FROM ratings r WHERE NOT EXISTS (SELECT 1 FROM ratings n WHERE n.revises_id = r.id))
  + (SELECT count(*) FROM comparisons c WHERE NOT EXISTS (SELECT 1 FROM comparisons n WHERE n.revises_id = c.id))")
revisions=$(q "SELECT (SELECT count(*) FROM ratings WHERE revises_id IS NOT NULL)
  + (SELECT count(*) FROM comparisons WHERE revises_id IS NOT NULL)")
[[ "$current" == "$planned" ]] || fail "$current current answers for $planned planned trials"
[[ "$revisions" -ge 1 ]] || fail "the reload resumed at a checkpoint, so answers after it must be revisions"
[[ $(q "SELECT count(*) FROM ratings WHERE client_key IS NULL OR client_response_ms IS NULL OR client_response_ms <= 0
  OR shown_at IS NULL") == 0 ]] || fail "a rating lacks its key, browser response time or shown_at"
[[ $(q "SELECT count(*) FROM comparisons WHERE client_key IS NULL OR client_response_ms IS NULL") == 0 ]] ||
  fail "a comparison lacks its key or browser response time"
[[ $(q "SELECT count(DISTINCT choice) FROM comparisons") -ge 3 ]] || fail "left, right, tie, can't decide not all used"
offline=$(json "$x" offlineKey)
[[ $(q "SELECT count(*) FROM ratings WHERE client_key = '$offline'") == 1 ]] ||
  fail "the answer given offline ($offline) must be stored exactly once"
[[ $(q "SELECT count(*) FROM sessions WHERE status = 'completed'") == 1 ]] || fail "the session is not completed"
code=$(json "$x" code)
[[ "$code" =~ ^TL-[0-9A-F]{8}$ ]] || fail "completion code '$code'"
[[ $(json "$x" redirect) == "https://panel.example.org/done?code=$code" ]] || fail "redirect $(json "$x" redirect)"
[[ $(json "$x" reloads) == 1 ]] || fail "no reload happened"
kill "$server"; wait "$server" 2>/dev/null || true; server=
"$cli" check "$tmp/ws" >/dev/null || fail "tastelab-cli check is not clean"
echo "OK: $planned trials answered in chromium, $revisions revision(s) after the reload, code $code; shots in $shots"
