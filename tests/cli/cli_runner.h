// Runs the built usbcheck binary for CLI tests and captures its exit code and output.
#pragma once

#include <string>

namespace usbcheck::test {

struct RunResult {
    int exit_code = -1;      // -1 when the process did not exit normally (a crash)
    std::string out;         // stdout
    std::string err;         // stderr
};

// `args` is appended to the binary path verbatim (quote it yourself); runs in a temp directory.
RunResult run_usbcheck(const std::string& args);

std::string temp_dir();                       // a fresh directory for this test process
std::string write_temp(const std::string& name, const std::string& content);
std::string read_file(const std::string& path);
bool file_exists(const std::string& path);

}  // namespace usbcheck::test
