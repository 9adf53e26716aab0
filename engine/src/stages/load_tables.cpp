#include "stages/load_tables.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

namespace hublo::stages {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

namespace {

/// Where each share column of a table sits among the columns read, and how to read it.
struct ShareRole {
    std::size_t group = 0; ///< index in TableSettings::shares
    std::size_t base = 0;  ///< column index of the base
};

/// The columns a table reads: its `columns` (or every column but the code), then the share
/// groups' columns and bases not listed.
std::vector<std::string> columns_read(const TableSettings &t, const io::CsvTable &csv,
                                      std::size_t c_code) {
    std::vector<std::string> names = t.columns;
    if (names.empty()) {
        for (std::size_t k = 0; k < csv.header.size(); ++k) {
            if (k != c_code) {
                names.push_back(csv.header[k]);
            }
        }
    }
    auto add = [&](const std::string &n) {
        if (std::find(names.begin(), names.end(), n) == names.end()) {
            names.push_back(n);
        }
    };
    for (const auto &g : t.shares) {
        for (const auto &c : g.columns) {
            add(c);
        }
        add(g.base);
    }
    return names;
}

/// One code's rows summed: counts, and share x base with the base they were weighed by.
struct Accumulator {
    std::vector<double> sum, weight;
    std::vector<double> single; ///< the share itself while one row holds the code
    std::size_t rows = 0;
};

/// Rescales a row's partition shares to sum to 1; true when they were off by over 1 point.
bool rescale_partition(const std::vector<std::size_t> &idx, std::vector<double> &vals) {
    double total = 0;
    for (const auto k : idx) {
        if (std::isnan(vals[k])) {
            return false;
        }
        total += vals[k];
    }
    if (!(total > 0)) {
        return false;
    }
    for (const auto k : idx) {
        vals[k] /= total;
    }
    return std::fabs(total - 1.0) > 0.01;
}

/// Adds the lookup's columns to every row of `csv` whose key it holds; drops the others.
void join_lookup(io::CsvTable &csv, const TableLookup &lk, const TableSettings &t,
                 const CommunesResult *communes, core::IssueLog &log) {
    const std::string &context = t.source.context;
    const io::CsvTable other = io::read_table(lk.source);
    const auto c_key = other.require_column(lk.key, lk.source.context + " key");
    std::vector<std::size_t> cols;
    for (const auto &c : lk.columns) {
        if (csv.column(c)) {
            throw Error(ErrorKind::input, lk.source.context + ": column '" + c +
                                              "' is already in " + csv.source +
                                              "; list only the lookup's own columns");
        }
        cols.push_back(other.require_column(c, lk.source.context + " columns"));
    }
    std::unordered_map<std::string, std::size_t> by_key;
    for (std::size_t r = 0; r < other.rows.size(); ++r) {
        const auto key = io::normalise_code(other.rows[r][c_key], lk.source.code_width);
        const auto [it, inserted] = by_key.emplace(key, r);
        if (!inserted) {
            throw Error(ErrorKind::data, other.source + ":" + std::to_string(other.row_line[r]) +
                                             ": key " + key + " appears again (first at line " +
                                             std::to_string(other.row_line[it->second]) +
                                             "); the " + lk.source.context + " needs one row per " +
                                             lk.key);
        }
    }
    const auto c_on = csv.require_column(lk.on, context + " lookup on");
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> lines;
    std::vector<std::string> unmatched, outside_examples;
    std::size_t dropped = 0, outside = 0;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        auto row = std::move(csv.rows[r]);
        const auto key = io::normalise_code(row[c_on], lk.source.code_width);
        const auto it = by_key.find(key);
        if (it == by_key.end()) {
            if (communes && communes->outside_study(key)) {
                ++outside; // another département's (an IRIS of a commune left out)
                core::keep_example(outside_examples, key);
                continue;
            }
            ++dropped;
            core::keep_example(unmatched, row[c_on]);
            continue;
        }
        for (const auto c : cols) {
            row.push_back(other.rows[it->second][c]);
        }
        rows.push_back(std::move(row));
        lines.push_back(csv.row_line[r]);
    }
    csv.rows = std::move(rows);
    csv.row_line = std::move(lines);
    csv.header.insert(csv.header.end(), lk.columns.begin(), lk.columns.end());
    log.add_count("indicator_lookup_unmatched",
                  "rows of " + context + " whose " + lk.on + " is not in the " + lk.source.context +
                      " (" + lk.source.path.filename().string() + "), left out",
                  dropped, unmatched);
    log.add_count("indicator_rows_outside_study:" + t.id,
                  "rows of " + context + " for communes outside the study, left out", outside,
                  outside_examples);
}

/// Rows of a commune table outside a subset ([communes] keep) left out, as a note.
void drop_rows_outside(io::CsvTable &csv, std::size_t c_code, const TableSettings &t,
                       const CommunesResult &communes, core::IssueLog &log) {
    if (communes.subset_departements.empty()) {
        return; // not a subset: every row is the study's
    }
    std::size_t kept = 0, outside = 0;
    std::vector<std::string> examples;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const std::string code = io::normalise_code(csv.rows[r][c_code], t.source.code_width);
        if (!code.empty() && communes.outside_study(code)) {
            ++outside;
            core::keep_example(examples, code);
            continue;
        }
        if (kept != r) {
            csv.rows[kept] = std::move(csv.rows[r]);
            csv.row_line[kept] = csv.row_line[r];
        }
        ++kept;
    }
    csv.rows.resize(kept);
    csv.row_line.resize(kept);
    log.add_count("indicator_rows_outside_study:" + t.id,
                  "rows of " + t.source.context + " for communes outside the study, left out",
                  outside, examples);
}

} // namespace

TableData load_table(const TableSettings &t, StageContext &ctx, const CommunesResult *communes) {
    auto &log = ctx.log;
    io::CsvTable csv = io::read_table(t.source);
    // A commune table's rows outside a subset are left out; a level's join tells its own.
    const CommunesResult *subset = t.level == "communes" ? communes : nullptr;
    if (t.lookup) {
        join_lookup(csv, *t.lookup, t, subset, log);
    }
    const auto c_code = csv.require_column(t.code, t.source.context + " code");
    if (subset) {
        drop_rows_outside(csv, c_code, t, *subset, log);
    }
    const std::vector<std::string> names = columns_read(t, csv, c_code);
    std::vector<std::size_t> cols;
    for (const auto &n : names) {
        cols.push_back(csv.require_column(n, t.source.context + " columns"));
    }
    auto index_of = [&](const std::string &n) {
        return static_cast<std::size_t>(std::find(names.begin(), names.end(), n) - names.begin());
    };
    std::vector<std::optional<ShareRole>> role(names.size());
    std::vector<std::vector<std::size_t>> group_cols(t.shares.size());
    for (std::size_t g = 0; g < t.shares.size(); ++g) {
        for (const auto &c : t.shares[g].columns) {
            role[index_of(c)] = ShareRole{g, index_of(t.shares[g].base)};
            group_cols[g].push_back(index_of(c));
        }
    }
    TableData out;
    out.source_columns = names;
    for (const auto &n : names) {
        out.columns.push_back(t.prefix + n);
    }
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<Accumulator> acc;
    std::vector<std::size_t> first_line;
    std::size_t malformed = 0, rescaled = 0, missing_counts = 0;
    std::vector<std::string> malformed_examples, rescaled_examples, missing_examples;
    std::size_t dropped_dups = 0;
    std::vector<std::string> dup_examples;
    const std::size_t nc = cols.size();
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto &row = csv.rows[r];
        const std::string code = io::normalise_code(row[c_code], t.source.code_width);
        const std::string where = csv.source + ":" + std::to_string(csv.row_line[r]);
        // Examples in summary.json name the file, not its folder: the same study gives the
        // same summary wherever it lies.
        const std::string example =
            t.source.path.filename().string() + ":" + std::to_string(csv.row_line[r]);
        if (code.empty()) {
            throw Error(ErrorKind::data,
                        where + ": empty code in column " + t.code + "; every row needs one");
        }
        std::vector<double> vals(nc, kNaN);
        for (std::size_t k = 0; k < nc; ++k) {
            bool bad = false;
            const auto v = io::parse_number(row[cols[k]], csv.decimal_comma(), &bad);
            if (bad) {
                ++malformed;
                core::keep_example(malformed_examples,
                                   example + " " + names[k] + "='" + row[cols[k]] + "'");
            }
            vals[k] = v.value_or(kNaN);
        }
        for (std::size_t g = 0; g < t.shares.size(); ++g) {
            if (t.shares[g].percent) {
                for (const auto k : group_cols[g]) {
                    vals[k] /= 100.0;
                }
            }
            if (t.shares[g].partition && rescale_partition(group_cols[g], vals)) {
                ++rescaled;
                core::keep_example(rescaled_examples, example);
            }
        }
        auto [it, inserted] = seen.emplace(code, out.codes.size());
        if (inserted) {
            out.codes.push_back(code);
            first_line.push_back(csv.row_line[r]);
            acc.push_back({std::vector<double>(nc, 0.0), std::vector<double>(nc, 0.0), vals, 0});
        } else if (t.on_duplicate != OnDuplicate::sum) {
            const std::size_t first = it->second;
            bool same = true;
            for (std::size_t k = 0; k < nc; ++k) {
                const double a = acc[first].single[k], b = vals[k];
                same = same && (a == b || (std::isnan(a) && std::isnan(b)));
            }
            if (t.on_duplicate == OnDuplicate::error ||
                (t.on_duplicate == OnDuplicate::identical && !same)) {
                throw Error(ErrorKind::data,
                            where + ": code " + code + " appears again (first at line " +
                                std::to_string(first_line[first]) +
                                "); remove the duplicate rows, or set on_duplicate = " +
                                (t.on_duplicate == OnDuplicate::error
                                     ? "\"identical\" (same values), \"first\" or \"sum\""
                                     : "\"first\" (their values differ) or \"sum\"") +
                                " in " + t.source.context);
            }
            ++dropped_dups;
            core::keep_example(dup_examples, code);
            continue;
        }
        Accumulator &a = acc[it->second];
        ++a.rows;
        for (std::size_t k = 0; k < nc; ++k) {
            if (!role[k]) {
                a.sum[k] += vals[k]; // NaN sticks: a count missing in one row is unknown
                continue;
            }
            const double base = vals[role[k]->base];
            if (!std::isnan(vals[k]) && base > 0) {
                a.sum[k] += vals[k] * base;
                a.weight[k] += base;
            } else if (std::isnan(vals[k]) && base > 0 && t.shares[role[k]->group].counts) {
                a.sum[k] = kNaN;
            }
        }
    }
    out.values.assign(nc, std::vector<double>(out.codes.size(), kNaN));
    for (std::size_t i = 0; i < out.codes.size(); ++i) {
        const Accumulator &a = acc[i];
        for (std::size_t k = 0; k < nc; ++k) {
            double v = a.sum[k];
            if (role[k] && !t.shares[role[k]->group].counts) {
                v = a.weight[k] > 0 ? a.sum[k] / a.weight[k] : (a.rows == 1 ? a.single[k] : kNaN);
            }
            if (std::isnan(v) && a.rows > 1 && !role[k]) {
                ++missing_counts;
                core::keep_example(missing_examples, out.codes[i] + " " + names[k]);
            }
            out.values[k][i] = v;
        }
    }
    log.add_count("indicator_value_malformed",
                  "indicator cells that are not numbers, read as missing", malformed,
                  malformed_examples);
    log.add_count("indicator_duplicate_rows",
                  "duplicate rows dropped in " + t.source.context + " (on_duplicate)", dropped_dups,
                  dup_examples);
    log.add_count("indicator_shares_rescaled",
                  "rows of " + t.source.context +
                      " whose partition shares did not sum to 100 % (off by over 1 point), "
                      "rescaled to sum to it",
                  rescaled, rescaled_examples);
    log.add_count("indicator_sum_incomplete",
                  "counts of " + t.source.context +
                      " left missing because a row of their code lacks them (on_duplicate = "
                      "\"sum\")",
                  missing_counts, missing_examples);
    return out;
}

std::vector<TableData> run_load_tables(const std::vector<TableSettings> &tables, StageContext &ctx,
                                       const CommunesResult *communes) {
    std::vector<TableData> out;
    for (const auto &t : tables) {
        out.push_back(load_table(t, ctx, communes));
    }
    return out;
}

} // namespace hublo::stages
