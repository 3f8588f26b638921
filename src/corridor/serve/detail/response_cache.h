// A bounded cache of rendered responses, keyed by a normalized request (endpoint + canonical JSON
// of the body or the decoded query). The dataset is immutable while serving, so an entry never
// goes stale and there is nothing to invalidate; the bound is on bytes (keys and values), and
// when a new entry does not fit the oldest entries are dropped first (FIFO). Entries larger than
// a sixteenth of the bound are not stored, so a few huge tables cannot flush everything else.
// Thread-safe; lookups and insertions hold one of a few mutexes (sharded by key hash) for a hash
// lookup only.
#pragma once
#include <array>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace corridor::serve::detail {

class ResponseCache {
 public:
  // `max_bytes` = 0 disables the cache (get finds nothing, put stores nothing).
  explicit ResponseCache(size_t max_bytes);

  // The value stored under `key`, or null.
  std::shared_ptr<const void> get(std::string_view key) const;
  // Stores `value` (whose size is `bytes`) under `key` unless it is already there or too large.
  void put(std::string key, std::shared_ptr<const void> value, size_t bytes);

  size_t bytes() const;    // keys + values now held (approximate: value sizes as given)
  size_t entries() const;  // now held
  size_t max_bytes() const { return max_bytes_; }

 private:
  static constexpr size_t kShards = 8;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::pair<std::shared_ptr<const void>, size_t>> map;
    std::deque<std::string> order;  // insertion order, for eviction
    size_t bytes = 0;
  };
  Shard& shard_of(std::string_view key) const;

  size_t max_bytes_;
  size_t shard_bytes_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace corridor::serve::detail
