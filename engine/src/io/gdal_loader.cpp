// Loads libhublo_gdal.so on first use (io/gdal_module.hpp).
#include "io/gdal_module.hpp"

#include "hublo/error.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <system_error>

namespace hublo::io::gdal {

namespace {
/// Where the module may be: beside the object holding this code (libhublo.so,
/// libhublo_cxx.so, or a program linking the engine statically), beside the program, and in
/// ../lib from either (a build tree's bin/ and lib/); last, the dynamic linker's search.
std::vector<std::string> candidates() {
    std::vector<std::string> out;
    if (const char *given = std::getenv("HUBLO_GDAL_MODULE"); given && *given) {
        out.emplace_back(given);
        return out;
    }
    std::vector<std::filesystem::path> dirs;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void *>(&candidates), &info) && info.dli_fname && *info.dli_fname) {
        dirs.push_back(std::filesystem::path(info.dli_fname).parent_path());
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back(exe.parent_path());
    }
    for (const auto &dir : dirs) {
        for (const auto &path : {dir / kModuleFile, dir / ".." / "lib" / kModuleFile}) {
            if (std::filesystem::exists(path, ec)) {
                out.push_back(path.lexically_normal().string());
            }
        }
    }
    out.emplace_back(kModuleFile);
    return out;
}

const Api *load(std::string &failure) {
    for (const auto &path : candidates()) {
        void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            failure += (failure.empty() ? "" : "; ") + std::string(dlerror());
            continue;
        }
        using Entry = const Api *(*)(int);
        auto entry = reinterpret_cast<Entry>(dlsym(handle, "hublo_gdal_module_api"));
        const Api *api = entry ? entry(kApiVersion) : nullptr;
        if (api) {
            return api; // never unloaded: GDAL keeps its drivers for the process
        }
        failure += (failure.empty() ? "" : "; ") + path +
                   (entry ? " is from another version of hublo" : " is not hublo's GDAL module");
        dlclose(handle);
    }
    return nullptr;
}
} // namespace

const Api &module() {
    static std::once_flag once;
    static const Api *api = nullptr;
    static std::string failure;
    std::call_once(once, [] { api = load(failure); });
    if (!api) {
        throw Error(ErrorKind::internal,
                    std::string("cannot load hublo's GDAL module ") + kModuleFile +
                        ", needed for GeoPackage output and for inputs other than GeoJSON (" +
                        failure +
                        "); install hublo again, or set HUBLO_GDAL_MODULE to the file's path");
    }
    return *api;
}

} // namespace hublo::io::gdal
