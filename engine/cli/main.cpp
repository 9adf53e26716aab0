// The `hublo` command: a thin client of the public C++ API.
#include "hublo/hublo.hpp"
#include "tools.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <utility>

namespace {

// Exit codes, stable for scripts.
constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitInput = 3;
constexpr int kExitIssues = 6; // check --strict found mismatches
constexpr int kExitInternal = 70;

/// The exit code of an error kind, from the library's one table of error kinds (3 bad input,
/// 4 bad data, 5 computation, 70 internal).
int exit_code(hublo::ErrorKind kind) {
    return hublo::error_kind_info(kind).exit_code;
}

/// Progress on a terminal (one line, rewritten); nothing when stderr is piped or --quiet.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}
    ~ProgressLine() { clear(); }
    void operator()(const hublo::Progress &p) {
        if (!enabled_) {
            return;
        }
        std::fprintf(stderr, "\r\033[K[%zu/%zu] %.*s...",
                     p.done + 1 > p.total ? p.total : p.done + 1, p.total,
                     static_cast<int>(p.stage.size()), p.stage.data());
        std::fflush(stderr);
        shown_ = true;
    }
    void clear() {
        if (shown_) {
            std::fprintf(stderr, "\r\033[K");
            std::fflush(stderr);
            shown_ = false;
        }
    }

private:
    bool enabled_;
    bool shown_ = false;
};

std::string thousands(double v) {
    auto s = std::to_string(static_cast<long long>(v + 0.5));
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) {
        s.insert(static_cast<std::size_t>(i), " ");
    }
    return s;
}

void print_issues(const hublo::RunSummary &s, std::FILE *out) {
    // Mismatches first (what to look at), then the notes (expected, handled as the study says).
    for (const bool notes : {false, true}) {
        std::size_t kinds = 0;
        for (const auto &issue : s.issues) {
            kinds += issue.note == notes ? 1 : 0;
        }
        if (kinds == 0) {
            std::fprintf(out, notes ? "" : "no mismatch between the inputs\n");
            continue;
        }
        std::fprintf(out, notes ? "notes, expected (%zu kinds):\n" : "mismatches (%zu kinds):\n",
                     kinds);
        for (const auto &issue : s.issues) {
            if (issue.note != notes) {
                continue;
            }
            std::string examples;
            for (const auto &e : issue.examples) {
                examples += (examples.empty() ? "" : "; ") + e;
            }
            std::fprintf(out, "  %6zu  %s\n", issue.count, issue.message.c_str());
            if (!examples.empty()) {
                std::fprintf(out, "          e.g. %s%s\n", examples.c_str(),
                             issue.count > issue.examples.size() ? "; ..." : "");
            }
        }
    }
}

/// The count and kinds of the mismatches (notes = false) or of the notes.
std::pair<std::size_t, std::size_t> issue_totals(const hublo::RunSummary &s, bool notes) {
    std::pair<std::size_t, std::size_t> t{0, 0};
    for (const auto &i : s.issues) {
        if (i.note == notes) {
            t.first += i.count;
            ++t.second;
        }
    }
    return t;
}

void print_counts(const hublo::RunSummary &s, std::FILE *out) {
    std::fprintf(out, "  %-16s %6zu   population %s\n", "communes", s.communes,
                 thousands(s.population).c_str());
    std::fprintf(out, "  %-16s %6zu   merged from %zu records", "places", s.places,
                 s.place_records);
    if (s.places_outside_study > 0) {
        std::fprintf(out, ", %zu outside the study (for travel times only)",
                     s.places_outside_study);
    }
    std::fprintf(out, "\n");
    for (const auto &l : s.layers) {
        if (l.name != "communes" && l.name != "places") {
            std::fprintf(out, "  %-16s %6zu\n", l.name.c_str(), l.features);
        }
    }
}

/// `text` cut or padded to `width` characters (UTF-8 aware), for aligned tables.
std::string column(const std::string &text, std::size_t width) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(text[i]);
        len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (chars + 1 > width) {
            break;
        }
        out.append(text, i, len);
        i += len;
        ++chars;
    }
    out.append(width - chars, ' ');
    return out;
}

/// The ranked deserts and the proposed places, after the counts of `hublo run`.
void print_deserts(const hublo::RunSummary &s, std::FILE *out) {
    if (!s.deserts.empty()) {
        const std::size_t shown = std::min<std::size_t>(10, s.deserts.size());
        std::fprintf(out, "\ndigital deserts: %zu zones (demand: %s), the first %zu:\n",
                     s.deserts.size(), s.demand_kind.c_str(), shown);
        const bool reasons = !s.deserts.front().reasons.empty();
        std::size_t why = 3; // the widest reasons shown, whole
        for (std::size_t k = 0; k < shown; ++k) {
            why = std::max(why, s.deserts[k].reasons.size() + 1);
        }
        std::fprintf(out, "  %-4s %s %8s %11s %10s %8s  %s%s\n", "rank",
                     column("zone (largest commune)", 26).c_str(), "communes", "population",
                     "demand", "mean min", reasons ? column("why", why).c_str() : "",
                     "nearest place");
        for (std::size_t k = 0; k < shown; ++k) {
            const auto &z = s.deserts[k];
            std::fprintf(out, "  %-4d %s %8zu %11s %10s %8.1f  %s%s\n", z.rank,
                         column(z.name, 26).c_str(), z.communes, thousands(z.population).c_str(),
                         thousands(z.demand).c_str(), z.time_mean_min,
                         reasons ? column(z.reasons, why).c_str() : "",
                         z.nearest_places.substr(0, z.nearest_places.find(" | ")).c_str());
        }
    }
    if (!s.siting.empty()) {
        char within[64];
        std::snprintf(within, sizeof within, "within %g min", s.siting_minutes);
        const bool no_car = s.siting_travel == "no_car";
        std::fprintf(out, "\nproposed places (%s%s %s of a place today: %.1f %%):\n",
                     no_car ? "people at risk without a car" : "demand",
                     s.siting_objective == "worst_served" ? " of the worst-served fifth" : "",
                     no_car ? "within reach on foot or by bike (straight line x circuity)" : within,
                     100.0 * s.covered_share_before);
        for (const auto &p : s.siting) {
            std::fprintf(
                out, "  %-4d %s %-6s gain %10s  covered %.1f %%%s\n", p.rank,
                column(p.name, 26).c_str(), p.commune.c_str(), thousands(p.gain).c_str(),
                100.0 * p.covered_share,
                p.help_hours > 0
                    ? ("  " + p.action + " " + thousands(p.help_hours) + " help-hours").c_str()
                    : "");
        }
        if (const auto &x = s.siting_exact; x.ran) {
            char gap[64];
            std::snprintf(gap, sizeof gap, "%.3f points below",
                          100.0 * (x.covered_share - x.greedy_share));
            std::fprintf(out,
                         "  exact model (CBC, %zu variables, %.1f s): %.2f %% covered, bound "
                         "%.2f %%%s; greedy %.2f %%: %s\n",
                         x.variables, x.seconds, 100.0 * x.covered_share, 100.0 * x.bound_share,
                         x.optimal ? " (proven optimal)" : " (time limit reached)",
                         100.0 * x.greedy_share, x.same_picks ? "the same places" : gap);
        }
    }
    if (const auto &t = s.tour; t.ran) {
        std::fprintf(out,
                     "\n%s from %s: %zu stops on %zu days reach %s of the %s far people at risk "
                     "without a car around it (%.0f h of stops a week); the best fixed place "
                     "(%s), open the same %.0f h a week, reaches %s\n",
                     t.label.c_str(), t.depot.c_str(), t.stops, t.days,
                     thousands(t.reached).c_str(), thousands(t.far_within).c_str(),
                     t.stop_hours_per_week, t.best_fixed.c_str(), t.work_hours_per_week,
                     thousands(t.best_fixed_people).c_str());
    }
}

std::string resolve_study(const std::string &arg) {
    return arg.empty() ? hublo::default_study_path().string() : arg;
}

/// `hublo isochrones`: origins from --origin LON,LAT and --origins FILE.
int isochrones_command(const hublo::Study &study, const std::vector<std::string> &origins,
                       bool to_origin, bool quiet, hublo::IsochroneRequest &iso_request) {
    for (const auto &o : origins) {
        const auto comma = o.find(',');
        char *end1 = nullptr, *end2 = nullptr;
        const double lon = std::strtod(o.c_str(), &end1);
        const double lat =
            comma == std::string::npos ? 0 : std::strtod(o.c_str() + comma + 1, &end2);
        if (comma == std::string::npos || end1 != o.c_str() + comma || !end2 || *end2 != '\0' ||
            std::abs(lat) > 90 || std::abs(lon) > 180) {
            std::fprintf(stderr,
                         "hublo: error: --origin %s: write LON,LAT in degrees, e.g. "
                         "--origin 0.2423,47.1667\n",
                         o.c_str());
            return kExitUsage;
        }
        iso_request.origins.push_back({lon, lat, "", ""});
    }
    if (iso_request.origins.empty() && iso_request.origins_file.empty()) {
        std::fprintf(stderr, "hublo: error: give an origin: --origin LON,LAT (repeatable) "
                             "or --origins FILE\n");
        return kExitUsage;
    }
    iso_request.to_origin = to_origin;
    const auto n = study.isochrones(iso_request);
    if (!quiet) {
        std::printf("wrote %zu isochrones to %s\n", n, iso_request.output.string().c_str());
    }
    return kExitOk;
}

/// The table `hublo run` ends with.
void print_run(const hublo::Study &study, const hublo::RunSummary &summary, double seconds) {
    std::printf("hublo %s: %s\n", hublo::version(), study.name().c_str());
    print_counts(summary, stdout);
    print_deserts(summary, stdout);
    const auto [mismatches, kinds] = issue_totals(summary, false);
    const auto [notes, note_kinds] = issue_totals(summary, true);
    if (mismatches + notes > 0) {
        std::printf("  %zu mismatches of %zu kinds, %zu notes of %zu kinds (expected), listed in "
                    "summary.json (or run `hublo check`)\n",
                    mismatches, kinds, notes, note_kinds);
    }
    // Folders (monographs/) are said with the number of files in them.
    std::size_t files = 0;
    std::string folders;
    for (const auto &name : summary.files) {
        std::error_code ec;
        const auto path = summary.output_dir / name;
        if (!std::filesystem::is_directory(path, ec)) {
            ++files;
            continue;
        }
        std::size_t inside = 0;
        for (const auto &e : std::filesystem::directory_iterator(path, ec)) {
            inside += e.is_regular_file() ? 1 : 0;
        }
        folders += " and " + name + "/ (" + std::to_string(inside) + " files)";
    }
    std::printf("wrote %zu files%s to %s in %.2f s\n", files, folders.c_str(),
                summary.output_dir.string().c_str(), seconds);
}

/// `hublo monographs`: its level and areas.
struct MonographsArgs {
    std::string level = "bassins";
    std::vector<std::string> areas;
};

CLI::App *add_monographs(CLI::App &app, std::string &study_file, std::string &output_dir,
                         bool &quiet, std::vector<std::string> &overrides, MonographsArgs &args) {
    auto *mono = app.add_subcommand(
        "monographs", "Run the study and write one printable page per area of a level "
                      "(bassins de vie by default) and their index, in OUTPUT/monographs");
    mono->add_option("STUDY", study_file, "Study file (TOML); default: the bundled study");
    mono->add_option("--level", args.level, "The level's id (a [[levels]] id: bassins, epci...)");
    mono->add_option("--areas", args.areas, "Only these areas' codes (comma-separated)")
        ->delimiter(',');
    mono->add_option("-o,--output", output_dir, "Output folder");
    mono->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    mono->add_option("--set", overrides, "Override a setting: section.key=value");
    return mono;
}

/// The monographs only: the layers' files, the GeoPackage and the report are not written
/// (summary.json and dictionary.csv are); the folder's other files are kept.
void monographs_overrides(const MonographsArgs &args, std::vector<std::string> &overrides) {
    std::string areas;
    for (const auto &code : args.areas) {
        areas += (areas.empty() ? "\"" : ", \"") + code + "\"";
    }
    for (const std::string &o :
         {"outputs.monographs=\"" + args.level + "\"", "outputs.monograph_areas=[" + areas + "]",
          std::string("outputs.geojson=false"), std::string("outputs.geojsonseq=false"),
          std::string("outputs.csv=false"), std::string("outputs.geopackage=false"),
          std::string("outputs.report=false")}) {
        overrides.push_back(o);
    }
}

/// `hublo risk`: the risk stage alone.
CLI::App *add_risk(CLI::App &app, std::string &study_file, std::string &output_dir, bool &quiet,
                   std::vector<std::string> &overrides) {
    auto *risk = app.add_subcommand(
        "risk", "Compute only the risk stage (index and expected people in illectronism) and "
                "write the outputs, without the road network");
    risk->add_option("STUDY", study_file, "Study file (TOML); default: the bundled study");
    risk->add_option("-o,--output", output_dir, "Output folder");
    risk->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    risk->add_option("--set", overrides, "Override a setting: section.key=value");
    return risk;
}

/// `hublo compare`: the scenarios to run.
CLI::App *add_compare(CLI::App &app, std::string &study_file, std::string &output_dir, bool &quiet,
                      std::vector<std::string> &overrides, hublo::CompareOptions &options) {
    auto *cmp = app.add_subcommand(
        "compare", "Run the study and its [[scenarios]] and write what changes per commune and "
                   "per level, in OUTPUT/compare");
    cmp->add_option("STUDY", study_file, "Study file (TOML); default: the bundled study");
    cmp->add_option("--scenarios", options.scenarios,
                    "Only these scenarios' ids (comma-separated); default: all")
        ->delimiter(',');
    cmp->add_option("-o,--output", output_dir, "Output folder");
    cmp->add_option("--threads", options.threads, "Worker threads (default: the study's)");
    cmp->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    cmp->add_option("--set", overrides, "Override a setting: section.key=value");
    return cmp;
}

int compare_command(hublo::Study &study, hublo::CompareOptions options,
                    const std::string &output_dir, bool quiet, double started) {
    options.output_dir = output_dir;
    const bool tty = !quiet && isatty(fileno(stderr));
    options.on_scenario = [tty](const std::string &id) {
        if (tty) {
            std::fprintf(stderr, "\r\033[Krunning %s", id.empty() ? "the study" : id.c_str());
        }
    };
    const auto s = study.compare(options);
    if (tty) {
        std::fprintf(stderr, "\r\033[K");
    }
    if (quiet) {
        return kExitOk;
    }
    std::printf("hublo %s: %s, %zu scenario%s (far: beyond %g min by car)\n", hublo::version(),
                study.name().c_str(), s.scenarios.size(), s.scenarios.size() == 1 ? "" : "s",
                s.far_min);
    std::printf("  %-26s %7s %9s %6s %12s %12s %10s %9s\n", "scenario", "places", "deserts",
                "zones", "at risk far", "in deserts", "h/1000", "changed");
    auto row = [](const hublo::ScenarioTotals &t, const char *changed) {
        std::printf("  %-26s %7zu %9zu %6zu %12s %12s %10.1f %9s\n",
                    column(t.id.empty() ? t.label : t.id, 26).c_str(), t.places, t.desert_communes,
                    t.desert_zones, thousands(t.at_risk_far).c_str(),
                    thousands(t.at_risk_in_deserts).c_str(), t.help_hours_per_1000, changed);
    };
    row(s.base, "");
    for (const auto &t : s.scenarios) {
        row(t, std::to_string(t.communes_changed).c_str());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count() -
        started;
    std::size_t files = 0;
    std::error_code ec;
    for (const auto &e :
         std::filesystem::recursive_directory_iterator(s.output_dir / "compare", ec)) {
        files += e.is_regular_file() ? 1 : 0;
    }
    std::printf("  changed: communes whose desert status, reason or minutes to the nearest "
                "place changed\nwrote compare/ (%zu files) to %s in %.2f s\n",
                files, s.output_dir.string().c_str(), seconds);
    return kExitOk;
}

} // namespace

int main(int argc, char **argv) {
    CLI::App app{"hublo: find the digital deserts, where people at risk of illectronism live far "
                 "from any place of digital mediation.\n"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("hublo ") + hublo::version());

    std::string study_file;
    std::string output_dir;
    bool quiet = false;
    bool strict = false;
    std::vector<std::string> overrides;

    auto *run = app.add_subcommand("run", "Run a study and write its layers, tables and summary");
    run->add_option("STUDY", study_file,
                    "Study file (TOML); default: the bundled Centre-Val de Loire study");
    run->add_option("-o,--output", output_dir,
                    "Output folder (default: the study's [outputs] dir, from the working folder)");
    run->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    run->add_option("--set", overrides,
                    "Override a setting of the study: section.key=value (TOML value), "
                    "e.g. --set access.catchment_min=20 --set outputs.network=true");

    auto *check = app.add_subcommand(
        "check", "Read and align every input, print the mismatch report, write nothing");
    check->add_option("STUDY", study_file, "Study file (TOML); default: the bundled study");
    check->add_flag(
        "--strict", strict,
        "Exit with code 6 when a mismatch is found (notes, which are expected, do not count)");
    check->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    check->add_option("--set", overrides, "Override a setting: section.key=value");

    auto *risk = add_risk(app, study_file, output_dir, quiet, overrides);

    MonographsArgs mono_args;
    auto *mono = add_monographs(app, study_file, output_dir, quiet, overrides, mono_args);
    hublo::CompareOptions compare_options;
    auto *cmp = add_compare(app, study_file, output_dir, quiet, overrides, compare_options);

    std::vector<std::string> origins;
    hublo::IsochroneRequest iso_request;
    std::string direction = "from";
    auto *iso = app.add_subcommand(
        "isochrones", "Isochrones from points on the study's road network, as GeoJSON");
    iso->add_option("STUDY", study_file, "Study file with a [network]; default: the bundled one");
    iso->add_option("--origin", origins, "An origin as LON,LAT (WGS84), repeatable");
    iso->add_option("--origins", iso_request.origins_file,
                    "Origins from a file: CSV with lon,lat columns (optional id, name) or a "
                    "point layer (GeoJSON, GeoPackage...)");
    iso->add_option("--minutes", iso_request.minutes,
                    "Increasing thresholds in minutes, e.g. --minutes 10,20,30")
        ->delimiter(',');
    iso->add_option("--direction", direction,
                    "from: where one goes from the origin (default); to: from where one "
                    "reaches it")
        ->check(CLI::IsMember({"from", "to"}));
    iso->add_option("--bands", iso_request.bands,
                    "cumulative (0-10, 0-20...) or disjoint (0-10, 10-20...); default: the "
                    "study's [isochrones] bands")
        ->check(CLI::IsMember({"cumulative", "disjoint"}));
    iso->add_option("--threads", iso_request.threads, "Worker threads (default: all cores)");
    iso->add_option("-o,--output", iso_request.output,
                    "Output GeoJSON file (default isochrones.geojson)");
    iso->add_flag("-q,--quiet", quiet, "Print nothing but errors");
    iso->add_option("--set", overrides, "Override a setting: section.key=value");

    hublo::CircuityRequest circ;
    double circ_speed = 4.5;
    auto *circuity = hublo::cli::add_circuity(app, circ, circ_speed);
    hublo::TransitRequest transit_request;
    auto *transit = hublo::cli::add_transit(app, transit_request);
    app.footer("Exit codes: 0 ok, 2 usage, 3 bad input (file, path, setting), 4 bad data, "
               "5 computation failed, 6 mismatches (check --strict), 70 internal error.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        app.exit(e);
        return kExitUsage;
    }

    if (circuity->parsed() || transit->parsed()) {
        try {
            return circuity->parsed() ? hublo::cli::circuity_command(circ, circ_speed)
                                      : hublo::cli::transit_command(transit_request);
        } catch (const hublo::Error &e) {
            std::fprintf(stderr, "hublo: error: %s\n", e.what());
            return exit_code(e.kind());
        }
    }
    if (mono->parsed()) {
        monographs_overrides(mono_args, overrides);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const std::string path = resolve_study(study_file);
    try {
        hublo::Study study = hublo::Study::open(path, overrides);
        ProgressLine line(!quiet);
        hublo::RunOptions options;
        options.output_dir = output_dir;
        options.on_progress = [&line](const hublo::Progress &p) { line(p); };

        if (iso->parsed()) {
            return isochrones_command(study, origins, direction == "to", quiet, iso_request);
        }
        if (cmp->parsed()) {
            return compare_command(study, compare_options, output_dir, quiet,
                                   std::chrono::duration<double>(t0.time_since_epoch()).count());
        }
        if (check->parsed()) {
            const auto summary = study.check(options);
            line.clear();
            if (!quiet) {
                std::printf("%s: %s\n", path.c_str(), study.name().c_str());
                print_counts(summary, stdout);
                print_issues(summary, stdout);
            }
            return strict && issue_totals(summary, false).first > 0 ? kExitIssues : kExitOk;
        }

        if (risk->parsed()) {
            if (!study.has_stage("risk")) {
                std::fprintf(stderr,
                             "hublo: error: %s has no [risk] section; add "
                             "[[risk.indicators]] or [risk] age_grid (see "
                             "docs/study-file.md)\n",
                             path.c_str());
                return kExitInput;
            }
            options.travel_times = false;
        }
        const auto summary = study.run(options);
        line.clear();
        if (!quiet) {
            print_run(study, summary,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return kExitOk;
    } catch (const hublo::Error &e) {
        std::fprintf(stderr, "hublo: error: %s\n", e.what());
        return exit_code(e.kind());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "hublo: internal error: %s (please report it)\n", e.what());
        return kExitInternal;
    }
}
