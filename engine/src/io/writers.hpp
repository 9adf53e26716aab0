// Writers for the other output formats, and the staging folder that makes a run's outputs
// appear all at once.
#pragma once

#include "io/crs.hpp"
#include "model/layer.hpp"

#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace hublo::io {

/// Writes the layers into one GeoPackage at `path` (which must not exist), in `crs`
/// (the layers' geometries must be in it). Throws Error naming the file on failure.
void write_geopackage(const std::filesystem::path &path,
                      const std::vector<const model::Layer *> &layers, const Crs &crs);

/// How a CSV file is written.
struct CsvDialect {
    char separator = ',';         ///< ',' (RFC 4180), or ';' where ',' is the decimal mark
    char decimal_mark = '.';      ///< '.' or ',' (French spreadsheets)
    bool byte_order_mark = false; ///< start with a UTF-8 BOM (Excel then reads UTF-8)
    int decimals = -1;            ///< reals rounded to this many decimals; -1: exact

    /// RFC 4180 with a decimal point (the default), or "fr": ';', decimal comma and a BOM,
    /// as French Excel and LibreOffice open a file by a double click. Throws Error (input)
    /// on another name.
    static CsvDialect named(const std::string &name);
};

/// Appends the layer's attributes as CSV (RFC 4180 quoting, UTF-8, LF) in `dialect`: reals
/// rounded to its decimals, then in their shortest form. With `lonlat` (one per feature of
/// a point layer, WGS84), two last columns lon and lat, rounded to `lonlat_decimals`.
void write_csv(const model::Layer &layer, std::string &out, const CsvDialect &dialect = {},
               std::span<const algorithms::geometry::XY> lonlat = {}, int lonlat_decimals = 6);

/// SHA-256 of a file, as 64 lower-case hex digits.
std::string sha256_file(const std::filesystem::path &path);
/// SHA-256 of bytes.
std::string sha256(std::string_view bytes);

/// Writes `bytes` to `path` under a temporary name beside it, then renames it: readers see
/// the old file or the whole new one. Creates the parent folder. Throws Error (input)
/// naming the file when it cannot be written.
void write_file_atomic(const std::filesystem::path &path, std::string_view bytes);

/// A folder beside the final one where a run writes its files, then publishes them all at
/// once: the other files of the final folder (a user's notes, outputs this run does not
/// write) are hard-linked into the staging folder, which is then exchanged with the final
/// folder in one renameat2(RENAME_EXCHANGE). A reader, or a kill at any moment, sees the
/// whole previous folder or the whole new one. If the run fails, the destructor removes the
/// staging folder and the final folder keeps its previous content.
///
/// Where the exchange cannot be made (a file system without it, a parent folder that cannot
/// be written) or should not be (the folder holds the working directory, `-o .`), the
/// staging folder is made inside the final one and its files are renamed into place one by
/// one, as before: each file whole, the set not at once.
///
/// For tests only: HUBLO_TEST_KILL_IN_PUBLISH=before|after kills the process (SIGKILL) just
/// before or just after the exchange.
class OutputStage {
public:
    explicit OutputStage(std::filesystem::path final_dir);
    ~OutputStage();
    OutputStage(const OutputStage &) = delete;
    OutputStage &operator=(const OutputStage &) = delete;

    /// Where to write `relative` during the run.
    [[nodiscard]] std::filesystem::path staged(const std::string &relative) const;
    /// Writes bytes to the staged file `relative`.
    void write(const std::string &relative, std::string_view bytes);
    /// Makes the staged files the final folder's (replacing older files of the same name,
    /// keeping the others), then removes what is left of the staging folder.
    void publish();
    /// True when publish() exchanges whole folders (false: file by file).
    [[nodiscard]] bool atomic() const { return beside_; }
    [[nodiscard]] const std::vector<std::string> &files() const { return files_; }

private:
    std::filesystem::path final_dir_;
    std::filesystem::path stage_dir_;
    std::vector<std::string> files_;
    bool published_ = false;
    bool beside_ = false; ///< the staging folder is beside the final one (atomic publication)
};

} // namespace hublo::io
