// A minimal raw HTTP/1.1 client for tests that must send bytes no well-behaved client would
// (un-normalised "..", percent-encoded traversal, partial requests). One request per connection.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <string>

namespace corridor::serve::testing {

struct RawResponse {
  int status = 0;  // 0 = no parsable response
  std::string head;
  std::string body;
};

// Connects to 127.0.0.1:port, from the loopback address `from` if given (e.g. "127.0.0.2": the
// server sees another client); returns the socket or -1.
inline int raw_connect(int port, int timeout_s = 10, const char* from = nullptr) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{timeout_s, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = 0;
    if (::inet_pton(AF_INET, from, &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
      ::close(fd);
      return -1;
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool raw_send(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Reads one response: up to Content-Length if the head has one (the server may keep the
// connection open even after "Connection: close"), else until the peer closes.
inline RawResponse raw_read(int fd) {
  std::string all;
  char buf[4096];
  size_t want = std::string::npos;  // total bytes of head + body, once known
  for (;;) {
    if (want != std::string::npos && all.size() >= want) break;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
    auto sep = all.find("\r\n\r\n");
    if (want == std::string::npos && sep != std::string::npos) {
      std::string head = all.substr(0, sep);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto p = head.find("\r\ncontent-length:");
      if (p != std::string::npos) want = sep + 4 + std::stoul(head.substr(p + 17));
    }
  }
  RawResponse r;
  auto sep = all.find("\r\n\r\n");
  if (all.rfind("HTTP/1.", 0) != 0 || sep == std::string::npos) return r;
  r.head = all.substr(0, sep);
  r.body = all.substr(sep + 4);
  r.status = std::stoi(all.substr(9, 3));
  return r;
}

// Sends `request` verbatim on a fresh connection and returns the response.
inline RawResponse raw_request(int port, const std::string& request) {
  RawResponse r;
  int fd = raw_connect(port);
  if (fd < 0) return r;
  if (raw_send(fd, request)) r = raw_read(fd);
  ::close(fd);
  return r;
}

inline RawResponse raw_get(int port, const std::string& target) {
  return raw_request(port,
                     "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
}

}  // namespace corridor::serve::testing
