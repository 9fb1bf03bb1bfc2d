# shellcheck shell=bash
# Shared helpers for bench/run (sourced, bash). No side effects at source time.

bench_log() { printf 'bench: %s\n' "$*" >&2; }
bench_die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The cache lives outside the repository: downloads, the extracted kernel, the initramfs base.
bench_cache_dir() {
    printf '%s\n' "${USBCHECK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/usbcheck-bench}"
}

# ensure_packages PKG... : apt-get install the Debian packages that are not installed yet
# (apt-get update first, once, and only when something is missing).
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
            missing+=("$p")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    bench_log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian's python3, never a pyenv/virtualenv one found first on PATH: compare.py needs only the
# standard library plus python3-jsonschema from Debian.
bench_python() {
    if [ -x /usr/bin/python3 ]; then printf '%s\n' /usr/bin/python3; else command -v python3; fi
}

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }

# fmt_ms MS: "12.3 s".
fmt_ms() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# A short hash of files' contents (for cache keys).
hash_files() { cat "$@" | sha256sum | cut -c1-16; }
