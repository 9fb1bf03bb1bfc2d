// write_output: atomic replace through a temp file, stdout for "-", clean failures.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/report.h"

namespace usbcheck::reports {
namespace {

namespace fs = std::filesystem;

class WriteOutput : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = ::testing::TempDir() + "usbcheck_output_XXXXXX";
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_dir)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    fs::path m_dir;
};

TEST_F(WriteOutput, WritesTheFileAndLeavesNoTempFile) {
    const auto path = (m_dir / "report.json").string();
    const auto result = write_output(path, "{\"a\": 1}\n");
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(read(path), "{\"a\": 1}\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"report.json"});
}

TEST_F(WriteOutput, ReplacesAnExistingFileWhole) {
    const auto path = (m_dir / "report.xml").string();
    std::ofstream(path) << std::string(10000, 'x');
    // A reader holding the old file keeps reading the old contents: the rename swaps inodes.
    std::ifstream old_reader(path);
    struct stat before {};
    ASSERT_EQ(::stat(path.c_str(), &before), 0);
    ASSERT_TRUE(write_output(path, "short"));
    struct stat after {};
    ASSERT_EQ(::stat(path.c_str(), &after), 0);
    EXPECT_NE(before.st_ino, after.st_ino);
    EXPECT_EQ(read(path), "short");
    std::string old_text((std::istreambuf_iterator<char>(old_reader)), std::istreambuf_iterator<char>());
    EXPECT_EQ(old_text.size(), 10000u);
    EXPECT_EQ(entries(), std::vector<std::string>{"report.xml"});
}

TEST_F(WriteOutput, EmptyContent) {
    const auto path = (m_dir / "empty.txt").string();
    ASSERT_TRUE(write_output(path, ""));
    EXPECT_TRUE(fs::exists(path));
    EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(WriteOutput, MissingDirectoryFailsCleanly) {
    const auto path = (m_dir / "no-such-dir" / "report.json").string();
    const auto result = write_output(path, "data");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), "cannot write " + path + ": No such file or directory");
    EXPECT_TRUE(entries().empty());
}

TEST_F(WriteOutput, RenameFailureRemovesTheTempFile) {
    // PATH is a non-empty directory: the temp file is written, the rename fails.
    const auto path = m_dir / "taken";
    fs::create_directory(path);
    std::ofstream(path / "inside") << "x";
    const auto result = write_output(path.string(), "data");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().rfind("cannot write " + path.string() + ": ", 0), 0u) << result.error();
    EXPECT_EQ(entries(), std::vector<std::string>{"taken"});
}

TEST_F(WriteOutput, DashWritesToStdout) {
    ::testing::internal::CaptureStdout();
    const auto result = write_output("-", "to stdout\n");
    const std::string captured = ::testing::internal::GetCapturedStdout();
    ASSERT_TRUE(result);
    EXPECT_EQ(captured, "to stdout\n");
    EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace usbcheck::reports
