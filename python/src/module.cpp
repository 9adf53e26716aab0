// hublo's Python module, `hublo._hublo`: the C++ facade (hublo/hublo.hpp) for Python. The
// package `hublo` (python/hublo/__init__.py) builds the friendly API on it: results, layers
// as GeoJSON dicts and GeoDataFrames, isochrones and nearest times from points.
//
// Long work (run, check, isochrones, nearest minutes) releases the GIL. Ctrl-C during a run
// stops it between stages or places (a SIGINT handler sets a flag the run polls) and raises
// hublo.Interrupted, a KeyboardInterrupt. hublo's error kinds are exception classes.
#include "hublo/hublo.hpp"

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <csignal>
#include <optional>

namespace py = pybind11;

namespace {

// The exception classes, one per hublo::ErrorKind (made in the module's init).
PyObject *g_error = nullptr;
PyObject *g_kinds[6] = {};

std::atomic<bool> g_sigint{false};
extern "C" void on_sigint(int) {
    g_sigint.store(true);
}

/// SIGINT sets g_sigint while the guard lives (the run polls it); the previous handler,
/// Python's, comes back after.
class SigintGuard {
public:
    SigintGuard() {
        g_sigint.store(false);
        struct sigaction sa = {};
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        installed_ = sigaction(SIGINT, &sa, &old_) == 0;
    }
    ~SigintGuard() {
        if (installed_) {
            sigaction(SIGINT, &old_, nullptr);
        }
    }
    SigintGuard(const SigintGuard &) = delete;
    SigintGuard &operator=(const SigintGuard &) = delete;

private:
    struct sigaction old_ = {};
    bool installed_ = false;
};

py::object value_to_python(const hublo::Layer::Value &v) {
    if (const auto *s = std::get_if<std::string>(&v)) {
        return py::str(*s);
    }
    if (const auto *i = std::get_if<std::int64_t>(&v)) {
        return py::int_(*i);
    }
    if (const auto *d = std::get_if<double>(&v)) {
        return py::float_(*d);
    }
    return py::none();
}

/// Runs (or checks) the study with the GIL released; `progress(stage, done, total)` is
/// called with the GIL held. An exception raised by `progress` stops the run and is raised.
hublo::RunSummary run_study(hublo::Study &study, bool check, const std::string &stage,
                            unsigned threads, const std::string &output_dir,
                            const py::object &progress) {
    hublo::RunOptions o;
    o.stage = stage;
    o.threads = threads;
    o.output_dir = output_dir;
    std::optional<py::error_already_set> raised;
    std::atomic<bool> stop{false};
    if (!progress.is_none()) {
        o.on_progress = [&](const hublo::Progress &p) {
            py::gil_scoped_acquire gil;
            if (raised) {
                return;
            }
            try {
                progress(std::string(p.stage), p.done, p.total);
            } catch (py::error_already_set &e) {
                raised.emplace(std::move(e));
                stop.store(true);
            }
        };
    }
    o.interrupted = [&] { return stop.load() || g_sigint.load(); };
    SigintGuard guard;
    try {
        py::gil_scoped_release release;
        return check ? study.check(o) : study.run(o);
    } catch (const hublo::Error &e) {
        if (raised) {
            throw std::move(*raised); // the callback's own exception, not "interrupted"
        }
        throw;
    }
}

} // namespace

PYBIND11_MODULE(_hublo, m) {
    m.doc() = "hublo's C++ facade (use the `hublo` package)";

    g_error = PyErr_NewExceptionWithDoc("hublo.Error", "A hublo error; .kind names it.",
                                        PyExc_RuntimeError, nullptr);
    const std::pair<hublo::ErrorKind, const char *> kinds[] = {
        {hublo::ErrorKind::input, "InputError"},
        {hublo::ErrorKind::data, "DataError"},
        {hublo::ErrorKind::computation, "ComputationError"},
        {hublo::ErrorKind::internal, "InternalError"}};
    m.attr("Error") = py::handle(g_error);
    for (const auto &[kind, name] : kinds) {
        PyObject *cls =
            PyErr_NewException((std::string("hublo.") + name).c_str(), g_error, nullptr);
        g_kinds[static_cast<int>(kind)] = cls;
        m.attr(name) = py::handle(cls);
    }
    {
        // Interrupted is a hublo.Error and a KeyboardInterrupt: `except KeyboardInterrupt`
        // catches it as Ctrl-C anywhere else would be.
        py::tuple bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_KeyboardInterrupt));
        PyObject *cls = PyErr_NewException("hublo.Interrupted", bases.ptr(), nullptr);
        g_kinds[static_cast<int>(hublo::ErrorKind::interrupted)] = cls;
        m.attr("Interrupted") = py::handle(cls);
    }
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const hublo::Error &e) {
            const int k = static_cast<int>(e.kind());
            PyErr_SetString(k >= 1 && k <= 5 && g_kinds[k] ? g_kinds[k] : g_error, e.what());
        }
    });

    py::class_<hublo::Layer>(m, "Layer")
        .def_property_readonly("name", &hublo::Layer::name)
        .def("__len__", &hublo::Layer::feature_count)
        .def_property_readonly("fields",
                               [](const hublo::Layer &l) {
                                   std::vector<std::pair<std::string, std::string>> out;
                                   for (std::size_t k = 0; k < l.field_count(); ++k) {
                                       const auto t = l.field_type(k);
                                       out.emplace_back(l.field_name(k),
                                                        t == hublo::Layer::FieldType::string ? "str"
                                                        : t == hublo::Layer::FieldType::integer
                                                            ? "int"
                                                            : "float");
                                   }
                                   return out;
                               })
        .def("value", [](const hublo::Layer &l, std::size_t feature,
                         std::size_t field) { return value_to_python(l.value(feature, field)); })
        .def("wkb",
             [](const hublo::Layer &l, std::size_t feature) { return py::bytes(l.wkb(feature)); })
        .def("geojson", &hublo::Layer::geojson, py::call_guard<py::gil_scoped_release>());

    py::class_<hublo::Network>(m, "Network")
        .def_property_readonly("node_count", &hublo::Network::node_count)
        .def(
            "isochrones",
            [](const hublo::Network &n,
               const std::vector<std::tuple<double, double, std::string>> &origins,
               const std::vector<double> &minutes, bool to_origin, const std::string &bands,
               unsigned threads) {
                hublo::IsochroneRequest r;
                for (const auto &[lon, lat, id] : origins) {
                    r.origins.push_back({lon, lat, id, ""});
                }
                r.minutes = minutes;
                r.to_origin = to_origin;
                r.bands = bands;
                r.threads = threads;
                py::gil_scoped_release release;
                return n.isochrones(r);
            },
            py::arg("origins"), py::arg("minutes"), py::arg("to_origin"), py::arg("bands"),
            py::arg("threads"))
        .def(
            "nearest_minutes",
            [](const hublo::Network &n, const std::vector<double> &origins,
               const std::vector<double> &points, unsigned threads) {
                py::gil_scoped_release release;
                return n.nearest_minutes(origins, points, threads);
            },
            py::arg("origins_lonlat"), py::arg("points_lonlat"), py::arg("threads"));

    py::class_<hublo::Study>(m, "Study")
        .def_static(
            "open",
            [](const std::string &path, const std::vector<std::string> &overrides) {
                return hublo::Study::open(path, overrides);
            },
            py::arg("path"), py::arg("overrides"))
        .def_property_readonly("id", &hublo::Study::id)
        .def_property_readonly("name", &hublo::Study::name)
        .def("set", &hublo::Study::set)
        .def("has_stage",
             [](const hublo::Study &s, const std::string &st) { return s.has_stage(st); })
        .def("network", &hublo::Study::network, py::call_guard<py::gil_scoped_release>())
        .def_property_readonly("has_run", &hublo::Study::has_run)
        .def_property_readonly("layer_names", &hublo::Study::layer_names)
        .def("layer", [](const hublo::Study &s, const std::string &name) { return s.layer(name); })
        .def_property_readonly("summary_json", &hublo::Study::summary_json)
        .def(
            "run",
            [](hublo::Study &s, bool check, const std::string &stage, unsigned threads,
               const std::string &output_dir, const py::object &progress) {
                const auto r = run_study(s, check, stage, threads, output_dir, progress);
                return py::make_tuple(r.output_dir.string(), r.files);
            },
            py::arg("check"), py::arg("stage"), py::arg("threads"), py::arg("output_dir"),
            py::arg("progress"));

    m.def(
        "compare",
        [](hublo::Study &s, const std::vector<std::string> &scenarios,
           const std::string &output_dir, unsigned threads) {
            hublo::CompareOptions o;
            o.scenarios = scenarios;
            o.output_dir = output_dir;
            o.threads = threads;
            py::gil_scoped_release release;
            return s.compare(o).output_dir.string();
        },
        py::arg("study"), py::arg("scenarios"), py::arg("output_dir"), py::arg("threads"));
    m.def("default_study_path", [] { return hublo::default_study_path().string(); });
    m.def("version", [] { return std::string(hublo::version()); });
}
