// QGIS styles for the GeoPackage: the `layer_styles` table QGIS reads when a layer of the file
// is opened (one default style per layer), so that dragging the GeoPackage into QGIS shows
// the report's map: communes graduated by their rate of expected people in illectronism,
// places by type (mobile stops as rings), coverage bands, deserts, proposed places, level
// outlines. The styles are QML (QGIS's own style format), written for QGIS 3.22 and later.
#pragma once

#include "model/layer.hpp"

#include <string>
#include <vector>

namespace hublo::outputs {

/// One style: the layer it is for, its name, its QML, whether QGIS applies it on opening.
struct QgisStyle {
    std::string layer, name, description, qml;
    bool is_default = true;
};

/// The styles of the run's layers that hublo knows how to draw (a layer without the fields
/// its style reads gets none). `layers` are the layers written to the GeoPackage.
std::vector<QgisStyle> qgis_styles(const std::vector<const model::Layer *> &layers);

/// The styles as the GeoPackage's `layer_styles` attribute table, in QGIS's schema
/// (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML,
/// styleSLD, useAsDefault, description, owner, ui, update_time). `geometry_column` is the
/// GeoPackage's geometry column ("geom"); update_time is fixed, for byte-identical files.
model::Layer layer_styles_table(const std::vector<QgisStyle> &styles,
                                const std::string &geometry_column = "geom");

} // namespace hublo::outputs
