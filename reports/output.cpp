// Writes a finished report to a file atomically (temp file + rename) or to stdout.
#include "reports/report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace usbcheck::reports {

namespace {

tl::expected<void, std::string> failure(const std::string& path, int error) {
    return tl::unexpected("cannot write " + path + ": " + std::strerror(error));
}

bool write_all(int fd, const std::string& content) {
    size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

tl::expected<void, std::string> write_output(const std::string& path, const std::string& content) {
    if (path == "-") {
        std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
        std::cout.flush();
        if (!std::cout) return tl::unexpected(std::string("cannot write standard output"));
        return {};
    }
    // The temp file sits beside PATH so the rename stays within one file system (atomic).
    const std::string temp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return failure(path, errno);
    const bool written = write_all(fd, content);
    int error = written ? 0 : errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temp.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temp.c_str());
        return failure(path, error);
    }
    return {};
}

}  // namespace usbcheck::reports
