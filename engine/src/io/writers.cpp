#include "io/writers.hpp"

#include "hublo/hublo.hpp"
#include "io/geojson_writer.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace hublo::io {

using algorithms::geometry::MultiPolygon;

namespace {
struct DatasetCloser {
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};

[[noreturn]] void gpkg_fail(const std::filesystem::path &path, const std::string &what) {
    throw Error(ErrorKind::computation, path.string() + ": cannot write the GeoPackage (" + what +
                                            "): " + CPLGetLastErrorMsg() +
                                            "; check free disk space and write permission");
}

OGRFieldType ogr_type(model::FieldType t) {
    switch (t) {
    case model::FieldType::integer:
        return OFTInteger64;
    case model::FieldType::real:
        return OFTReal;
    default:
        return OFTString;
    }
}

std::unique_ptr<OGRGeometry> to_ogr(const MultiPolygon &mp) {
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const auto &polygon : mp) {
        OGRPolygon p;
        for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
            OGRLinearRing ring;
            const auto &src = polygon.rings[r];
            ring.setNumPoints(static_cast<int>(src.size()), FALSE);
            for (std::size_t i = 0; i < src.size(); ++i) {
                ring.setPoint(static_cast<int>(i), src[i].x, src[i].y);
            }
            p.addRing(&ring);
        }
        out->addGeometry(&p);
    }
    return out;
}
} // namespace

void write_geopackage(const std::filesystem::path &path,
                      const std::vector<const model::Layer *> &layers, const Crs &crs) {
    ensure_gdal();
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) {
        throw Error(ErrorKind::internal, "GDAL was built without the GPKG driver");
    }
    CPLErrorReset();
    // GDAL stamps gpkg_contents.last_change with the clock unless told otherwise; a fixed
    // stamp keeps the file byte-identical across runs of the same study.
    struct DateOption {
        DateOption() {
            CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
        }
        ~DateOption() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
    } date_option;
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        gpkg_fail(path, "create");
    }
    for (const model::Layer *layer : layers) {
        const OGRwkbGeometryType gtype = layer->geometry == model::GeometryType::polygons
                                             ? wkbMultiPolygon
                                         : layer->geometry == model::GeometryType::points ? wkbPoint
                                                                                          : wkbNone;
        OGRSpatialReference *srs =
            gtype == wkbNone ? nullptr : const_cast<OGRSpatialReference *>(crs.osr());
        OGRLayer *ol = ds->CreateLayer(layer->name.c_str(), srs, gtype, nullptr);
        if (!ol) {
            gpkg_fail(path, "layer " + layer->name);
        }
        for (const auto &f : layer->fields) {
            OGRFieldDefn def(f.name.c_str(), ogr_type(f.type));
            if (ol->CreateField(&def) != OGRERR_NONE) {
                gpkg_fail(path, "field " + f.name);
            }
        }
        if (ds->StartTransaction() != OGRERR_NONE) {
            gpkg_fail(path, "transaction");
        }
        const std::size_t n = layer->size();
        for (std::size_t i = 0; i < n; ++i) {
            OGRFeature feature(ol->GetLayerDefn());
            for (std::size_t k = 0; k < layer->fields.size(); ++k) {
                const auto &v = layer->fields[k].values[i];
                const int idx = static_cast<int>(k);
                if (const auto *s = std::get_if<std::string>(&v)) {
                    feature.SetField(idx, s->c_str());
                } else if (const auto *iv = std::get_if<std::int64_t>(&v)) {
                    feature.SetField(idx, static_cast<GIntBig>(*iv));
                } else if (const auto *d = std::get_if<double>(&v); d && std::isfinite(*d)) {
                    feature.SetField(idx, *d);
                } else {
                    feature.SetFieldNull(idx);
                }
            }
            if (gtype == wkbMultiPolygon) {
                feature.SetGeometryDirectly(to_ogr(layer->polygons[i]).release());
            } else if (gtype == wkbPoint) {
                feature.SetGeometryDirectly(new OGRPoint(layer->points[i].x, layer->points[i].y));
            }
            if (ol->CreateFeature(&feature) != OGRERR_NONE) {
                gpkg_fail(path, "feature " + std::to_string(i) + " of " + layer->name);
            }
        }
        if (ds->CommitTransaction() != OGRERR_NONE) {
            gpkg_fail(path, "commit");
        }
    }
    ds.reset();
    // GDAL reports write errors at close too.
    if (CPLGetLastErrorType() >= CE_Failure) {
        gpkg_fail(path, "close");
    }
}

namespace {
void append_csv_cell(std::string &out, std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (const char c : s) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}
} // namespace

void write_csv(const model::Layer &layer, std::string &out) {
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        if (k) {
            out += ',';
        }
        append_csv_cell(out, layer.fields[k].name);
    }
    out += '\n';
    const std::size_t n = layer.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            if (k) {
                out += ',';
            }
            const auto &v = layer.fields[k].values[i];
            if (const auto *s = std::get_if<std::string>(&v)) {
                append_csv_cell(out, *s);
            } else if (const auto *iv = std::get_if<std::int64_t>(&v)) {
                out += std::to_string(*iv);
            } else if (const auto *d = std::get_if<double>(&v); d && std::isfinite(*d)) {
                append_json_number(out, *d);
            }
        }
        out += '\n';
    }
}

// SHA-256 (FIPS 180-4), for the input checksums of summary.json.
namespace {
struct Sha256 {
    std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block{};
    std::size_t fill = 0;
    std::uint64_t bits = 0;

    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress() {
        static constexpr std::array<std::uint32_t, 64> k = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2};
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i) {
            w[i] = (std::uint32_t(block[4 * i]) << 24) | (std::uint32_t(block[4 * i + 1]) << 16) |
                   (std::uint32_t(block[4 * i + 2]) << 8) | std::uint32_t(block[4 * i + 3]);
        }
        for (int i = 16; i < 64; ++i) {
            const auto s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const auto s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto v = h;
        for (int i = 0; i < 64; ++i) {
            const auto s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
            const auto ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
            const auto t1 = v[7] + s1 + ch + k[i] + w[i];
            const auto s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
            const auto maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            const auto t2 = s0 + maj;
            v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (int i = 0; i < 8; ++i) {
            h[i] += v[i];
        }
    }

    void update(std::string_view data) {
        for (const char c : data) {
            block[fill++] = static_cast<unsigned char>(c);
            bits += 8;
            if (fill == 64) {
                compress();
                fill = 0;
            }
        }
    }

    std::string hex() {
        const std::uint64_t total = bits;
        update(std::string_view("\x80", 1));
        while (fill != 56) {
            update(std::string_view("\0", 1));
        }
        for (int i = 7; i >= 0; --i) {
            block[fill++] = static_cast<unsigned char>(total >> (8 * i));
        }
        compress();
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (const auto word : h) {
            for (int i = 28; i >= 0; i -= 4) {
                out += kHex[(word >> i) & 15];
            }
        }
        return out;
    }
};
} // namespace

std::string sha256(std::string_view bytes) {
    Sha256 s;
    s.update(bytes);
    return s.hex();
}

std::string sha256_file(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::input, path.string() + ": cannot be read for its checksum");
    }
    Sha256 s;
    std::array<char, 1 << 16> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        s.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    return s.hex();
}

OutputStage::OutputStage(std::filesystem::path final_dir) : final_dir_(std::move(final_dir)) {
    std::error_code ec;
    std::filesystem::create_directories(final_dir_, ec);
    if (ec || !std::filesystem::is_directory(final_dir_)) {
        throw Error(ErrorKind::input, final_dir_.string() + ": cannot create the output folder (" +
                                          ec.message() + "); choose another one with -o");
    }
    // Staging folders of runs that were killed (their process is gone): removed, so that a
    // crash or a kill -9 leaves nothing behind for long.
    for (const auto &entry : std::filesystem::directory_iterator(final_dir_, ec)) {
        const std::string name = entry.path().filename().string();
        constexpr std::string_view kPrefix = ".hublo-staging-";
        if (name.rfind(kPrefix, 0) != 0) {
            continue;
        }
        const std::string digits = name.substr(kPrefix.size());
        if (digits.empty() || digits.size() > 9 ||
            !std::all_of(digits.begin(), digits.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        const auto pid = static_cast<pid_t>(std::stol(digits));
        if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            std::filesystem::remove_all(entry.path(), ignored);
        }
    }
    // Inside the final folder, so that publishing is a rename on the same file system.
    stage_dir_ = final_dir_ / (".hublo-staging-" + std::to_string(::getpid()));
    std::filesystem::remove_all(stage_dir_, ec);
    std::filesystem::create_directories(stage_dir_, ec);
    if (ec) {
        throw Error(ErrorKind::input, stage_dir_.string() + ": cannot create (" + ec.message() +
                                          "); check write permission on the output folder");
    }
}

OutputStage::~OutputStage() {
    std::error_code ec;
    std::filesystem::remove_all(stage_dir_, ec);
}

std::filesystem::path OutputStage::staged(const std::string &relative) const {
    return stage_dir_ / relative;
}

void OutputStage::write(const std::string &relative, std::string_view bytes) {
    const auto path = staged(relative);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        throw Error(ErrorKind::computation, path.string() + ": write failed; check free disk "
                                                            "space and write permission");
    }
    files_.push_back(relative);
}

void OutputStage::publish() {
    for (const auto &entry : std::filesystem::directory_iterator(stage_dir_)) {
        const auto name = entry.path().filename().string();
        if (std::find(files_.begin(), files_.end(), name) == files_.end()) {
            files_.push_back(name);
        }
    }
    std::sort(files_.begin(), files_.end());
    for (const auto &name : files_) {
        std::error_code ec;
        std::filesystem::rename(stage_dir_ / name, final_dir_ / name, ec);
        if (ec) {
            throw Error(ErrorKind::computation, (final_dir_ / name).string() +
                                                    ": cannot move the new file in place (" +
                                                    ec.message() + ")");
        }
    }
    published_ = true;
}

} // namespace hublo::io
