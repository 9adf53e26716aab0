// hublo's GeoJSON writer and reader against GDAL's GeoJSON driver, on the 1754 real
// communes of the region, in one process; prints the ratios of their times at the end.
//
// Reading: read_vector's two paths on communes.geojson (1.2 MB), each giving the same layer
// in Lambert-93: hublo's own reader (simdjson; io/geojson_reader.hpp) and GDAL's driver.
// GDAL's path also builds its transformation each time (a CRS read from a file has no key
// in hublo's cache of transformations), as it does in a run.
//
// Both write the same lon/lat geometries with the same attribute, 6 decimals and RFC 7946
// winding, to memory (a std::string for hublo, /vsimem/ for GDAL). GDAL's features are
// built before the timed loop, so only serialisation is timed on both sides.
#include "io/crs.hpp"
#include "io/geojson_writer.hpp"
#include "io/vector.hpp"

#include <benchmark/benchmark.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <iostream>
#include <map>

namespace {

struct Data {
    hublo::model::Layer layer;
    std::vector<std::unique_ptr<OGRFeature>> features;
    std::unique_ptr<OGRFeatureDefn, void (*)(OGRFeatureDefn *)> defn{nullptr,
                                                                     [](OGRFeatureDefn *d) {
                                                                         if (d)
                                                                             d->Release();
                                                                     }};
    std::size_t vertices = 0;
};

const Data &data() {
    static const Data d = [] {
        Data out;
        hublo::io::VectorSource src;
        src.path = std::filesystem::path(HUBLO_DATASET_DIR) / "communes.geojson";
        src.context = "bench";
        const auto wgs84 = hublo::io::Crs::from_user("EPSG:4326", "bench");
        const auto v = hublo::io::read_vector(src, wgs84, hublo::io::GeometryKind::polygons);
        out.layer.name = "communes";
        out.layer.polygons = v.polygons;
        auto &code = out.layer.add_field("code", hublo::model::FieldType::string);
        auto &name = out.layer.add_field("name", hublo::model::FieldType::string);
        for (std::size_t i = 0; i < v.size(); ++i) {
            code.values.emplace_back(v.values[i][*v.field("DEPCOM")]);
            name.values.emplace_back(v.values[i][*v.field("NOM_DEPCOM")]);
            out.vertices += hublo::algorithms::geometry::vertex_count(v.polygons[i]);
        }
        out.defn.reset(new OGRFeatureDefn("communes"));
        out.defn->Reference();
        OGRFieldDefn fc("code", OFTString), fn("name", OFTString);
        out.defn->AddFieldDefn(&fc);
        out.defn->AddFieldDefn(&fn);
        out.defn->SetGeomType(wkbMultiPolygon);
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto f = std::make_unique<OGRFeature>(out.defn.get());
            f->SetField(0, v.values[i][*v.field("DEPCOM")].c_str());
            f->SetField(1, v.values[i][*v.field("NOM_DEPCOM")].c_str());
            auto mp = std::make_unique<OGRMultiPolygon>();
            for (const auto &poly : v.polygons[i]) {
                OGRPolygon p;
                for (const auto &ring : poly.rings) {
                    OGRLinearRing r;
                    for (const auto &pt : ring) {
                        r.addPoint(pt.x, pt.y);
                    }
                    p.addRing(&r);
                }
                mp->addGeometry(&p);
            }
            f->SetGeometryDirectly(mp.release());
            out.features.push_back(std::move(f));
        }
        return out;
    }();
    return d;
}

void BM_HubloGeoJson(benchmark::State &state) {
    const auto &d = data();
    std::string out;
    for (auto _ : state) {
        out.clear();
        hublo::io::write_geojson(d.layer, {6, false}, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * d.vertices));
}
BENCHMARK(BM_HubloGeoJson)->Unit(benchmark::kMillisecond);

void BM_GdalGeoJson(benchmark::State &state) {
    const auto &d = data();
    GDALDriver *drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    OGRSpatialReference wgs84;
    wgs84.SetFromUserInput("EPSG:4326");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char *layer_options[] = {"RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_BBOX=NO",
                                   nullptr};
    vsi_l_offset size = 0;
    for (auto _ : state) {
        GDALDataset *ds = drv->Create("/vsimem/bench.geojson", 0, 0, 0, GDT_Unknown, nullptr);
        OGRLayer *l = ds->CreateLayer("communes", &wgs84, wkbMultiPolygon,
                                      const_cast<char **>(layer_options));
        for (int k = 0; k < d.defn->GetFieldCount(); ++k) {
            l->CreateField(d.defn->GetFieldDefn(k));
        }
        for (const auto &f : d.features) {
            OGRFeature copy(l->GetLayerDefn());
            copy.SetFrom(f.get());
            if (l->CreateFeature(&copy) != OGRERR_NONE) {
                state.SkipWithError("GDAL CreateFeature failed");
            }
        }
        GDALClose(ds);
        VSIStatBufL st;
        if (VSIStatL("/vsimem/bench.geojson", &st) != 0) {
            state.SkipWithError("GDAL wrote no file");
        }
        size = st.st_size;
        VSIUnlink("/vsimem/bench.geojson");
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * d.vertices));
}
BENCHMARK(BM_GdalGeoJson)->Unit(benchmark::kMillisecond);

hublo::io::VectorSource communes_source() {
    hublo::io::VectorSource src;
    src.path = std::filesystem::path(HUBLO_DATASET_DIR) / "communes.geojson";
    return src;
}

void BM_HubloReadGeoJson(benchmark::State &state) {
    const auto l93 = hublo::io::Crs::from_user("EPSG:2154", "bench");
    const auto src = communes_source();
    for (auto _ : state) {
        auto layer =
            hublo::io::detail::read_geojson_fast(src, l93, hublo::io::GeometryKind::polygons);
        if (!layer) {
            state.SkipWithError("hublo's reader declined communes.geojson");
            break;
        }
        benchmark::DoNotOptimize(layer->polygons.data());
    }
}
BENCHMARK(BM_HubloReadGeoJson)->Unit(benchmark::kMillisecond);

void BM_GdalReadGeoJson(benchmark::State &state) {
    const auto l93 = hublo::io::Crs::from_user("EPSG:2154", "bench");
    const auto src = communes_source();
    for (auto _ : state) {
        auto layer =
            hublo::io::detail::read_vector_gdal(src, l93, hublo::io::GeometryKind::polygons);
        benchmark::DoNotOptimize(layer.polygons.data());
    }
}
BENCHMARK(BM_GdalReadGeoJson)->Unit(benchmark::kMillisecond);

/// Prints the runs as usual, then the ratio GDAL time / hublo time.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto &r : runs) {
            if (r.run_type == Run::RT_Iteration) {
                seconds_[r.benchmark_name()] = r.GetAdjustedRealTime();
            }
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        const double h = seconds_["BM_HubloGeoJson"], g = seconds_["BM_GdalGeoJson"];
        if (h > 0 && g > 0) {
            std::cout << "\nGeoJSON of the 1754 communes: hublo " << h << " ms, GDAL " << g
                      << " ms: hublo is " << g / h << " times as fast\n";
        }
        const double hr = seconds_["BM_HubloReadGeoJson"], gr = seconds_["BM_GdalReadGeoJson"];
        if (hr > 0 && gr > 0) {
            std::cout << "Reading communes.geojson into Lambert-93: hublo " << hr << " ms, GDAL "
                      << gr << " ms: hublo is " << gr / hr << " times as fast\n";
        }
    }

private:
    std::map<std::string, double> seconds_;
};

} // namespace

int main(int argc, char **argv) {
    GDALAllRegister();
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
