#include "corridor/serve/detail/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "corridor/serve/detail/gzip.h"

namespace fs = std::filesystem;
using corridor::serve::detail::accepts_gzip;
using corridor::serve::detail::mime_type;
using corridor::serve::detail::resolve_static;

namespace {

// <tmp>/root/{index.html, app.js, sub/data.json, .hidden, link-in -> app.js,
//             link-out -> ../secret.txt, dir-out -> ..}, <tmp>/secret.txt, <tmp>/root2/x.txt
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("corridor-static-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "root" / "sub");
    fs::create_directories(base_ / "root2");
    write(base_ / "root" / "index.html", "<!doctype html>");
    write(base_ / "root" / "app.js", "export {}");
    write(base_ / "root" / "sub" / "data.json", "{}");
    write(base_ / "root" / ".hidden", "x");
    write(base_ / "secret.txt", "SECRET");
    write(base_ / "root2" / "x.txt", "other root");
    fs::create_symlink("app.js", base_ / "root" / "link-in");
    fs::create_symlink("../secret.txt", base_ / "root" / "link-out");
    fs::create_directory_symlink("..", base_ / "root" / "dir-out");
    root_ = fs::canonical(base_ / "root");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }

  fs::path base_, root_;
};

TEST_F(StaticFiles, ResolvesFilesAndIndex) {
  EXPECT_EQ(resolve_static(root_, "/"), root_ / "index.html");
  EXPECT_EQ(resolve_static(root_, "/index.html"), root_ / "index.html");
  EXPECT_EQ(resolve_static(root_, "/app.js"), root_ / "app.js");
  EXPECT_EQ(resolve_static(root_, "/sub/data.json"), root_ / "sub" / "data.json");
  EXPECT_EQ(resolve_static(root_, "/link-in"), root_ / "app.js");  // symlink inside the root
  // Out through a symlink and back in again ends inside the root: allowed, it is the same file.
  EXPECT_EQ(resolve_static(root_, "/dir-out/root/app.js"), root_ / "app.js");
}

TEST_F(StaticFiles, RejectsTraversal) {
  for (const char* p : {"/../secret.txt",
                        "/sub/../../secret.txt",
                        "/..",
                        "/../",
                        "/sub/..",
                        "/./app.js",
                        "/../root2/x.txt",
                        "/../root/app.js",
                        "//etc/passwd",
                        "/\\..\\secret.txt",
                        "/sub\\..\\..\\secret.txt",
                        "/.hidden",
                        "/link-out",
                        "/dir-out/secret.txt",
                        "/dir-out/root2/x.txt",
                        "relative",
                        "",
                        "/sub//data.json",
                        "/nonexistent",
                        "/sub",
                        "/sub/"}) {
    EXPECT_FALSE(resolve_static(root_, p).has_value()) << p;
  }
  EXPECT_FALSE(resolve_static(root_, std::string_view("/app.js\0.png", 12)).has_value());
}

TEST_F(StaticFiles, RootPrefixIsComponentWise) {
  // A sibling directory whose name extends the root's must not count as inside it.
  fs::create_directories(base_ / "rootx");
  write(base_ / "rootx" / "f.txt", "x");
  fs::create_symlink("../rootx/f.txt", base_ / "root" / "sib");
  EXPECT_FALSE(resolve_static(root_, "/sib").has_value());
}

TEST(MimeType, ByExtension) {
  EXPECT_EQ(mime_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("a/b/style.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("countries-50m.json"), "application/json");
  EXPECT_EQ(mime_type("marker-icon.png"), "image/png");
  EXPECT_EQ(mime_type("logo.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("LICENSE"), "application/octet-stream");
  EXPECT_EQ(mime_type("x.exe"), "application/octet-stream");
}

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br"));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzipx"));
}

TEST(Gzip, CompressesWithGzipHeader) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "Baku Nakhchivan Meghri ";
  auto z = corridor::serve::detail::gzip(text);
  ASSERT_TRUE(z.has_value());
  ASSERT_GE(z->size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>((*z)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*z)[1]), 0x8b);
  EXPECT_LT(z->size(), text.size() / 10);
}

}  // namespace
