// libFuzzer target: the CSV reader on any bytes. It must return a table or throw
// hublo::Error, never crash, hang or read out of bounds; every row has the header's width.
#include "hublo/hublo.hpp"
#include "io/csv.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    for (const char delimiter : {'\0', ';'}) {
        hublo::io::CsvOptions options;
        options.delimiter = delimiter;
        try {
            const auto table = hublo::io::parse_csv(bytes, "fuzz.csv", options);
            for (const auto &row : table.rows) {
                if (row.size() != table.header.size()) {
                    std::abort(); // the reader promises rectangular tables
                }
            }
            if (table.row_line.size() != table.rows.size()) {
                std::abort();
            }
        } catch (const hublo::Error &) {
        }
    }
    return 0;
}
