# testusb, the kernel's user-space driver for the usbtest module (tools/usb/testusb.c), built from
# Debian's linux-source-6.1 package: the throughput benchmark's kernel-side peer (sourced).

# testusb_build: sets TESTUSB to a built testusb, cached as CACHE/testusb/PACKAGE-VERSION/testusb.
testusb_build() {
    local cache pkg deb version dir src
    cache=$(bench_cache_dir)
    pkg=${USBCHECK_BENCH_SOURCE_PKG:-linux-source-6.1}
    dir=$cache/testusb
    mkdir -p "$dir" "$cache/debs"
    deb=$(find "$cache/debs" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)
    if [ -z "$deb" ]; then
        bench_log "downloading $pkg (apt-get download, about 140 MB, once) for testusb"
        if ! (cd "$cache/debs" && apt-get download -q "$pkg" >"$cache/debs/download-source.log" 2>&1); then
            cat "$cache/debs/download-source.log" >&2
            bench_die "apt-get download $pkg failed"
        fi
        deb=$(find "$cache/debs" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)
        [ -n "$deb" ] || bench_die "apt-get download $pkg left no .deb in $cache/debs"
    fi
    version=$(basename "$deb" .deb)
    TESTUSB=$dir/$version/testusb
    [ -x "$TESTUSB" ] && return 0
    mkdir -p "$dir/$version"
    ensure_packages xz-utils gcc libc6-dev
    bench_log "building testusb from $(basename "$deb")"
    src=$dir/src.tmp
    rm -rf "$src"
    mkdir -p "$src"
    # The source tarball inside the package; only tools/usb/testusb.c is taken out of it.
    dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards '*/linux-source-*.tar.xz' | xz -dc |
        tar -x -C "$src" --wildcards '*/tools/usb/testusb.c' ||
        bench_die "cannot extract tools/usb/testusb.c from $deb"
    gcc -O2 -Wall -pthread -o "$TESTUSB.tmp" "$(find "$src" -name testusb.c | head -n1)" ||
        bench_die "building testusb failed"
    mv "$TESTUSB.tmp" "$TESTUSB"
    rm -rf "$src"
}

# tools_archive OUT TOOL...: a gzip'd cpio with each TOOL in /usr/bin and the shared libraries ldd
# lists, appended to the initrd after the base and the overlay (the kernel unpacks all three), so
# the cached base stays the same for every scenario.
tools_archive() {
    local out=$1 root bin lib
    shift
    root=$out/tools-root
    rm -rf "$root"
    mkdir -p "$root/usr/bin"
    for bin in "$@"; do
        strip --strip-debug -o "$root/usr/bin/$(basename "$bin")" "$bin" 2>/dev/null || cp "$bin" "$root/usr/bin/"
        for lib in $(ldd "$bin" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'); do
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        done
    done
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out/tools.cpio.gz"
    rm -rf "$root"
}
