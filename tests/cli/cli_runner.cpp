// The CLI test runner: spawns the binary through /bin/sh with output redirected to files.
#include "cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace usbcheck::test {

namespace fs = std::filesystem;

std::string temp_dir() {
    static const std::string dir = [] {
        std::string pattern = (fs::temp_directory_path() / "usbcheck-cli-XXXXXX").string();
        return std::string(mkdtemp(pattern.data()));
    }();
    return dir;
}

std::string write_temp(const std::string& name, const std::string& content) {
    const std::string path = temp_dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool file_exists(const std::string& path) { return fs::exists(path); }

RunResult run_usbcheck(const std::string& args) {
    static int counter = 0;
    const std::string base = temp_dir() + "/run" + std::to_string(++counter);
    const std::string command = "cd '" + temp_dir() + "' && NO_COLOR=1 '" + std::string(USBCHECK_BINARY) + "' " + args +
                                " >'" + base + ".out' 2>'" + base + ".err'";
    RunResult r;
    const int status = std::system(command.c_str());
    // The shell reports a child killed by a signal as 128+N.
    r.exit_code = (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) >= 128) ? -1 : WEXITSTATUS(status);
    r.out = read_file(base + ".out");
    r.err = read_file(base + ".err");
    return r;
}

}  // namespace usbcheck::test
