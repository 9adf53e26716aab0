#include "stages/siting_exact.hpp"

#include "hublo/error.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

namespace hublo::stages {

namespace {
struct CbcDeleter {
    void operator()(Cbc_Model *m) const { Cbc_deleteModel(m); }
};

double known(double v) {
    return std::isfinite(v) ? v : 0.0;
}
} // namespace

ExactCover exact_cover(const algorithms::network::CatchmentTimes &reach,
                       std::span<const double> demand, std::span<const std::uint8_t> covered,
                       std::size_t k, double time_limit_s, std::span<const std::uint32_t> start,
                       std::span<const double> cost, double budget) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t nc = reach.places();
    ExactCover r;
    for (std::size_t p = 0; p < demand.size(); ++p) {
        r.covered += covered[p] ? known(demand[p]) : 0.0;
    }
    // The rows: points not covered today, with demand, that some candidate reaches.
    std::vector<int> row_of(demand.size(), -1);
    std::vector<std::size_t> points;
    for (std::size_t j = 0; j < nc; ++j) {
        for (const auto p : reach.of(j)) {
            if (!covered[p] && known(demand[p]) > 0 && row_of[p] < 0) {
                row_of[p] = static_cast<int>(points.size());
                points.push_back(p);
            }
        }
    }
    const bool budgeted = !cost.empty();
    // + the number of places opened (+ their cost)
    const std::size_t rows = points.size() + (budgeted ? 2 : 1);
    const std::size_t cols = nc + points.size();
    std::vector<CoinBigIndex> first{0};
    std::vector<int> index;
    std::vector<double> value, lower(cols, 0.0), upper(cols, 1.0), objective(cols, 0.0);
    for (std::size_t j = 0; j < nc; ++j) {
        std::vector<int> mine;
        for (const auto p : reach.of(j)) {
            if (row_of[p] >= 0) {
                mine.push_back(row_of[p]);
            }
        }
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        for (const int row : mine) {
            index.push_back(row);
            value.push_back(-1.0);
        }
        index.push_back(static_cast<int>(points.size()));
        value.push_back(1.0);
        if (budgeted) {
            index.push_back(static_cast<int>(points.size() + 1));
            value.push_back(cost[j]);
        }
        first.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        index.push_back(static_cast<int>(i));
        value.push_back(1.0);
        first.push_back(static_cast<CoinBigIndex>(index.size()));
        objective[nc + i] = known(demand[points[i]]);
    }
    std::vector<double> row_lower(rows, -std::numeric_limits<double>::max()), row_upper(rows, 0.0);
    const double count_row = static_cast<double>(k);
    if (!budgeted) {
        row_lower.back() = row_upper.back() = count_row;
    } else {
        row_upper[points.size()] = k > 0 ? count_row : static_cast<double>(nc);
        row_upper.back() = budget;
    }
    r.variables = cols;
    r.constraints = rows;

    std::unique_ptr<Cbc_Model, CbcDeleter> model(Cbc_newModel());
    Cbc_loadProblem(model.get(), static_cast<int>(cols), static_cast<int>(rows), first.data(),
                    index.data(), value.data(), lower.data(), upper.data(), objective.data(),
                    row_lower.data(), row_upper.data());
    for (std::size_t j = 0; j < nc; ++j) {
        Cbc_setInteger(model.get(), static_cast<int>(j));
    }
    Cbc_setObjSense(model.get(), -1.0); // maximise
    Cbc_setLogLevel(model.get(), 0);
    Cbc_setMaximumSeconds(model.get(), time_limit_s);
    Cbc_setParameter(model.get(), "threads", "1"); // the same answer on every machine
    Cbc_setAllowableGap(model.get(), 1e-6);
    if (!start.empty()) {
        std::vector<double> sol(cols, 0.0);
        for (const auto j : start) {
            sol[j] = 1.0;
            for (const auto p : reach.of(j)) {
                if (row_of[p] >= 0) {
                    sol[nc + static_cast<std::size_t>(row_of[p])] = 1.0;
                }
            }
        }
        Cbc_setInitialSolution(model.get(), sol.data());
    }
    if (Cbc_solve(model.get()) != 0 && Cbc_status(model.get()) < 0) {
        throw Error(ErrorKind::computation, "[siting] exact: CBC failed on the covering model (" +
                                                std::to_string(cols) + " variables)");
    }
    const double *x = Cbc_getColSolution(model.get());
    if (x) {
        for (std::size_t j = 0; j < nc; ++j) {
            if (x[j] > 0.5) {
                r.picks.push_back(static_cast<std::uint32_t>(j));
            }
        }
    }
    // The objective from the picks (not CBC's float sum), and the bound beside it.
    std::vector<std::uint8_t> now(covered.begin(), covered.end());
    double gained = 0;
    for (const auto j : r.picks) {
        for (const auto p : reach.of(j)) {
            if (!now[p]) {
                now[p] = 1;
                gained += known(demand[p]);
            }
        }
    }
    r.optimal = Cbc_isProvenOptimal(model.get()) != 0;
    r.bound = r.covered +
              (r.optimal ? gained : std::max(gained, Cbc_getBestPossibleObjValue(model.get())));
    r.covered += gained;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace hublo::stages
