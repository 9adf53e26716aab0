// The parallel loop every stage uses: items shared among threads, each writing its own slot,
// so that results never depend on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace hublo::core {

/// `requested`, or every core when 0 (at least 1).
inline unsigned resolve_threads(unsigned requested) {
    return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

/// Runs task(state, i) once for every i in [0, n) on `threads` threads, the caller one of
/// them, each thread with a state of its own (make_state()); the first error is rethrown
/// once all have stopped. Each i writing its own slot, results do not depend on the threads.
template <class MakeState, class Task>
void for_each_parallel(std::size_t n, unsigned threads, const MakeState &make_state,
                       const Task &task) {
    threads = static_cast<unsigned>(std::clamp<std::size_t>(n, 1, std::max(1u, threads)));
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            auto state = make_state();
            for (std::size_t i = next++; i < n; i = next++) {
                task(state, i);
            }
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
            next = n;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto &th : pool) {
        th.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

/// Runs range(from, to) over [0, n) cut into `threads` contiguous ranges, one per thread,
/// when n is at least `min_items`; else on the calling thread.
template <class Range>
void for_ranges_parallel(std::size_t n, unsigned threads, std::size_t min_items,
                         const Range &range) {
    if (threads <= 1 || n < min_items) {
        range(std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    const std::size_t chunk = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t from = std::min(n, t * chunk);
        pool.emplace_back(range, from, std::min(n, from + chunk));
    }
    for (auto &th : pool) {
        th.join();
    }
}

} // namespace hublo::core
