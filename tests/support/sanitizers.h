// Whether this test binary is built with a sanitizer (ASan+UBSan, TSan). Heavy integration tests
// use it to run a smaller instance of the same check there (the release build runs the full one):
// an -O0 sanitizer build is 20-40x slower on the numerical code, and the sanitizers find memory
// and thread errors on a small instance as well as on a large one.
#pragma once

namespace corridor::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace corridor::testing
