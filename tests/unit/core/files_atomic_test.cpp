// Issue 15, item 9: write_atomic replaces only regular files, and its temp files do not outlive
// the process (signals) or are swept at the next write (SIGKILL).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "corridor/core/error.h"
#include "corridor/core/files.h"

namespace fs = std::filesystem;
using namespace corridor;

namespace {

fs::path temp_dir(const char* name) {
  auto d = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

int count_tmp(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) ++n;
  return n;
}

TEST(WriteAtomic, RefusesToReplaceAnythingButARegularFile) {
  const auto dir = temp_dir("corridor-atomic");
  std::ofstream(dir / "target.txt") << "precious";
  fs::create_symlink(dir / "target.txt", dir / "link.txt");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  fs::create_directory(dir / "sub");
  for (const char* name : {"link.txt", "fifo", "sub"}) {
    try {
      files::write_atomic((dir / name).string(), "x");
      ADD_FAILURE() << "replaced " << name;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::io_error);
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_TRUE(fs::is_fifo(dir / "fifo"));
  std::ifstream in(dir / "target.txt");
  std::string s;
  in >> s;
  EXPECT_EQ(s, "precious");  // not written through the symlink either
  if (fs::exists("/dev/null")) {
    EXPECT_THROW(files::write_atomic("/dev/null", "x"), Error);
  }
  EXPECT_EQ(count_tmp(dir), 0);
  // A regular file and a new file are fine.
  files::write_atomic((dir / "target.txt").string(), "new");
  files::write_atomic((dir / "fresh.txt").string(), "new");
  EXPECT_EQ(files::read_all((dir / "target.txt").string()), "new");
  fs::remove_all(dir);
}

TEST(WriteAtomic, StaleTempFilesOfDeadProcessesAreSwept) {
  const auto dir = temp_dir("corridor-atomic-stale");
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);  // `child` is now a dead pid
  const auto out = dir / "out.cch";
  std::ofstream(dir / ("out.cch.tmp." + std::to_string(child))) << "left by a killed build";
  std::ofstream(dir / ("out.cch.tmp." + std::to_string(::getppid()))) << "a live process's";
  std::ofstream(dir / "other.tmp.1") << "not ours";
  files::write_atomic(out.string(), "done");
  EXPECT_FALSE(fs::exists(dir / ("out.cch.tmp." + std::to_string(child))));
  EXPECT_TRUE(fs::exists(dir / ("out.cch.tmp." + std::to_string(::getppid()))));
  EXPECT_TRUE(fs::exists(dir / "other.tmp.1"));
  fs::remove_all(dir);
}

TEST(WriteAtomic, SigtermDuringAWriteLeavesNoTempFile) {
  const auto dir = temp_dir("corridor-atomic-signal");
  const auto out = dir / "big.bin";
  pid_t child = ::fork();
  if (child == 0) {
    const std::string big(size_t{256} << 20, 'x');
    for (;;) files::write_atomic(out.string(), big);  // until the signal arrives
  }
  ASSERT_GT(child, 0);
  // Wait until a temp file exists, then terminate the writer mid-write.
  for (int i = 0; i < 500 && count_tmp(dir) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  EXPECT_EQ(count_tmp(dir), 0);
  fs::remove_all(dir);
}

}  // namespace
