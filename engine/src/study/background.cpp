#include "study/background.hpp"

#include "io/gdal_module.hpp"
#include "io/writers.hpp"
#include "study/summary_json.hpp"

namespace hublo::study {

Background::Background(const StudyConfig &cfg, const io::Crs &crs, bool with_network, bool write,
                       unsigned threads) {
    if (threads <= 1) {
        return;
    }
    if (with_network) {
        loading_ = network_ready_.get_future();
    }
    // Its own copy of the CRS and GDAL's per-thread state keep the two threads apart.
    worker_ = std::async(std::launch::async, [this, &cfg, crs_copy = crs, with_network, write] {
        work(cfg, crs_copy, with_network, write);
    });
}

Background::~Background() {
    if (worker_.valid()) {
        worker_.wait();
    }
}

void Background::work(const StudyConfig &cfg, io::Crs crs, bool with_network, bool write) {
    if (with_network) {
        try {
            network_ = stages::load_network(cfg.network, crs);
            network_ready_.set_value();
        } catch (...) {
            // Reported when the network is needed, as it was when it loaded in turn.
            network_ready_.set_exception(std::current_exception());
            return;
        }
    }
    for (const auto &[role, path] : hashed_inputs(cfg, with_network)) {
        try {
            checksums_.push_back(io::sha256_file(path));
        } catch (const Error &) {
            checksums_.emplace_back(); // summary.json reports it when it hashes again
        }
    }
    if (write) {
        try {
            (void)io::Transformer(crs, io::Crs::from_user("EPSG:4326", "WGS84"));
            if (cfg.outputs.geopackage) {
                (void)io::gdal::module();
            }
        } catch (const Error &) {
            // the output stage reports it
        }
    }
}

std::unique_ptr<stages::LoadedNetwork> Background::take_network() {
    if (!loading_.valid()) {
        return nullptr;
    }
    loading_.get(); // rethrows the loader's error
    return std::move(network_);
}

const std::vector<std::string> &Background::checksums() {
    if (worker_.valid()) {
        worker_.wait();
    }
    return checksums_;
}

} // namespace hublo::study
