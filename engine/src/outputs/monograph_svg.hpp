// The drawings of the monographs, as inline SVG (no script, no network, printable): a map of
// an area and its surroundings, a histogram and a bar chart.
#pragma once

#include "hublo/algorithms/geometry.hpp"

#include <string>
#include <vector>

namespace hublo::outputs {

/// One polygon of the map: its fill (empty: none), stroke, and a title shown on hover.
struct SvgShape {
    const algorithms::geometry::MultiPolygon *geometry = nullptr;
    std::string fill, stroke, title;
    double stroke_width = 0.5;
    std::string dash; ///< an SVG stroke-dasharray ("4 3"), none when empty
    std::string href; ///< a link (the index's map to each page), none when empty
};

/// One point of the map: a disc of `fill` (or a ring when `ring`), `star` for a proposal.
struct SvgPoint {
    algorithms::geometry::XY xy;
    std::string fill, title;
    bool ring = false, star = false, faint = false;
};

/// A name written on the map (a commune's), centred on `xy`.
struct SvgLabel {
    algorithms::geometry::XY xy;
    std::string text;
};

/// A map of `extent` (study CRS, metres) `width` pixels wide, north up: the shapes in order,
/// the labels, then the points, and a scale bar. Titles and labels are escaped.
std::string svg_map(const algorithms::geometry::Box &extent, double width,
                    const std::vector<SvgShape> &shapes, const std::vector<SvgPoint> &points,
                    const std::vector<SvgLabel> &labels = {});

/// A bar of a chart: its label, value and colour.
struct SvgBar {
    std::string label;
    double value = 0.0;
    std::string color;
};

/// Vertical bars (a histogram) with their labels below and values above, `unit` after each
/// value (e.g. " pers."); `title` names the chart for screen readers.
std::string svg_columns(const std::string &title, const std::vector<SvgBar> &bars,
                        const std::string &unit);

/// Groups of horizontal bars: one group per row label, one bar per series (e.g. the area,
/// its département, the region), values as percentages.
struct SvgGroup {
    std::string label;
    std::vector<double> values; ///< one per series, shares 0-1 (NaN: not drawn)
};
std::string svg_grouped_bars(const std::string &title, const std::vector<std::string> &series,
                             const std::vector<std::string> &colors,
                             const std::vector<SvgGroup> &groups);

/// Text escaped for HTML and SVG (&, <, >, " and ').
std::string html_escape(const std::string &text);

/// A number in French: thousands split by a narrow no-break space, a decimal comma.
std::string fr_number(double value, int decimals);

} // namespace hublo::outputs
