// Runs the real corridor binary and captures exit code, stdout and stderr.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace corridor::e2e {

struct Run {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `args` is appended to the binary path as shell words (tests only pass fixed strings).
inline Run run_cli(const std::string& args) {
  static int counter = 0;
  std::string base = ::testing::TempDir() + "/corridor_e2e_" + std::to_string(::getpid()) + "_" +
                     std::to_string(counter++);
  std::string cmd = std::string("cd '") + CORRIDOR_SOURCE_DIR + "' && '" + CORRIDOR_BIN + "' " +
                    args + " >'" + base + ".out' 2>'" + base + ".err'";
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

}  // namespace corridor::e2e
