// What a run does on its second thread while the first reads the communes, tables, levels
// and places: the road network, the inputs' checksums, then (when writing) the outputs'
// transformation and GDAL, so that the output stage finds them ready.
#pragma once

#include "stages/network.hpp"
#include "study/config.hpp"

#include <future>
#include <memory>
#include <string>
#include <vector>

namespace hublo::study {

class Background {
public:
    /// Starts the second thread when `threads` > 1; else does nothing (the run loads the
    /// network in turn, and summary.json hashes the inputs itself).
    Background(const StudyConfig &cfg, const io::Crs &crs, bool with_network, bool write,
               unsigned threads);
    Background(const Background &) = delete;
    Background &operator=(const Background &) = delete;
    /// Waits for the second thread.
    ~Background();

    /// The network loaded on the second thread (rethrowing its error), or null when there is
    /// no second thread. Call once.
    std::unique_ptr<stages::LoadedNetwork> take_network();
    /// The inputs' checksums in hashed_inputs' order ("" where unreadable), once the second
    /// thread is done; empty without one.
    const std::vector<std::string> &checksums();

private:
    void work(const StudyConfig &cfg, io::Crs crs, bool with_network, bool write);

    std::unique_ptr<stages::LoadedNetwork> network_;
    std::vector<std::string> checksums_;
    std::promise<void> network_ready_;
    std::future<void> loading_; ///< ready with the network (or its error)
    std::future<void> worker_;  ///< the second thread
};

} // namespace hublo::study
