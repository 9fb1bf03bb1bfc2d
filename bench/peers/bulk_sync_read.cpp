// The throughput benchmark's "quick libusb loop" peer: what a developer writes in five minutes,
// one synchronous libusb_bulk_transfer after another on a bulk IN endpoint, no data check. Not
// part of usbcheck (hence its own <libusb.h>); built only for bench/scenarios/throughput-benchmark.
//
//   bulk_sync_read VID:PID INTERFACE ENDPOINT TRANSFER_SIZE SECONDS
// prints "sync: BYTES bytes in SECONDS s = RATE MB/s" (decimal MB) and exits 0, or 1 on an error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <libusb.h>

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: bulk_sync_read VID:PID INTERFACE ENDPOINT TRANSFER_SIZE SECONDS\n");
        return 2;
    }
    unsigned vid = 0, pid = 0;
    if (std::sscanf(argv[1], "%x:%x", &vid, &pid) != 2) return 2;
    const int interface = std::atoi(argv[2]);
    const auto endpoint = static_cast<unsigned char>(std::strtoul(argv[3], nullptr, 0));
    const int size = std::atoi(argv[4]);
    const double seconds = std::atof(argv[5]);

    libusb_context* ctx = nullptr;
    if (libusb_init(&ctx) != 0) return 1;
    libusb_device_handle* h = libusb_open_device_with_vid_pid(ctx, static_cast<uint16_t>(vid), static_cast<uint16_t>(pid));
    if (!h) {
        std::fprintf(stderr, "bulk_sync_read: cannot open %s\n", argv[1]);
        return 1;
    }
    libusb_set_auto_detach_kernel_driver(h, 1);
    if (int rc = libusb_claim_interface(h, interface); rc != 0) {
        std::fprintf(stderr, "bulk_sync_read: claim: %s\n", libusb_error_name(rc));
        return 1;
    }
    std::vector<unsigned char> buffer(static_cast<size_t>(size));
    unsigned long long bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    int status = 0;
    while (elapsed < seconds) {
        int got = 0;
        if (int rc = libusb_bulk_transfer(h, endpoint, buffer.data(), size, &got, 2000); rc != 0) {
            std::fprintf(stderr, "bulk_sync_read: %s\n", libusb_error_name(rc));
            status = 1;
            break;
        }
        bytes += static_cast<unsigned>(got);
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::printf("sync: %llu bytes in %.3f s = %.3f MB/s\n", bytes, elapsed, elapsed > 0 ? bytes / 1e6 / elapsed : 0.0);
    libusb_release_interface(h, interface);
    libusb_close(h);
    libusb_exit(ctx);
    return status;
}
