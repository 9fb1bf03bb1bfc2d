# shellcheck shell=bash
# The guest initramfs (sourced). Two gzip'd cpio archives, concatenated (the kernel unpacks
# them in order):
#   base     busybox-static, the kernel modules with modules.dep, usb.ids. Cached per kernel,
#            busybox and this file in BENCH_CACHE/initramfs/.
#   overlay  /init, the guest helpers and scenarios, usbcheck and its shared libraries.
#            Rebuilt on every run under build/bench/.
#
# initramfs_build OVERLAY_DIR USBCHECK sets INITRD.

# Module trees copied whole, and single modules added with their dependency closure. Paths are
# relative to lib/modules/KVER.
BENCH_MODULE_DIRS=(kernel/drivers/usb kernel/drivers/hid kernel/drivers/input kernel/fs/configfs)
BENCH_MODULES=(kernel/fs/9p/9p.ko kernel/net/9p/9pnet_virtio.ko kernel/drivers/virtio/virtio_pci.ko)

initramfs_base() {
    local cache key bb_version base root moddir m
    cache=$(bench_cache_dir)/initramfs
    bb_version=$(dpkg-query -W -f='${Version}' busybox-static)
    key=$(printf '%s\n' "$KVER" "$bb_version" "${BENCH_MODULE_DIRS[*]}" "${BENCH_MODULES[*]}" \
          "$(hash_files "$BENCH_DIR/lib/initramfs.sh")" | sha256sum | cut -c1-16)
    base=$cache/base-$KVER-$key.cpio.gz
    INITRD_BASE=$base
    [ -s "$base" ] && return 0

    bench_log "building the initramfs base (busybox, modules of $KVER)"
    mkdir -p "$cache"
    root=$cache/base-root.tmp
    rm -rf "$root"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,out,etc,root,lib64}

    # busybox and a link per applet.
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] && continue
        ln -sf busybox "$root/bin/$applet"
    done
    ln -sf ../bin/busybox "$root/sbin/modprobe"

    # Modules: whole trees plus single modules, then the closure over modules.dep.
    moddir=$KROOT/lib/modules/$KVER
    local want=() rel
    for rel in "${BENCH_MODULE_DIRS[@]}"; do
        [ -d "$moddir/$rel" ] || bench_die "$moddir/$rel missing"
        while IFS= read -r m; do want+=("${m#"$moddir"/}"); done < <(find "$moddir/$rel" -name '*.ko')
    done
    want+=("${BENCH_MODULES[@]}")
    local closure
    closure=$(module_closure "$moddir/modules.dep" "${want[@]}")
    mkdir -p "$root/lib/modules/$KVER"
    (cd "$moddir" && printf '%s\n' "$closure" | cpio -pdm --quiet "$root/lib/modules/$KVER")
    cp "$moddir"/modules.builtin "$moddir"/modules.builtin.modinfo "$moddir"/modules.order "$root/lib/modules/$KVER/" 2>/dev/null || true
    run_depmod "$root" "$KVER"

    # usbcheck names vendors and products from usb.ids where the host has one.
    local ids
    for ids in /usr/share/hwdata/usb.ids /usr/share/misc/usb.ids; do
        if [ -f "$ids" ]; then
            mkdir -p "$root$(dirname "$ids")"
            cp -L "$ids" "$root$ids"
        fi
    done

    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$base.tmp"
    mv "$base.tmp" "$base"
    rm -rf "$root"
    # Older bases of this kernel are stale now.
    find "$cache" -maxdepth 1 -name 'base-*.cpio.gz' ! -name "$(basename "$base")" -delete
}

# module_closure MODULES_DEP REL... : the given modules and everything they depend on, one per line.
module_closure() {
    local dep=$1; shift
    awk -v want="$*" '
        { sub(":", "", $1); deps[$1] = ""; for (i = 2; i <= NF; i++) deps[$1] = deps[$1] " " $i }
        END {
            n = split(want, queue, " ")
            for (i = 1; i <= n; i++) {
                m = queue[i]
                if (m in seen) continue
                if (!(m in deps)) { print "missing " m > "/dev/stderr"; exit 1 }
                seen[m] = 1; print m
                k = split(deps[m], d, " ")
                for (j = 1; j <= k; j++) queue[++n] = d[j]
            }
        }' "$dep"
}

initramfs_overlay() {
    local out=$1 usbcheck=$2 root lib
    root=$out/overlay-root
    rm -rf "$root"
    mkdir -p "$root/bench" "$root/usr/bin"
    cp "$BENCH_DIR/init.sh" "$root/init"
    chmod 755 "$root/init"
    cp "$BENCH_DIR/guest/lib.sh" "$root/bench/lib.sh"
    cp -r "$BENCH_DIR/scenarios" "$root/bench/scenarios"
    # Without its debug info (a RelWithDebInfo build is ~20 MB of it): a smaller initrd boots faster.
    if command -v strip >/dev/null 2>&1; then
        strip --strip-debug -o "$root/usr/bin/usbcheck" "$usbcheck"
    else
        cp "$usbcheck" "$root/usr/bin/usbcheck"
    fi
    # Every shared library ldd lists, and the dynamic loader, at the paths ldd gives.
    for lib in $(ldd "$usbcheck" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'); do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
    [ -e "$root/lib64/ld-linux-x86-64.so.2" ] || {
        mkdir -p "$root/lib64"
        cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
    }
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out/overlay.cpio.gz"
}

initramfs_build() {
    local out=$1 usbcheck=$2
    mkdir -p "$out"
    initramfs_base
    initramfs_overlay "$out" "$usbcheck"
    INITRD=$out/initrd.img
    cat "$INITRD_BASE" "$out/overlay.cpio.gz" > "$INITRD.tmp"
    mv "$INITRD.tmp" "$INITRD"
}
