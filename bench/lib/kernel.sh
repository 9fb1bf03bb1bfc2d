# shellcheck shell=bash
# Debian's guest kernel, fetched with apt-get download into the cache and extracted there (sourced).
#
# kernel_prepare sets:
#   KVER      e.g. 6.1.0-56-amd64
#   VMLINUZ   the kernel image
#   KROOT     the extracted package (KROOT/lib/modules/KVER: the full module tree, modules.dep made)

kernel_prepare() {
    local cache pkg deb
    cache=$(bench_cache_dir)
    # The versioned package that the linux-image-amd64 metapackage depends on, e.g.
    # linux-image-6.1.0-56-amd64. USBCHECK_BENCH_KERNEL_PKG pins another one.
    pkg=${USBCHECK_BENCH_KERNEL_PKG:-}
    if [ -z "$pkg" ]; then
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
              sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
        if [ -z "$pkg" ]; then
            # The package lists may be missing on a fresh machine.
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
                  sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
        fi
        [ -n "$pkg" ] || bench_die "cannot resolve the kernel package that linux-image-amd64 depends on (apt-cache depends linux-image-amd64)"
    fi
    KVER=${pkg#linux-image-}
    KROOT=$cache/kernel/$KVER
    VMLINUZ=$KROOT/boot/vmlinuz-$KVER

    if [ -f "$KROOT/.complete" ] && [ -f "$VMLINUZ" ]; then
        return 0
    fi

    mkdir -p "$cache/debs"
    deb=$(find "$cache/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
    if [ -z "$deb" ]; then
        bench_log "downloading $pkg (apt-get download) into $cache/debs"
        # apt-get download writes into the current directory; _apt cannot always enter the cache
        # (root's home), which only costs a warning.
        if ! (cd "$cache/debs" && apt-get download -q "$pkg" >"$cache/debs/download.log" 2>&1); then
            cat "$cache/debs/download.log" >&2
            bench_die "apt-get download $pkg failed"
        fi
        deb=$(find "$cache/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
        [ -n "$deb" ] || bench_die "apt-get download $pkg left no .deb in $cache/debs"
    fi

    bench_log "extracting $(basename "$deb")"
    rm -rf "$KROOT.tmp"
    mkdir -p "$KROOT.tmp"
    dpkg-deb -x "$deb" "$KROOT.tmp"
    [ -f "$KROOT.tmp/boot/vmlinuz-$KVER" ] || bench_die "$deb has no boot/vmlinuz-$KVER"

    # busybox modprobe cannot load compressed modules: decompress them here, once.
    local n
    n=$(find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' | wc -l)
    if [ "$n" -gt 0 ]; then
        bench_log "decompressing $n kernel modules"
        if find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.xz' | grep -q .; then
            ensure_packages xz-utils
            find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.xz' -exec xz -d {} +
        fi
        find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.gz' -exec gzip -d {} +
        if find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.zst' | grep -q .; then
            ensure_packages zstd
            find "$KROOT.tmp/lib/modules/$KVER" -name '*.ko.zst' -exec zstd -q -d --rm {} +
        fi
    fi
    # modules.dep of the whole tree: the initramfs takes the dependency closure of what it needs.
    run_depmod "$KROOT.tmp" "$KVER"
    rm -rf "$KROOT"
    mv "$KROOT.tmp" "$KROOT"
    touch "$KROOT/.complete"
}

# run_depmod ROOT KVER: modules.dep for ROOT/lib/modules/KVER (busybox's applet, else kmod's).
run_depmod() {
    if busybox --list 2>/dev/null | grep -qx depmod; then
        busybox depmod -b "$1" "$2"
    else
        ensure_packages kmod
        /sbin/depmod -b "$1" "$2"
    fi
    [ -s "$1/lib/modules/$2/modules.dep" ] || bench_die "depmod made no modules.dep in $1/lib/modules/$2"
}
