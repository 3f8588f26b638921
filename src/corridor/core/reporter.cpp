#include "corridor/core/reporter.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace corridor {

StderrReporter::StderrReporter(bool verbose) : verbose_(verbose), tty_(::isatty(2) == 1) {}

void StderrReporter::log(std::string_view message) {
  if (!verbose_) return;
  if (tty_ && last_permille_ != -1) std::fputs("\r\033[K", stderr);  // clear the bar's line
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
}

void StderrReporter::progress(std::string_view task, uint64_t done, uint64_t total) {
  if (!tty_ || !verbose_) return;
  int permille = total ? static_cast<int>(done * 1000 / total) : -1;
  if (total && permille == last_permille_) return;
  last_permille_ = permille;
  if (total) {
    int width = 30, filled = permille * width / 1000;
    std::fprintf(stderr, "\r%.*s [%.*s%*s] %5.1f%%", static_cast<int>(task.size()), task.data(),
                 filled, "##############################", width - filled, "", permille / 10.0);
  } else {
    std::fprintf(stderr, "\r%.*s %llu", static_cast<int>(task.size()), task.data(),
                 static_cast<unsigned long long>(done));
  }
  std::fflush(stderr);
}

void StderrReporter::finish(std::string_view) {
  if (tty_ && verbose_ && last_permille_ != -2) std::fprintf(stderr, "\r\033[K");
  last_permille_ = -1;
}

uint64_t peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

}  // namespace corridor
