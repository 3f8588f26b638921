#include "corridor/core/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "corridor/core/error.h"

namespace corridor::files {

namespace {

// Temp files being written, unlinked by the SIGINT/SIGTERM handler. Fixed storage: a signal
// handler may only use async-signal-safe calls (unlink, signal, raise) and plain memory.
constexpr int kSlots = 16;
char g_tmp_paths[kSlots][4096];
std::atomic<int> g_tmp_state[kSlots];  // 0 free, 1 being filled, 2 armed (path complete)

void on_fatal_signal(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_tmp_state[i].load() == 2) ::unlink(g_tmp_paths[i]);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Installs the handler for SIGINT/SIGTERM once, only where the program kept the default action
// (a program with its own handling, e.g. `corridor serve`'s sigwait, is left alone).
void install_signal_cleanup() {
  static const bool installed = [] {
    for (int sig : {SIGINT, SIGTERM}) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL &&
          !(old.sa_flags & SA_SIGINFO)) {
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(sig, &sa, nullptr);
      }
    }
    return true;
  }();
  (void)installed;
}

// Registers `path` for cleanup; returns the slot, or -1 when all are taken (then a signal may
// leave this one behind, and the next run's stale-file sweep removes it).
int register_tmp(const std::string& path) {
  if (path.size() >= sizeof g_tmp_paths[0]) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_tmp_state[i].compare_exchange_strong(expected, 1)) {
      // Claimed but not armed while the path is copied: the handler never sees half a path.
      std::memcpy(g_tmp_paths[i], path.c_str(), path.size() + 1);
      g_tmp_state[i].store(2);
      return i;
    }
  }
  return -1;
}

void unregister_tmp(int slot) {
  if (slot >= 0) g_tmp_state[slot].store(0);
}

// Removes "<name>.tmp.<pid>" files next to `path` left by processes that no longer exist (a
// killed `import` or `build`): they are never renamed into place by anyone.
void sweep_stale_tmp(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string prefix = p.filename().string() + ".tmp.";
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      struct stat st {};
      const std::string full = (dir / name).string();
      if (::lstat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::unlink(full.c_str());
    }
  }
  ::closedir(d);
}

const char* kind_of(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

}  // namespace

void write_atomic(const std::string& path, std::string_view content) {
  if (path == "-") {  // the user asked for stdout: written through, not replaced
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() ||
        std::fflush(stdout) != 0)
      throw Error(Errc::io_error, std::string("cannot write to stdout: ") + std::strerror(errno));
    return;
  }
  // Only a regular file (or nothing) is replaced: renaming over a symlink, device or FIFO would
  // silently turn it into a regular file (as root, /dev/full).
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw Error(Errc::io_error, "refusing to write '" + path + "': it is " + kind_of(st.st_mode) +
                                    ", not a regular file (use '-' for standard output)");
  }
  install_signal_cleanup();
  sweep_stale_tmp(path);
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int slot = register_tmp(tmp);
  struct Unregister {
    int slot;
    ~Unregister() { unregister_tmp(slot); }
  } unregister{slot};
  auto fail = [&](int e) -> Error {
    ::unlink(tmp.c_str());
    return Error(Errc::io_error, "cannot write '" + path + "': " + std::strerror(e));
  };
  // O_EXCL | O_NOFOLLOW: never write through something planted at the temp name.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) {  // ours from an earlier failure in this process
    ::unlink(tmp.c_str());
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  }
  if (fd < 0) throw Error(Errc::io_error, "cannot write '" + path + "': " + std::strerror(errno));
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw fail(e);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int e = errno;
    ::close(fd);
    throw fail(e);
  }
  if (::close(fd) != 0) throw fail(errno);
  // Re-check just before the rename (the target may have been swapped meanwhile).
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    ::unlink(tmp.c_str());
    throw Error(Errc::io_error, "refusing to write '" + path + "': it is " + kind_of(st.st_mode) +
                                    ", not a regular file (use '-' for standard output)");
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw fail(errno);
}

std::string read_all(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error(Errc::io_error, "cannot read '" + path + "': is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Errc::io_error, "cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

}  // namespace corridor::files
