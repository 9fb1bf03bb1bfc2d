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

static int shell(const std::string& command) {
    const int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

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

bool have_validators() {
    return shell("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0 &&
           shell("command -v xmllint >/dev/null 2>&1") == 0;
}

bool validate_json_schema(const std::string& json_path, const std::string& schema_path, std::string& why) {
    const std::string log = json_path + ".schema.log";
    const std::string command =
        "/usr/bin/python3 -c \"import json,sys,jsonschema; s=json.load(open(sys.argv[1])); "
        "jsonschema.Draft202012Validator.check_schema(s); "
        "errs=list(jsonschema.Draft202012Validator(s).iter_errors(json.load(open(sys.argv[2])))); "
        "[print(list(e.path), e.message) for e in errs[:5]]; sys.exit(1 if errs else 0)\" '" +
        schema_path + "' '" + json_path + "' >'" + log + "' 2>&1";
    const bool ok = shell(command) == 0;
    if (!ok) why = read_file(log);
    return ok;
}

bool validate_junit(const std::string& xml_path, std::string& why) {
    const std::string log = xml_path + ".xsd.log";
    const std::string command = "xmllint --noout --schema '" + source_path("tests/schemas/junit-ant.xsd") + "' '" +
                                xml_path + "' >'" + log + "' 2>&1";
    const bool ok = shell(command) == 0;
    if (!ok) why = read_file(log);
    return ok;
}

}  // namespace usbcheck::test
