// libFuzzer target: the study-file parser (TOML, schema, overrides) on any text. It must
// return a configuration or throw hublo::Error: toml++ parse errors and type mismatches
// included, never another exception nor a crash.
#include "hublo/hublo.hpp"
#include "study/config.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string text(reinterpret_cast<const char *>(data), size);
    try {
        (void)hublo::study::parse_study(text, "/nonexistent", "fuzz.toml");
    } catch (const hublo::Error &) {
    }
    // The same text as an override value: "section.key=<text>".
    try {
        (void)hublo::study::parse_study("[study]\nid = \"f\"\n", "/nonexistent", "fuzz.toml",
                                        {"outputs.decimals=" + text.substr(0, 256)});
    } catch (const hublo::Error &) {
    }
    return 0;
}
