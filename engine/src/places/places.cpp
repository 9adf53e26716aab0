#include "places/places.hpp"

#include "core/issue_log.hpp"

#include "hublo/error.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace hublo::places {

namespace {

using Columns = std::map<std::string, std::string>;

/// Column names of each known format; [[places]] columns override them.
Columns preset(const std::string &format) {
    if (format == "france_services") {
        return {{"id", "id_fs"},
                {"name", "lib_fs"},
                {"address", "adresse"},
                {"postcode", "code_postal"},
                {"commune_code", "insee_com"},
                {"commune_name", "lib_com"},
                {"lat", "latitude"},
                {"lon", "longitude"},
                {"hours_mo", "h_lundi"},
                {"hours_tu", "h_mardi"},
                {"hours_we", "h_mercredi"},
                {"hours_th", "h_jeudi"},
                {"hours_fr", "h_vendredi"},
                {"hours_sa", "h_samedi"},
                {"format", "format_fs"},
                {"comment", "commentaire"}};
    }
    if (format == "conseiller_numerique_json") {
        return {{"id", "id"},
                {"name", "nom"},
                {"siret", "pivot"},
                {"address", "adresse"},
                {"postcode", "code_postal"},
                {"commune_name", "commune"},
                {"lat", "latitude"},
                {"lon", "longitude"},
                {"labels", "labels_nationaux"},
                {"hours", "horaires"}};
    }
    if (format == "aidants_connect") {
        return {{"id", "ID"},
                {"name", "Name"},
                {"siret", "Siret"},
                {"address", "Address"},
                {"postcode", "Zip Code"},
                {"commune_code", "City Insee Code"},
                {"commune_name", "City"},
                {"staff", "Nombre d'aidants"}};
    }
    if (format == "mednum") {
        return {{"id", "id"},
                {"name", "nom"},
                {"siret", "pivot"},
                {"address", "adresse"},
                {"postcode", "code_postal"},
                {"commune_code", "code_insee"},
                {"commune_name", "commune"},
                {"lat", "latitude"},
                {"lon", "longitude"},
                {"labels", "dispositif_programmes_nationaux"},
                {"hours", "horaires"}};
    }
    return {};
}

/// A JSON array of flat objects, as a CsvTable of text cells (numbers in their JSON text).
io::CsvTable json_as_table(const io::TableSource &src, const std::string &bytes) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error(ErrorKind::data, src.path.string() + ": invalid JSON at byte " +
                                         std::to_string(e.byte) + "; " + src.context +
                                         " needs a JSON array of objects");
    } catch (const nlohmann::json::exception &e) {
        // e.g. a number too large for a double (out_of_range 406)
        throw Error(ErrorKind::data, src.path.string() + ": unreadable JSON (" + e.what() + "); " +
                                         src.context + " needs a JSON array of objects");
    }
    if (!doc.is_array()) {
        throw Error(ErrorKind::data, src.path.string() + ": expected a JSON array of objects; " +
                                         src.context + " format conseiller_numerique_json");
    }
    io::CsvTable table;
    table.source = src.path.string();
    std::map<std::string, std::size_t> index;
    for (const auto &item : doc) {
        if (!item.is_object()) {
            continue;
        }
        for (const auto &[key, value] : item.items()) {
            if (!index.count(key)) {
                index.emplace(key, table.header.size());
                table.header.push_back(key);
            }
        }
    }
    std::size_t k = 0;
    for (const auto &item : doc) {
        ++k;
        if (!item.is_object()) {
            continue;
        }
        std::vector<std::string> row(table.header.size());
        for (const auto &[key, value] : item.items()) {
            row[index[key]] = value.is_string() ? value.get<std::string>()
                              : value.is_null() ? std::string()
                                                : value.dump();
        }
        table.rows.push_back(std::move(row));
        table.row_line.push_back(k); // the k-th object
    }
    if (table.rows.empty()) {
        throw Error(ErrorKind::data, src.path.string() + ": no place in the file; " + src.context +
                                         " needs at least one object");
    }
    return table;
}

bool truthy(std::string_view s) {
    s = io::trim(s);
    return s == "true" || s == "True" || s == "TRUE" || s == "1" || s == "Oui" || s == "oui";
}

} // namespace

std::string canonical_label(std::string_view label) {
    const std::string key = io::name_key(label);
    if (key == "CNFS" || key == "CONSEILLER NUMERIQUE" || key == "CONSEILLERS NUMERIQUES" ||
        key == "CONSEILLER NUMERIQUE FRANCE SERVICES" ||
        key == "CONSEILLER NUMERIQUE FRANCE SERVICE") {
        return "Conseiller numérique";
    }
    if (key == "FRANCE SERVICES" || key == "FRANCE SERVICE") {
        return "France Services";
    }
    if (key == "AIDANTS CONNECT" || key == "AIDANT CONNECT") {
        return "Aidants Connect";
    }
    return std::string(io::trim(label));
}

PlaceLoad load_places(const PlaceSource &source) {
    return source.format == "conseiller_numerique_json"
               ? places_from_table(json_as_table(source.source, io::read_file(source.source.path)),
                                   source)
               : places_from_table(io::read_table(source.source), source);
}

PlaceLoad places_from_bytes(std::string_view bytes, const PlaceSource &source) {
    if (source.format == "conseiller_numerique_json") {
        return places_from_table(json_as_table(source.source, std::string(bytes)), source);
    }
    io::CsvOptions options;
    return places_from_table(io::parse_csv(bytes, source.source.path.string(), options), source);
}

PlaceLoad places_from_table(const io::CsvTable &table, const PlaceSource &source) {
    Columns columns = preset(source.format);
    const Columns presets = columns;
    for (const auto &[key, column] : source.columns) {
        columns[key == "capacity" ? "staff" : key] = column;
    }
    const std::string setting = source.source.context + " (format " + source.format + ")";
    auto col = [&](const std::string &key) -> std::optional<std::size_t> {
        auto it = columns.find(key);
        if (it == columns.end() || it->second.empty()) {
            return std::nullopt;
        }
        return table.require_column(it->second, setting + " columns." + key);
    };
    const auto c_id = col("id"), c_name = col("name"), c_siret = col("siret"),
               c_address = col("address"), c_postcode = col("postcode"),
               c_code = col("commune_code"), c_cname = col("commune_name"), c_lat = col("lat"),
               c_lon = col("lon"), c_labels = col("labels");
    // Columns a format may lack (older exports): optional when only the preset names them.
    auto optional_col = [&](const std::string &key) -> std::optional<std::size_t> {
        auto it = columns.find(key);
        const auto preset_it = presets.find(key);
        if (it != columns.end() && preset_it != presets.end() && preset_it->second == it->second) {
            return table.column(it->second);
        }
        return col(key);
    };
    const auto c_staff = optional_col("staff"), c_hours = optional_col("hours");
    const auto c_format = optional_col("format"), c_comment = optional_col("comment");
    std::array<std::optional<std::size_t>, 6> c_days;
    bool any_day = false;
    for (std::size_t k = 0; k < c_days.size(); ++k) {
        static constexpr std::array<const char *, 6> kKeys = {"hours_mo", "hours_tu", "hours_we",
                                                              "hours_th", "hours_fr", "hours_sa"};
        c_days[k] = optional_col(kKeys[k]);
        any_day = any_day || c_days[k].has_value();
    }
    if (!c_name) {
        throw Error(ErrorKind::input, source.source.path.string() + ": " + source.source.context +
                                          " needs a name column: add columns.name = \"...\"");
    }
    if (!(c_lat && c_lon) && !c_code) {
        throw Error(ErrorKind::input,
                    source.source.path.string() + ": " + source.source.context +
                        " needs coordinates (columns.lon and columns.lat) or a commune code "
                        "(columns.commune_code) to place each row");
    }
    // Aidants Connect and similar exports flag inactive rows and France Services labels.
    const auto c_active = table.column("Is Active");
    const auto c_fs_label = table.column("France Services Label");

    PlaceLoad out;
    auto cell = [&](const std::vector<std::string> &row, std::optional<std::size_t> c) {
        return c ? std::string(io::trim(row[*c])) : std::string();
    };
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto &row = table.rows[r];
        if (c_active && !io::trim(row[*c_active]).empty() && !truthy(row[*c_active])) {
            ++out.inactive;
            continue;
        }
        PlaceRecord p;
        p.source = source.id;
        p.line = table.row_line[r];
        p.record_id = c_id ? cell(row, c_id) : std::to_string(p.line);
        p.name = cell(row, c_name);
        p.siret = c_siret ? io::normalise_code(row[*c_siret]) : std::string();
        if (p.siret.size() != 14 ||
            !std::all_of(p.siret.begin(), p.siret.end(), [](char c) { return std::isdigit(c); })) {
            p.siret.clear(); // only a well-formed SIRET identifies a place
        }
        p.address = cell(row, c_address);
        p.postcode = c_postcode ? io::normalise_code(row[*c_postcode], 5) : std::string();
        p.commune_code = c_code ? io::normalise_code(row[*c_code], 5) : std::string();
        p.commune_name = cell(row, c_cname);
        if (c_lat && c_lon) {
            bool bad = false;
            const auto lat = io::parse_number(row[*c_lat], table.decimal_comma(), &bad);
            const auto lon = io::parse_number(row[*c_lon], table.decimal_comma(), &bad);
            if (lat && lon && std::abs(*lat) <= 90.0 && std::abs(*lon) <= 180.0 &&
                !(*lat == 0.0 && *lon == 0.0)) {
                p.lonlat = algorithms::geometry::XY{*lon, *lat};
            } else if (bad || lat || lon) {
                ++out.bad_coordinates;
                core::keep_example(out.bad_coordinate_examples,
                                   table.source + ":" + std::to_string(p.line));
            }
        }
        if (!source.label.empty()) {
            p.labels.push_back(canonical_label(source.label));
        }
        if (c_labels) {
            // Schema lists use '|'; older exports use ', '.
            const char sep = row[*c_labels].find('|') != std::string::npos ? '|' : ',';
            for (const auto &l : io::split_list(row[*c_labels], sep)) {
                p.labels.push_back(canonical_label(l));
            }
        }
        if (c_fs_label && truthy(row[*c_fs_label])) {
            p.labels.emplace_back("France Services");
        }
        std::sort(p.labels.begin(), p.labels.end());
        p.labels.erase(std::unique(p.labels.begin(), p.labels.end()), p.labels.end());
        p.staff = source.staff;
        if (c_staff) {
            if (auto v = io::parse_number(row[*c_staff], table.decimal_comma(), nullptr);
                v && *v >= 0) {
                p.staff = *v;
            }
        }
        if (any_day) {
            std::array<std::string_view, 6> days;
            for (std::size_t k = 0; k < days.size(); ++k) {
                days[k] = c_days[k] ? std::string_view(row[*c_days[k]]) : std::string_view();
            }
            p.hours = read_france_services_days(days);
        } else if (c_hours) {
            p.hours = read_opening_hours(row[*c_hours]);
        }
        p.hours_stand_in = source.hours_per_week;
        p.service_format = cell(row, c_format);
        p.comment = cell(row, c_comment);
        if (source.format == "aidants_connect" && p.staff == 0.0) {
            ++out.inactive; // a structure without any habilitated aidant offers no service
            continue;
        }
        out.records.push_back(std::move(p));
    }
    return out;
}

} // namespace hublo::places
