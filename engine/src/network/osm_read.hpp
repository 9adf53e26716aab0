// Reading an OpenStreetMap .osm.pbf extract: its nodes and ways, each way's nodes located.
#pragma once

#include "hublo/error.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/visitor.hpp>

#include <exception>
#include <string>

namespace hublo::network {

/// Passes every node and way of `path` to `handler`, the ways' nodes with their locations
/// (missing ones ignored). Throws Error (data) naming the file when it is no readable PBF,
/// `hint` (e.g. "; [network] format = ...") added to the message.
template <class Handler>
void read_osm(const std::string &path, Handler &handler, const std::string &hint = "") {
    try {
        using Index =
            osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        Index index;
        osmium::handler::NodeLocationsForWays<Index> locations(index);
        locations.ignore_errors();
        osmium::io::Reader reader(path,
                                  osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
        osmium::apply(reader, locations, handler);
        reader.close();
    } catch (const std::exception &e) {
        throw Error(ErrorKind::data, path + ": cannot read it as OpenStreetMap PBF (" +
                                         std::string(e.what()) + ")" + hint);
    }
}

} // namespace hublo::network
