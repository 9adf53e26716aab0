// Checks the bundled study through the installed C++ facade and prints the commune count.
#include <hublo/hublo.hpp>

#include <cstdio>

int main() {
    try {
        auto study = hublo::Study::open(hublo::default_study_path());
        const auto summary = study.check();
        std::printf("hublo %s (header %s): %zu communes\n", hublo::version(), HUBLO_VERSION_STRING,
                    summary.communes);
        return summary.communes == 1754 ? 0 : 1;
    } catch (const hublo::Error &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
