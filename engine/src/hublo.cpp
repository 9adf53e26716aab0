#include "hublo/hublo.hpp"

#include "study/config.hpp"
#include "study/isochrones.hpp"
#include "study/pipeline.hpp"

#include <cstdlib>
#include <unistd.h>

namespace hublo {

struct Study::Impl {
    study::StudyConfig config;
};

Study::Study(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Study::Study(Study &&) noexcept = default;
Study &Study::operator=(Study &&) noexcept = default;
Study::~Study() = default;

Study Study::open(const std::filesystem::path &study_file) {
    return open(study_file, {});
}

Study Study::open(const std::filesystem::path &study_file,
                  const std::vector<std::string> &overrides) {
    auto impl = std::make_unique<Impl>();
    impl->config = study::load_study(study_file, overrides);
    return Study(std::move(impl));
}

Study Study::from_string(std::string_view toml, const std::filesystem::path &base_dir) {
    auto impl = std::make_unique<Impl>();
    impl->config = study::parse_study(toml, base_dir, "<study string>");
    return Study(std::move(impl));
}

const std::string &Study::id() const {
    return impl_->config.id;
}
const std::string &Study::name() const {
    return impl_->config.name;
}

std::size_t Study::isochrones(const IsochroneRequest &request) const {
    return study::isochrones_command(impl_->config, request);
}

bool Study::has_stage(std::string_view stage) const {
    if (stage == "network") {
        return impl_->config.network.enabled;
    }
    if (stage == "risk") {
        return impl_->config.risk.enabled;
    }
    return false;
}

RunSummary Study::check(const RunOptions &options) {
    return study::execute(impl_->config, options, false);
}

RunSummary Study::run(const RunOptions &options) {
    return study::execute(impl_->config, options, true);
}

std::filesystem::path default_study_path() {
    const std::filesystem::path relative = "centre-val-de-loire/study.toml";
    std::error_code ec;
    if (const char *env = std::getenv("HUBLO_DATA_DIR"); env && *env) {
        return std::filesystem::path(env) / relative;
    }
    // Installed layout: <prefix>/lib/libhublo.so and <prefix>/share/hublo/datasets.
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const auto prefix = std::filesystem::path(exe).parent_path().parent_path();
        const auto installed = prefix / HUBLO_INSTALL_DATADIR / "hublo" / "datasets" / relative;
        if (std::filesystem::exists(installed, ec)) {
            return installed;
        }
    }
    return std::filesystem::path(HUBLO_SOURCE_DATASETS_DIR) / relative;
}

const char *version() {
    return HUBLO_VERSION_STRING;
}

} // namespace hublo
