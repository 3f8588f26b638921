// `corridor serve`: load once, serve until SIGINT/SIGTERM, shut down cleanly.
#include <fmt/core.h>
#include <signal.h>

#include "corridor/serve/serve.h"

namespace corridor::serve {

namespace {

// Blocks SIGINT/SIGTERM for this thread (and the server threads it creates) so that they are
// collected by sigwait() below instead of killing the process; restores the mask on exit.
class SignalMask {
 public:
  SignalMask() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~SignalMask() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SignalMask(const SignalMask&) = delete;
  SignalMask& operator=(const SignalMask&) = delete;
  int wait() const {
    int sig = 0;
    while (sigwait(&set_, &sig) != 0) {
    }
    return sig;
  }

 private:
  sigset_t set_{};
  sigset_t old_{};
};

}  // namespace

int run_server(const ServeOptions& options, Reporter& reporter) {
  options.validate();
  const std::string data_dir =
      options.data_dir.empty() ? api::default_data_dir() : options.data_dir;
  reporter.log(fmt::format("corridor serve: loading {}", data_dir));
  std::shared_ptr<const api::Engine> engine = api::load_engine(data_dir);

  SignalMask signals;
  Server server(engine, options, reporter);
  server.start();
  reporter.log(fmt::format(
      "corridor serve: listening on http://{}:{}/ ({}); Ctrl-C to stop",
      options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind,
      server.port(), options.web_root.empty() ? "API only" : "web map from " + options.web_root));
  const int sig = signals.wait();
  reporter.log(fmt::format("corridor serve: {} received, finishing in-flight requests",
                           sig == SIGINT ? "SIGINT" : "SIGTERM"));
  server.stop();
  reporter.log("corridor serve: stopped");
  return 0;
}

}  // namespace corridor::serve
