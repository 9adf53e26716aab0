#include "network/osm_pois.hpp"

#include "hublo/error.hpp"
#include "network/osm_read.hpp"

#include <algorithm>

namespace hublo::network {

namespace {
class AmenityCollector : public osmium::handler::Handler {
public:
    AmenityCollector(const std::vector<std::string> &values, OsmPoints &out)
        : values_(values), out_(out) {}

    void node(const osmium::Node &n) {
        if (!n.location().valid()) {
            return;
        }
        sum_x_ += n.location().lon();
        sum_y_ += n.location().lat();
        ++out_.nodes;
        if (wanted(n.tags().get_value_by_key("amenity"))) {
            out_.lonlat.push_back({n.location().lon(), n.location().lat()});
        }
        if (centre(n.tags().get_value_by_key("place"))) {
            out_.centres.push_back({n.location().lon(), n.location().lat()});
        }
    }

    void way(const osmium::Way &w) {
        if (!wanted(w.tags().get_value_by_key("amenity"))) {
            return;
        }
        double x = 0, y = 0;
        std::size_t k = 0;
        for (const auto &nr : w.nodes()) {
            if (nr.location().valid()) {
                x += nr.location().lon();
                y += nr.location().lat();
                ++k;
            }
        }
        if (k > 0) {
            out_.lonlat.push_back({x / static_cast<double>(k), y / static_cast<double>(k)});
        }
    }

    void finish() {
        if (out_.nodes > 0) {
            out_.mean_lonlat = {sum_x_ / static_cast<double>(out_.nodes),
                                sum_y_ / static_cast<double>(out_.nodes)};
        }
    }

private:
    [[nodiscard]] static bool centre(const char *v) {
        static const std::vector<std::string> kCentres = {"town", "village", "hamlet", "suburb",
                                                          "neighbourhood"};
        return v && std::find(kCentres.begin(), kCentres.end(), v) != kCentres.end();
    }
    [[nodiscard]] bool wanted(const char *v) const {
        return v && std::find(values_.begin(), values_.end(), v) != values_.end();
    }
    const std::vector<std::string> &values_;
    OsmPoints &out_;
    double sum_x_ = 0, sum_y_ = 0;
};
} // namespace

OsmPoints read_osm_amenities(const std::filesystem::path &path,
                             const std::vector<std::string> &values) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(ErrorKind::input, path.string() + ": file not found; give an .osm.pbf file");
    }
    OsmPoints out;
    AmenityCollector collector(values, out);
    read_osm(path.string(), collector);
    collector.finish();
    return out;
}

} // namespace hublo::network
