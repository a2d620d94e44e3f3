#!/usr/bin/env bash
# Installs the real editors the editor tests drive (test/editors/**), offline-friendly and idempotent:
#   - Debian: chromium (Playwright drives it), neovim (0.7, its built-in LSP client), ripgrep, and
#     what code-server's native modules compile against (libkrb5-dev, build-essential, python3,
#     pkg-config, libx11-dev, libxkbfile-dev);
#   - code-server@4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) from the npm registry
#     into a cache folder outside the repository: $IDEMPOTENCY_EDITORS_DIR/code-server
#     (default $HOME/.cache/idempotency-editors/code-server); the binary is
#     <that>/node_modules/.bin/code-server.
# Work already done is skipped. Non-interactive; needs root for apt-get (as on CI and dev machines).
# See shared EDITOR-TESTING.md for why each trick below is needed.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11 # @vscode/ripgrep version code-server 4.100.3 pulls in
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES=(chromium neovim ripgrep libkrb5-dev build-essential python3 pkg-config libx11-dev libxkbfile-dev)

EDITORS_DIR="${IDEMPOTENCY_EDITORS_DIR:-$HOME/.cache/idempotency-editors}"
CODE_SERVER_DIR="$EDITORS_DIR/code-server"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"
VSCODE_DIR="$CODE_SERVER_DIR/node_modules/code-server/lib/vscode"

start=$(date +%s)
log() { echo "[install-editors] $*"; }

# --- Debian packages ------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
  # --no-install-recommends keeps it small; chromium's fonts come as dependencies.
else
  log "Debian packages already installed: ${APT_PACKAGES[*]}"
fi
apt_done=$(date +%s)

# --- code-server ----------------------------------------------------------------------------
# `code-server --version` writes a default config.yaml under $XDG_CONFIG_HOME: give it a throwaway one.
code_server_version() {
  local xdg rc=0 out
  xdg="$(mktemp -d "${TMPDIR:-/tmp}/idempotency-editors-version.XXXXXX")"
  out="$(XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" "$CODE_SERVER_BIN" --version 2>&1)" || rc=$?
  rm -rf "$xdg"
  printf '%s\n' "$out" | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n1
  return $rc
}
installed_version() {
  [ -x "$CODE_SERVER_BIN" ] || return 1
  code_server_version | awk '{print $1}'
}

if [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ] \
  && [ -x "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $CODE_SERVER_DIR"
else
  log "installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  # A local (not --global) install: code-server's postinstall runs `npm install` in lib/vscode,
  # which inherits a global install's npm_config_global/prefix and then ignores its shrinkwrap.
  echo '{ "name": "idempotency-editors-code-server", "private": true }' >"$CODE_SERVER_DIR/package.json"
  work_tmp="$(mktemp -d "${TMPDIR:-/tmp}/idempotency-editors-install.XXXXXX")"
  trap 'rm -rf "$work_tmp"' EXIT
  # @vscode/ripgrep downloads its binary from GitHub (unreachable): seed its download cache with
  # Debian's rg, in the exact tarball name it looks for, under $TMPDIR.
  rg_cache="$work_tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$rg_cache/stage"
  cp "$(command -v rg)" "$rg_cache/stage/rg"
  tar -czf "$rg_cache/$RIPGREP_TARBALL" -C "$rg_cache/stage" rg
  rm -rf "$rg_cache/stage"
  # unsafe_perm: its postinstall refuses root otherwise; nodedir: node-gyp uses /usr/include/node
  # instead of downloading headers; yes: node-pty's postinstall runs `npx node-gyp` with no TTY.
  TMPDIR="$work_tmp" \
    npm_config_unsafe_perm=true \
    npm_config_nodedir=/usr \
    npm_config_yes=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    npm install --prefix "$CODE_SERVER_DIR" --no-audit --no-fund --no-package-lock \
    "code-server@$CODE_SERVER_VERSION" >"$work_tmp/npm.log" 2>&1 || {
      tail -n 60 "$work_tmp/npm.log" >&2
      log "npm install code-server@$CODE_SERVER_VERSION failed" >&2
      exit 1
    }
  # npm 11 may skip install scripts silently ("not covered by allowScripts"): check what they make.
  for f in "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg" "$VSCODE_DIR/node_modules/node-pty/build/Release/pty.node"; do
    if [ ! -e "$f" ]; then
      tail -n 60 "$work_tmp/npm.log" >&2
      log "code-server's install scripts did not produce $f" >&2
      exit 1
    fi
  done
  cp "$work_tmp/npm.log" "$CODE_SERVER_DIR/install.log"
fi

version_out="$(code_server_version)" || {
  log "\`$CODE_SERVER_BIN --version\` failed: $version_out" >&2
  exit 1
}
case "$version_out" in
  "$CODE_SERVER_VERSION "*) ;;
  *) log "unexpected code-server version: $version_out" >&2; exit 1 ;;
esac
end=$(date +%s)

log "installed:"
log "  chromium:     $(/usr/bin/chromium --version 2>/dev/null | sed -n 1p)"
log "  neovim:       $(nvim --version 2>/dev/null | sed -n 1p)"
log "  ripgrep:      $(rg --version 2>/dev/null | sed -n 1p)"
log "  code-server:  $version_out ($CODE_SERVER_BIN)"
log "  disk:         $(du -sh "$CODE_SERVER_DIR" | cut -f1) in $CODE_SERVER_DIR"
log "took $((end - start)) s (apt $((apt_done - start)) s, code-server $((end - apt_done)) s)"
