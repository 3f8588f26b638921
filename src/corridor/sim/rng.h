// Random numbers that give the same bits on every platform: SplitMix64 to derive stream seeds,
// xoshiro256** as the generator, and our own samplers (no std:: distributions, whose output is
// implementation-defined). A stream is keyed by (seed, replication, element id, purpose), so
// adding an element or a purpose never perturbs the numbers another one draws.
#pragma once
#include <cmath>
#include <cstdint>
#include <string_view>

namespace corridor::sim {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a, for turning element ids (strings from the TOML file) into stream keys.
inline uint64_t hash_id(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

class Rng {
 public:
  Rng() : Rng(0, 0, 0, 0) {}
  // One independent stream per (seed, replication, element, purpose).
  Rng(uint64_t seed, uint64_t replication, uint64_t element, uint64_t purpose) {
    uint64_t sm = seed;
    uint64_t mix = splitmix64(sm) ^ (replication * 0xD1B54A32D192ED03ULL);
    sm = mix;
    mix = splitmix64(sm) ^ element;
    sm = mix;
    mix = splitmix64(sm) ^ (purpose * 0x8CB92BA72F3D8DD7ULL);
    sm = mix;
    for (auto& w : s_) w = splitmix64(sm);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log().
  double uniform_pos() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  double exponential(double mean) { return -mean * std::log(uniform_pos()); }
  // Standard normal by Box-Muller (one value per call; the pair's second half is discarded so
  // the stream position never depends on earlier calls' parity).
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(uniform_pos()));
    return r * std::cos(6.283185307179586 * uniform());
  }
  // Integer in [0, n).
  uint64_t below(uint64_t n) { return n == 0 ? 0 : static_cast<uint64_t>(uniform() * n) % n; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace corridor::sim
