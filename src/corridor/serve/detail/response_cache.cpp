#include "corridor/serve/detail/response_cache.h"

#include <functional>

namespace corridor::serve::detail {

ResponseCache::ResponseCache(size_t max_bytes)
    : max_bytes_(max_bytes), shard_bytes_(max_bytes / kShards) {}

ResponseCache::Shard& ResponseCache::shard_of(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

std::shared_ptr<const void> ResponseCache::get(std::string_view key) const {
  if (max_bytes_ == 0) return nullptr;
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  // C++20 heterogeneous lookup needs a transparent hash; a std::string key is cheap here
  // (request keys are short) and keeps the map simple.
  const auto it = s.map.find(std::string(key));
  return it == s.map.end() ? nullptr : it->second.first;
}

void ResponseCache::put(std::string key, std::shared_ptr<const void> value, size_t bytes) {
  const size_t cost = key.size() + bytes;
  if (max_bytes_ == 0 || value == nullptr || cost > max_bytes_ / 16 || cost > shard_bytes_) return;
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  if (s.map.count(key) != 0) return;
  while (s.bytes + cost > shard_bytes_ && !s.order.empty()) {
    const auto old = s.map.find(s.order.front());
    s.bytes -= old->first.size() + old->second.second;
    s.map.erase(old);
    s.order.pop_front();
  }
  s.order.push_back(key);
  s.map.emplace(std::move(key), std::make_pair(std::move(value), bytes));
  s.bytes += cost;
}

size_t ResponseCache::bytes() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.bytes;
  }
  return n;
}

size_t ResponseCache::entries() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.map.size();
  }
  return n;
}

}  // namespace corridor::serve::detail
