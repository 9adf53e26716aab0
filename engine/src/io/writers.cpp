#include "io/writers.hpp"

#include "hublo/error.hpp"
#include "io/gdal_module.hpp"
#include "io/geojson_writer.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <unistd.h>
#include <vector>

#include <fcntl.h>
#include <stdio.h>

namespace hublo::io {

using algorithms::geometry::MultiPolygon;

void write_geopackage(const std::filesystem::path &path,
                      const std::vector<const model::Layer *> &layers, const Crs &crs) {
    gdal::module().write_geopackage(path, layers, crs.definition(), crs.json());
}

namespace {
void append_csv_cell(std::string &out, std::string_view s, char separator) {
    const char special[] = {separator, '"', '\n', '\r', '\0'};
    if (s.find_first_of(special) == std::string_view::npos) {
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

CsvDialect CsvDialect::named(const std::string &name) {
    if (name == "international") {
        return {};
    }
    if (name == "fr") {
        return {';', ',', true};
    }
    throw Error(ErrorKind::input, "[outputs] csv_dialect '" + name +
                                      "': write \"international\" (',' and a decimal point) or "
                                      "\"fr\" (';', a decimal comma and a byte-order mark, for "
                                      "French spreadsheets)");
}

namespace {
/// A real rounded to `decimals` (-1: as is), in the dialect's decimal mark.
void append_csv_real(std::string &out, double d, int decimals, char decimal_mark) {
    if (decimals >= 0) {
        const double scale = std::pow(10.0, decimals);
        const double r = std::round(d * scale) / scale;
        d = r == 0.0 ? 0.0 : r; // no "-0"
    }
    const std::size_t at = out.size();
    append_json_number(out, d);
    if (decimal_mark != '.') {
        std::replace(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), '.', decimal_mark);
    }
}
} // namespace

void write_csv(const model::Layer &layer, std::string &out, const CsvDialect &dialect,
               std::span<const algorithms::geometry::XY> lonlat, int lonlat_decimals) {
    if (dialect.byte_order_mark) {
        out += "\xEF\xBB\xBF";
    }
    const bool with_lonlat = !lonlat.empty() && lonlat.size() == layer.size();
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        if (k) {
            out += dialect.separator;
        }
        append_csv_cell(out, layer.fields[k].name, dialect.separator);
    }
    if (with_lonlat) {
        (out += dialect.separator) += "lon";
        (out += dialect.separator) += "lat";
    }
    out += '\n';
    const std::size_t n = layer.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            if (k) {
                out += dialect.separator;
            }
            const auto &v = layer.fields[k].values[i];
            if (const auto *s = std::get_if<std::string>(&v)) {
                append_csv_cell(out, *s, dialect.separator);
            } else if (const auto *iv = std::get_if<std::int64_t>(&v)) {
                out += std::to_string(*iv);
            } else if (const auto *d = std::get_if<double>(&v); d && std::isfinite(*d)) {
                append_csv_real(out, *d, dialect.decimals, dialect.decimal_mark);
            }
        }
        if (with_lonlat) {
            for (const double c : {lonlat[i].x, lonlat[i].y}) {
                out += dialect.separator;
                if (std::isfinite(c)) {
                    append_csv_real(out, c, lonlat_decimals, dialect.decimal_mark);
                }
            }
        }
        out += '\n';
    }
}

// SHA-256 (FIPS 180-4), for the input checksums of summary.json: OpenSSL's, which uses
// the CPU's SHA extensions where there are (~10x a portable implementation).
namespace {
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
            throw Error(ErrorKind::computation, "SHA-256: OpenSSL could not start a digest");
        }
    }
    void update(std::string_view bytes) {
        if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) {
            throw Error(ErrorKind::computation, "SHA-256: OpenSSL failed");
        }
    }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int n = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &n) != 1) {
            throw Error(ErrorKind::computation, "SHA-256: OpenSSL failed");
        }
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < n; ++i) {
            out += kHex[digest[i] >> 4];
            out += kHex[digest[i] & 15];
        }
        return out;
    }

private:
    struct Free {
        void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx_;
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
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        s.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    return s.hex();
}

namespace {
constexpr std::string_view kStagingTag = ".hublo-staging-";

/// The pid of a staging folder's name (`<anything>.hublo-staging-<pid>`), or 0.
pid_t staging_pid(const std::string &name) {
    const auto at = name.rfind(kStagingTag);
    if (at == std::string::npos) {
        return 0;
    }
    const std::string digits = name.substr(at + kStagingTag.size());
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return 0;
    }
    return static_cast<pid_t>(std::stol(digits));
}

/// Removes, in `folder`, the staging folders whose name starts with `prefix` and whose
/// process is gone (a crash or a kill -9 leaves nothing behind for long).
void remove_stale_staging(const std::filesystem::path &folder, const std::string &prefix) {
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) {
            continue;
        }
        const pid_t pid = staging_pid(name);
        if (pid > 0 && name.size() > prefix.size() &&
            name.compare(prefix.size(), kStagingTag.size(), kStagingTag) == 0 &&
            pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            std::filesystem::remove_all(entry.path(), ignored);
        }
    }
}

/// `from` hard-linked (copied where links are refused) into `to`, folders recursively.
void link_tree(const std::filesystem::path &from, const std::filesystem::path &to) {
    namespace fs = std::filesystem;
    if (fs::is_directory(fs::symlink_status(from))) {
        fs::create_directory(to);
        for (const auto &entry : fs::directory_iterator(from)) {
            link_tree(entry.path(), to / entry.path().filename());
        }
        return;
    }
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(from))) {
        fs::copy_symlink(from, to, ec);
    } else {
        fs::create_hard_link(from, to, ec);
        if (ec) {
            ec.clear();
            fs::copy_file(from, to, ec);
        }
    }
    if (ec) {
        throw Error(ErrorKind::computation, to.string() + ": cannot keep " + from.string() +
                                                " in the new output folder (" + ec.message() + ")");
    }
}

/// The test hook of OutputStage's documentation.
void kill_if_asked(std::string_view moment) {
    if (const char *when = std::getenv("HUBLO_TEST_KILL_IN_PUBLISH"); when && moment == when) {
        std::raise(SIGKILL);
    }
}
} // namespace

OutputStage::OutputStage(std::filesystem::path final_dir) : final_dir_(std::move(final_dir)) {
    std::error_code ec;
    std::filesystem::create_directories(final_dir_, ec);
    if (ec || !std::filesystem::is_directory(final_dir_)) {
        throw Error(ErrorKind::input, final_dir_.string() + ": cannot create the output folder (" +
                                          ec.message() + "); choose another one with -o");
    }
    // Beside the final folder, on the same file system, for the exchange; inside it (file by
    // file) where the parent cannot be written.
    auto absolute = std::filesystem::absolute(final_dir_, ec).lexically_normal();
    if (!absolute.has_filename()) {
        absolute = absolute.parent_path();
    }
    const std::string prefix = "." + absolute.filename().string();
    remove_stale_staging(absolute.parent_path(), prefix);
    remove_stale_staging(final_dir_, ""); // those of the file-by-file way
    const std::string pid = std::to_string(::getpid());
    stage_dir_ = absolute.parent_path() / (prefix + std::string(kStagingTag) + pid);
    // Not when the folder holds the working directory (-o .): the exchange would leave the
    // shell that started the run in the previous, removed folder.
    const auto cwd = std::filesystem::weakly_canonical(std::filesystem::current_path(ec), ec);
    const auto rel = cwd.lexically_relative(std::filesystem::weakly_canonical(absolute, ec));
    const bool holds_cwd = !ec && !rel.empty() && *rel.begin() != "..";
    std::filesystem::remove_all(stage_dir_, ec);
    beside_ = !holds_cwd && std::filesystem::create_directory(stage_dir_, ec) && !ec;
    if (!beside_) {
        stage_dir_ = final_dir_ / (std::string(kStagingTag) + pid);
        ec.clear();
        std::filesystem::remove_all(stage_dir_, ec);
        std::filesystem::create_directories(stage_dir_, ec);
        if (ec) {
            throw Error(ErrorKind::input, stage_dir_.string() + ": cannot create (" + ec.message() +
                                              "); check write permission on the output folder");
        }
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
    if (relative.find('/') != std::string::npos) {
        std::filesystem::create_directories(path.parent_path()); // a folder of outputs
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        throw Error(ErrorKind::computation, path.string() + ": write failed; check free disk "
                                                            "space and write permission");
    }
    // Files are named by their top-level entry: a folder (monographs/) is one output.
    const std::string top = relative.substr(0, relative.find('/'));
    if (std::find(files_.begin(), files_.end(), top) == files_.end()) {
        files_.push_back(top);
    }
}

void OutputStage::publish() {
    for (const auto &entry : std::filesystem::directory_iterator(stage_dir_)) {
        const auto name = entry.path().filename().string();
        if (std::find(files_.begin(), files_.end(), name) == files_.end()) {
            files_.push_back(name);
        }
    }
    std::sort(files_.begin(), files_.end());
    if (beside_) {
        // The final folder's other files, kept: hard links, so nothing is copied.
        for (const auto &entry : std::filesystem::directory_iterator(final_dir_)) {
            const auto name = entry.path().filename().string();
            if (!std::binary_search(files_.begin(), files_.end(), name) && !staging_pid(name)) {
                link_tree(entry.path(), stage_dir_ / name);
            }
        }
        kill_if_asked("before");
        if (::renameat2(AT_FDCWD, stage_dir_.c_str(), AT_FDCWD, final_dir_.c_str(),
                        RENAME_EXCHANGE) == 0) {
            kill_if_asked("after");
            published_ = true;
            return; // the destructor removes the previous folder, now at stage_dir_
        }
        // No exchange on this file system: file by file below, from the folder beside.
    }
    for (const auto &name : files_) {
        std::error_code ec;
        if (std::filesystem::is_directory(stage_dir_ / name)) {
            std::filesystem::remove_all(final_dir_ / name, ec); // a folder replaces a folder
        }
        std::filesystem::rename(stage_dir_ / name, final_dir_ / name, ec);
        if (ec) {
            throw Error(ErrorKind::computation, (final_dir_ / name).string() +
                                                    ": cannot move the new file in place (" +
                                                    ec.message() + ")");
        }
    }
    published_ = true;
}

void write_file_atomic(const std::filesystem::path &path, std::string_view bytes) {
    std::error_code ec;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), ec);
    }
    const auto tmp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(tmp, ec);
            throw Error(ErrorKind::input,
                        path.string() + ": cannot be written; check the folder and free space");
        }
    }
    std::filesystem::rename(tmp, path);
}

} // namespace hublo::io
