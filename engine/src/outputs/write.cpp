#include "outputs/write.hpp"

#include "core/parallel.hpp"
#include "hublo/algorithms/network/shortest_paths.hpp"
#include "io/geojson_writer.hpp"
#include "outputs/qgis_styles.hpp"

#include <cmath>
#include <cstdio>
#include <numeric>

namespace hublo::outputs {

using algorithms::geometry::MultiPolygon;
using algorithms::geometry::XY;

namespace {
/// A layer's geometries in WGS 84 at the output decimals, features [from, to): polygons
/// snapped to that grid where rounding would make rings cross (slivers of disjoint bands),
/// with GEOS, which keeps them valid.
void to_output(model::Layer &lonlat, std::size_t from, std::size_t to,
               const io::Transformer &to_wgs84, int decimals, geom::Geos &geos) {
    const double grid = std::pow(10.0, -decimals);
    const std::size_t end_polygons = std::max(from, std::min(to, lonlat.polygons.size()));
    to_wgs84.apply(std::span<MultiPolygon>(lonlat.polygons.data() + from, end_polygons - from));
    for (std::size_t i = from; i < end_polygons; ++i) {
        lonlat.polygons[i] = geos.round_valid(lonlat.polygons[i], grid);
    }
    if (from < lonlat.points.size()) {
        const std::size_t end = std::min(to, lonlat.points.size());
        to_wgs84.apply(std::span<XY>(lonlat.points.data() + from, end - from));
    }
    for (std::size_t i = from; i < std::min(to, lonlat.lines.size()); ++i) {
        to_wgs84.apply(std::span<XY>(lonlat.lines[i]));
    }
}
} // namespace

model::Layer output_layer(const model::Layer &layer, const io::Transformer &to_wgs84, int decimals,
                          geom::Geos &geos) {
    model::Layer lonlat;
    lonlat.name = layer.name;
    lonlat.geometry = layer.geometry;
    lonlat.fields = layer.fields;
    lonlat.polygons = layer.polygons;
    lonlat.points = layer.points;
    lonlat.lines = layer.lines;
    to_output(lonlat, 0, lonlat.size(), to_wgs84, decimals, geos);
    // Points and lines as the files write them (their text has `decimals` digits).
    const double scale = std::pow(10.0, decimals);
    for (auto &p : lonlat.points) {
        p = {std::round(p.x * scale) / scale, std::round(p.y * scale) / scale};
    }
    for (auto &line : lonlat.lines) {
        for (auto &p : line) {
            p = {std::round(p.x * scale) / scale, std::round(p.y * scale) / scale};
        }
    }
    return lonlat;
}

std::vector<OutputTexts> output_texts(const std::vector<model::Layer> &layers, const io::Crs &crs,
                                      const OutputsSettings &outputs, unsigned threads) {
    // First every layer's geometries, in chunks of features; then each layer's files.
    constexpr std::size_t kChunk = 512;
    std::vector<model::Layer> lonlat(layers.size());
    std::vector<std::pair<std::size_t, std::size_t>> chunks; // (layer, first feature)
    for (std::size_t l = 0; l < layers.size(); ++l) {
        lonlat[l].name = layers[l].name;
        lonlat[l].geometry = layers[l].geometry;
        lonlat[l].fields = layers[l].fields;
        lonlat[l].polygons = layers[l].polygons;
        lonlat[l].points = layers[l].points;
        lonlat[l].lines = layers[l].lines;
        const std::size_t n = layers[l].size();
        for (std::size_t f = 0; f < n; f += kChunk) {
            chunks.emplace_back(l, f);
        }
    }
    struct State {
        io::Transformer to_wgs84;
        geom::Geos geos;
    };
    const io::Crs wgs84 = io::Crs::from_user("EPSG:4326", "WGS84");
    auto make_state = [&] { return State{io::Transformer(crs, wgs84), geom::Geos()}; };
    core::for_each_parallel(chunks.size(), threads, make_state, [&](State &st, std::size_t c) {
        const auto [l, f] = chunks[c];
        to_output(lonlat[l], f, f + kChunk, st.to_wgs84, outputs.decimals, st.geos);
    });
    // Then the texts: each layer's CSV, and its GeoJSON (and sequence) in ranges of features,
    // put together in order.
    struct Task {
        std::size_t layer;
        int format; ///< 0 GeoJSON, 1 GeoJSON sequence, 2 CSV
        std::size_t from, to;
    };
    std::vector<Task> tasks;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const std::size_t n = layers[l].size();
        for (int format = 0; format < 2; ++format) {
            if (format == 0 ? outputs.geojson : outputs.geojsonseq) {
                for (std::size_t f = 0; f == 0 || f < n; f += kChunk) {
                    tasks.push_back({l, format, f, f + kChunk});
                }
            }
        }
        if (outputs.csv) {
            tasks.push_back({l, 2, 0, n});
        }
    }
    std::vector<std::string> pieces(tasks.size());
    core::for_each_parallel(
        tasks.size(), threads, [] { return 0; },
        [&](int, std::size_t k) {
            const auto &t = tasks[k];
            if (t.format == 2) {
                io::write_csv(layers[t.layer], pieces[k], outputs.csv_dialect,
                              lonlat[t.layer].points, outputs.decimals);
            } else {
                io::write_geojson_features(lonlat[t.layer], {outputs.decimals, t.format == 1},
                                           t.from, t.to, pieces[k]);
            }
        });
    std::vector<OutputTexts> texts(layers.size());
    for (std::size_t k = 0; k < tasks.size(); ++k) {
        const auto &t = tasks[k];
        auto &text = t.format == 0   ? texts[t.layer].geojson
                     : t.format == 1 ? texts[t.layer].geojsonseq
                                     : texts[t.layer].csv;
        const io::GeoJsonOptions options{outputs.decimals, t.format == 1};
        if (t.format != 2 && t.from == 0) {
            io::write_geojson_head(lonlat[t.layer], options, text);
        }
        text += pieces[k];
        if (t.format != 2 && t.to >= layers[t.layer].size()) {
            io::write_geojson_tail(options, text);
        }
    }
    return texts;
}

/// The graph and the search seeds as CSV, for independent checks (networkx, scipy): node
/// times are written with 17 significant digits so that they read back exactly.
void write_network_tables(io::OutputStage &stage, const algorithms::network::Graph &g,
                          const stages::AccessResult &a) {
    std::string out = "node,x,y,time_to_place_s,nearest_place\n";
    char buf[128];
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        const double t = a.nodes.time_s[v];
        std::snprintf(buf, sizeof buf, "%u,%.3f,%.3f,", v, g.xy(v).x, g.xy(v).y);
        out += buf;
        if (t < algorithms::network::kUnreached) {
            std::snprintf(buf, sizeof buf, "%.17g,%u\n", t, a.nodes.source[v]);
        } else {
            std::snprintf(buf, sizeof buf, ",\n");
        }
        out += buf;
    }
    stage.write("network_nodes.csv", out);
    out = "from,to,length_m,time_s\n";
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        for (auto e = g.first_out(v); e < g.first_out(v + 1); ++e) {
            std::snprintf(buf, sizeof buf, "%u,%u,%.17g,%.17g\n", v, g.head(e), g.length_m(e),
                          g.time_s(e));
            out += buf;
        }
    }
    stage.write("network_edges.csv", out);
    out = "node,time_s,place\n";
    for (const auto &seed : a.seeds) {
        std::snprintf(buf, sizeof buf, "%u,%.17g,%u\n", seed.node, seed.time_s, seed.source);
        out += buf;
    }
    stage.write("network_seeds.csv", out);
}

ReportFigures report_figures(const StudyResults &r) {
    ReportFigures figures;
    figures.population = r.population.total;
    figures.communes = r.communes.communes.size();
    figures.places = r.places.places.size() - r.places.outside_study;
    figures.places_outside = r.places.outside_study;
    figures.deserts = r.deserts ? r.deserts->zones.size() : 0;
    if (r.tour) {
        figures.tour_reached = r.tour->reached;
        figures.tour_within = r.tour->far_within;
        figures.tour_fixed = r.tour->best_fixed ? r.tour->best_fixed->people : 0.0;
    }
    if (r.accessibility) {
        figures.demand_at_risk = r.accessibility->demand_total;
        figures.demand_kind = r.accessibility->demand_kind;
    } else if (r.at_risk) {
        figures.demand_at_risk =
            std::accumulate(r.at_risk->people.begin(), r.at_risk->people.end(), 0.0);
        figures.demand_kind = r.at_risk->kind;
    } else {
        figures.demand_at_risk = r.population.total;
    }
    if (r.access) {
        double beyond = 0, total = 0;
        for (std::size_t p = 0; p < r.demand.xy.size(); ++p) {
            const double w = std::isnan(r.demand.weight[p]) ? 0.0 : r.demand.weight[p];
            total += w;
            beyond += r.access->demand_time_s[p] > 1200.0 ? w : 0.0;
        }
        figures.share_beyond_20min = total > 0 ? beyond / total : 0.0;
    }
    return figures;
}

void write_outputs(io::OutputStage &stage, const OutputsSettings &settings,
                   const ReportSettings &report, const std::vector<model::Layer> &layers,
                   const model::Layer &dictionary, const StudyResults &r, const io::Crs &crs,
                   unsigned threads, geom::Geos &geos) {
    if (settings.geojson || settings.geojsonseq || settings.csv) {
        const auto texts = output_texts(layers, crs, settings, threads);
        for (std::size_t l = 0; l < layers.size(); ++l) {
            if (settings.geojson) {
                stage.write(layers[l].name + ".geojson", texts[l].geojson);
            }
            if (settings.geojsonseq) {
                stage.write(layers[l].name + ".geojsons", texts[l].geojsonseq);
            }
            if (settings.csv) {
                stage.write(layers[l].name + ".csv", texts[l].csv);
            }
        }
    }
    {
        // Every run: what each column of the files holds, in the CSVs' dialect.
        std::string text;
        io::write_csv(dictionary, text, settings.csv_dialect);
        stage.write("dictionary.csv", text);
    }
    if (settings.network && r.network) {
        write_network_tables(stage, r.network->net.graph, *r.access);
    }
    if (settings.report) {
        const io::Transformer to_wgs84(crs, io::Crs::from_user("EPSG:4326", "WGS84"));
        stage.write("report.html", make_report(report, layers, report_figures(r), to_wgs84, geos));
    }
    if (settings.geopackage) {
        std::vector<const model::Layer *> ptrs;
        for (const auto &layer : layers) {
            ptrs.push_back(&layer);
        }
        // QGIS styles: the layers open in QGIS drawn as in the report.
        const model::Layer styles = layer_styles_table(qgis_styles(ptrs));
        ptrs.push_back(&dictionary); // an attribute table: the columns' meanings beside them
        ptrs.push_back(&styles);
        io::write_geopackage(stage.staged(report.study_id + ".gpkg"), ptrs, crs);
    }
}

} // namespace hublo::outputs
