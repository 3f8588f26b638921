// The JSON request validator of the API (what POST /api/route, /compare and /table run before
// any routing): the first byte picks the endpoint, the rest is the body.
#include <nlohmann/json.hpp>

#include "corridor/api/api.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return 0;
  const api::Limits limits;
  try {
    switch (data[0] % 3) {
      case 0:
        api::route_request_from_json(j).validate(limits);
        break;
      case 1:
        api::compare_request_from_json(j).validate(limits);
        break;
      default:
        api::table_request_from_json(j).validate(limits);
        break;
    }
  } catch (const Error& e) {
    // Errors are rendered as JSON for the client: that must never throw either.
    (void)api::error_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
    // serve turns these into 400 (a field of the wrong JSON type): accepted.
  }
  return 0;
}
