#include "stages/load_tables.hpp"

#include "io/text.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

namespace hublo::stages {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

TableData load_table(const TableSettings &t, StageContext &ctx) {
    auto &log = ctx.log;
    const io::CsvTable csv = io::read_table(t.source);
    const auto c_code = csv.require_column(t.code, t.source.context + " code");
    std::vector<std::size_t> cols;
    std::vector<std::string> names = t.columns;
    if (names.empty()) {
        for (std::size_t k = 0; k < csv.header.size(); ++k) {
            if (k != c_code) {
                names.push_back(csv.header[k]);
            }
        }
    }
    for (const auto &n : names) {
        cols.push_back(csv.require_column(n, t.source.context + " columns"));
    }
    TableData out;
    out.source_columns = names;
    for (const auto &n : names) {
        out.columns.push_back(t.prefix + n);
    }
    out.values.resize(cols.size());
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<std::size_t> first_line;
    std::size_t malformed = 0;
    std::vector<std::string> malformed_examples;
    std::size_t dropped_dups = 0;
    std::vector<std::string> dup_examples;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        const std::string code = io::normalise_code(row[c_code], t.source.code_width);
        const std::string where = csv.source + ":" + std::to_string(csv.row_line[r]);
        if (code.empty()) {
            throw Error(ErrorKind::data,
                        where + ": empty code in column " + t.code + "; every row needs one");
        }
        std::vector<double> vals(cols.size(), kNaN);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            bool bad = false;
            const auto v = io::parse_number(row[cols[k]], csv.decimal_comma(), &bad);
            if (bad) {
                ++malformed;
                core::keep_example(malformed_examples,
                                   where + " " + names[k] + "='" + row[cols[k]] + "'");
            }
            vals[k] = v.value_or(kNaN);
        }
        auto [it, inserted] = seen.emplace(code, out.codes.size());
        if (!inserted) {
            const std::size_t first = it->second;
            bool same = true;
            for (std::size_t k = 0; k < cols.size(); ++k) {
                const double a = out.values[k][first], b = vals[k];
                same = same && (a == b || (std::isnan(a) && std::isnan(b)));
            }
            if (t.on_duplicate == OnDuplicate::error ||
                (t.on_duplicate == OnDuplicate::identical && !same)) {
                throw Error(ErrorKind::data,
                            where + ": code " + code + " appears again (first at line " +
                                std::to_string(first_line[first]) +
                                "); remove the duplicate rows, or set on_duplicate = " +
                                (t.on_duplicate == OnDuplicate::error
                                     ? "\"identical\" (same values) or \"first\""
                                     : "\"first\" (their values differ)") +
                                " in " + t.source.context);
            }
            ++dropped_dups;
            core::keep_example(dup_examples, code);
            continue;
        }
        out.codes.push_back(code);
        first_line.push_back(csv.row_line[r]);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            out.values[k].push_back(vals[k]);
        }
    }
    log.add_count("indicator_value_malformed",
                  "indicator cells that are not numbers, read as missing", malformed,
                  malformed_examples);
    log.add_count("indicator_duplicate_rows",
                  "duplicate rows dropped in " + t.source.context + " (on_duplicate)", dropped_dups,
                  dup_examples);
    return out;
}

std::vector<TableData> run_load_tables(const std::vector<TableSettings> &tables,
                                       StageContext &ctx) {
    std::vector<TableData> out;
    for (const auto &t : tables) {
        out.push_back(load_table(t, ctx));
    }
    return out;
}

} // namespace hublo::stages
