// read_maybe_gzip bounds what a compressed input may inflate to (issue 15): a gzip bomb is a
// clear invalid_input error naming the file and the bound, read no further than the bound;
// genuine compressed and plain files still read in full.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <string>

#include "corridor/core/error.h"
#include "corridor/osm/dimacs.h"

namespace corridor::osm {
namespace {

namespace fs = std::filesystem;

class GzipLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("corridor-gzip-limit-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `bytes` copies of `c`, gzip-compressed at the best ratio, into dir_/name.
  std::string write_gz(const std::string& name, size_t bytes, char c = '0') {
    const std::string path = (dir_ / name).string();
    gzFile f = gzopen(path.c_str(), "wb9");
    EXPECT_NE(f, nullptr);
    const std::string chunk(1 << 20, c);
    for (size_t done = 0; done < bytes;) {
      const size_t n = std::min(chunk.size(), bytes - done);
      EXPECT_EQ(gzwrite(f, chunk.data(), static_cast<unsigned>(n)), static_cast<int>(n));
      done += n;
    }
    gzclose(f);
    return path;
  }

  fs::path dir_;
};

std::string error_of(const std::string& path, const GzipLimits& limits) {
  try {
    read_maybe_gzip(path, limits);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    return e.what();
  }
  ADD_FAILURE() << "no error for " << path;
  return {};
}

TEST_F(GzipLimitTest, BombIsRejectedByTheDefaultRatioBound) {
  // 100 MiB of zeros compress to about 100 kB: a 1000:1 bomb. The default bound for it is the
  // 64 MiB floor (100 x 100 kB is less), so it must be refused.
  const std::string bomb = write_gz("bomb.gr.gz", size_t{100} << 20);
  const auto compressed = fs::file_size(bomb);
  ASSERT_LT(compressed, 200u * 1024) << "the bomb is not a bomb";
  GzipLimits limits;  // the built-in defaults, whatever the environment says
  const std::string msg = error_of(bomb, limits);
  EXPECT_NE(msg.find("bomb.gr.gz"), std::string::npos) << msg;
  EXPECT_NE(msg.find("inflates to more than 67108864 bytes"), std::string::npos) << msg;
  EXPECT_NE(msg.find("CORRIDOR_GZIP_MAX_BYTES"), std::string::npos) << msg;
}

TEST_F(GzipLimitTest, AbsoluteAndRatioBoundsAreExact) {
  const std::string gz = write_gz("zeros.gz", 3 << 20);  // 3 MiB inflated
  GzipLimits exact{.max_bytes = 3 << 20, .max_ratio = 100, .ratio_floor = 3 << 20};
  EXPECT_EQ(read_maybe_gzip(gz, exact).size(), size_t{3} << 20);  // exactly at the bound: fine
  GzipLimits small_total{.max_bytes = (3 << 20) - 1, .max_ratio = 1000000, .ratio_floor = 0};
  EXPECT_NE(error_of(gz, small_total).find(std::to_string((3 << 20) - 1)), std::string::npos);
  // Ratio bound: 2 x compressed size, the floor below it.
  GzipLimits ratio{.max_bytes = uint64_t{1} << 40, .max_ratio = 2, .ratio_floor = 1024};
  const std::string want = std::to_string(2 * fs::file_size(gz));
  EXPECT_NE(error_of(gz, ratio).find("more than " + want + " bytes"), std::string::npos);
}

TEST_F(GzipLimitTest, GenuineAndPlainFilesReadInFull) {
  const std::string gz = write_gz("ok.gr.gz", 5000, 'a');
  const std::string text = read_maybe_gzip(gz);
  EXPECT_EQ(text, std::string(5000, 'a'));
  // A plain file bigger than every bound is read as it is (its size is what is on disk).
  const std::string plain = (dir_ / "plain.gr").string();
  {
    FILE* f = std::fopen(plain.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const std::string s(4096, 'p');
    std::fwrite(s.data(), 1, s.size(), f);
    std::fclose(f);
  }
  GzipLimits tiny{.max_bytes = 10, .max_ratio = 1, .ratio_floor = 10};
  EXPECT_EQ(read_maybe_gzip(plain, tiny), std::string(4096, 'p'));
}

TEST_F(GzipLimitTest, EnvironmentSetsTheTotalBound) {
  ::setenv("CORRIDOR_GZIP_MAX_BYTES", "12345", 1);
  const GzipLimits l = GzipLimits::defaults();
  EXPECT_EQ(l.max_bytes, 12345u);
  ::setenv("CORRIDOR_GZIP_MAX_BYTES", "12k", 1);
  EXPECT_THROW(GzipLimits::defaults(), Error);
  ::setenv("CORRIDOR_GZIP_MAX_BYTES", "0", 1);
  EXPECT_THROW(GzipLimits::defaults(), Error);
  ::unsetenv("CORRIDOR_GZIP_MAX_BYTES");
  EXPECT_EQ(GzipLimits::defaults().max_bytes, uint64_t{4} << 30);
}

}  // namespace
}  // namespace corridor::osm
