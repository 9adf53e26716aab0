// Writers for the other output formats, and the staging folder that makes a run's outputs
// appear all at once.
#pragma once

#include "io/crs.hpp"
#include "model/layer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hublo::io {

/// Writes the layers into one GeoPackage at `path` (which must not exist), in `crs`
/// (the layers' geometries must be in it). Throws Error naming the file on failure.
void write_geopackage(const std::filesystem::path &path,
                      const std::vector<const model::Layer *> &layers, const Crs &crs);

/// Appends the layer's attributes as CSV (comma, RFC 4180 quoting, UTF-8, LF), no geometry.
/// Reals are written in their shortest exact form with a decimal point.
void write_csv(const model::Layer &layer, std::string &out);

/// SHA-256 of a file, as 64 lower-case hex digits.
std::string sha256_file(const std::filesystem::path &path);
/// SHA-256 of bytes.
std::string sha256(std::string_view bytes);

/// Writes `bytes` to `path` under a temporary name beside it, then renames it: readers see
/// the old file or the whole new one. Creates the parent folder. Throws Error (input)
/// naming the file when it cannot be written.
void write_file_atomic(const std::filesystem::path &path, std::string_view bytes);

/// A folder under which a run writes its files, then publishes them into the final folder
/// with one rename each. If the run fails, the destructor removes the staging folder and
/// the final folder keeps its previous content.
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
    /// Moves every staged file into the final folder (replacing older files of the same
    /// name), then removes the staging folder.
    void publish();
    [[nodiscard]] const std::vector<std::string> &files() const { return files_; }

private:
    std::filesystem::path final_dir_;
    std::filesystem::path stage_dir_;
    std::vector<std::string> files_;
    bool published_ = false;
};

} // namespace hublo::io
