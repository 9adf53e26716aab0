// The parts of hublo that need GDAL live in a module, libhublo_gdal.so, loaded on first use:
// reading layers in formats other than plain GeoJSON (GeoPackage, Shapefile, FlatGeobuf,
// GeoJSON that hublo's own reader declines) and writing GeoPackages. A study on GeoJSON
// inputs without a GeoPackage output never loads GDAL and its hundred libraries, which
// take ~30 ms to link at every start, a fifth of the regional study's run.
//
// The module is built with the engine, from this tree, by the same compiler: the interface
// passes C++ objects. It reports errors by throwing hublo::Error, which has no key function:
// its type information is emitted in the module too and matched by name, as the C++ ABI
// does across shared objects. An Error thrown by `on_crs` passes through the module.
#pragma once

#include "io/vector.hpp"
#include "model/layer.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hublo::io::gdal {

/// A layer as GDAL reads it, geometries in the file's own CRS, rings as they are in the
/// file (repeated points kept: the reader removes them once reprojected).
struct RawLayer {
    std::string source; ///< "path" or "path:layer"
    std::vector<std::string> fields;
    /// Per field: true for reals, whose values are given with 17 significant digits.
    std::vector<bool> real_fields;
    std::vector<std::vector<std::string>> values; ///< per feature, per field; null -> ""
    std::vector<std::vector<bool>> is_null;
    std::vector<long long> fids;
    /// GeometryKind::polygons: per feature, its polygons, each a shell then its holes
    /// (degenerate rings kept: the reader drops and counts them once reprojected).
    std::vector<algorithms::geometry::MultiPolygon> polygons;
    std::vector<std::optional<algorithms::geometry::XY>> points; ///< GeometryKind::points
    /// GeometryKind::lines: per feature, its parts.
    std::vector<std::vector<std::vector<algorithms::geometry::XY>>> lines;
};

/// What the module offers; every function throws Error naming the file on failure.
struct Api {
    /// Reads a layer. Once the layer is open, and before its features are read, calls
    /// `on_crs` with the layer's CRS as PROJJSON ("" when it declares none) and its name.
    void (*read)(
        const VectorSource &source, GeometryKind kind,
        const std::function<void(const std::string &crs_json, const std::string &name)> &on_crs,
        RawLayer &out);
    /// Writes the layers into a new GeoPackage, in the CRS given by its user definition
    /// ("EPSG:2154") or else by its PROJJSON.
    void (*write_geopackage)(const std::filesystem::path &path,
                             const std::vector<const model::Layer *> &layers,
                             const std::string &crs_definition, const std::string &crs_json);
};

/// Raised with every change of Api.
inline constexpr int kApiVersion = 2;

/// The module's file name, looked for beside the library holding the engine (or in ../lib
/// from the program), then by the dynamic linker's search path. HUBLO_GDAL_MODULE, when
/// set, names the file to load instead.
inline constexpr const char *kModuleFile = "libhublo_gdal.so";

/// The module, loaded at the first call; throws Error (internal) naming the files tried
/// when it cannot be loaded.
const Api &module();

} // namespace hublo::io::gdal

/// The module's one entry point: its Api when `version` is kApiVersion, else nullptr.
extern "C" const hublo::io::gdal::Api *hublo_gdal_module_api(int version);
