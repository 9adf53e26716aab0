#include "outputs/monograph_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hublo::outputs {

using algorithms::geometry::Box;
using algorithms::geometry::XY;

std::string html_escape(const std::string &text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string fr_number(double value, int decimals) {
    if (!std::isfinite(value)) {
        return "–";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s(buf);
    std::string sign;
    if (!s.empty() && s[0] == '-') {
        sign = "−";
        s.erase(0, 1);
    }
    const auto dot = s.find('.');
    std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) {
            grouped += "\u202f"; // narrow no-break space, as French typography writes it
        }
        grouped += whole[i];
    }
    if (sign == "−" && grouped.find_first_not_of("0\u202f") == std::string::npos &&
        frac.find_first_not_of('0') == std::string::npos) {
        sign.clear(); // no "−0"
    }
    return sign + grouped + (frac.empty() ? "" : "," + frac);
}

namespace {

/// Map coordinates: metres to pixels, north up.
struct Frame {
    Box extent;
    double scale = 1.0, height = 0.0;
    [[nodiscard]] XY px(XY p) const {
        return {(p.x - extent.min_x) * scale, height - (p.y - extent.min_y) * scale};
    }
};

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string path_of(const algorithms::geometry::MultiPolygon &g, const Frame &f) {
    std::string d;
    for (const auto &poly : g) {
        for (const auto &ring : poly.rings) {
            XY last{-1e9, -1e9};
            bool first = true;
            for (const auto &p : ring) {
                const XY q = f.px(p);
                // Points closer than half a pixel to the last one add nothing to the drawing.
                if (!first && std::abs(q.x - last.x) < 0.5 && std::abs(q.y - last.y) < 0.5) {
                    continue;
                }
                d += (first ? "M" : "L") + num(q.x) + " " + num(q.y);
                last = q;
                first = false;
            }
            d += "Z";
        }
    }
    return d;
}

} // namespace

std::string svg_map(const Box &extent, double width, const std::vector<SvgShape> &shapes,
                    const std::vector<SvgPoint> &points, const std::vector<SvgLabel> &labels) {
    Frame f;
    f.extent = extent;
    const double w = std::max(extent.max_x - extent.min_x, 1.0);
    const double h = std::max(extent.max_y - extent.min_y, 1.0);
    f.scale = width / w;
    f.height = h * f.scale;
    std::string out = "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      num(width) + " " + num(f.height) +
                      "\" role=\"img\" aria-label=\"carte\"><rect width=\"100%\" height=\"100%\" "
                      "fill=\"#eef2f5\"/><defs><pattern id=\"far\" width=\"5\" height=\"5\" "
                      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line "
                      "x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#111\" "
                      "stroke-width=\"1.6\" stroke-opacity=\"0.8\"/></pattern></defs>";
    for (const auto &s : shapes) {
        if (!s.geometry || s.geometry->empty()) {
            continue;
        }
        if (!s.href.empty()) {
            out += "<a href=\"" + html_escape(s.href) + "\">";
        }
        out += "<path d=\"" + path_of(*s.geometry, f) + "\" fill=\"" +
               (s.fill.empty() ? "none" : s.fill) + "\" stroke=\"" + s.stroke +
               "\" stroke-width=\"" + num(s.stroke_width) + "\"" +
               (s.dash.empty() ? "" : " stroke-dasharray=\"" + s.dash + "\"") +
               " fill-rule=\"evenodd\">" +
               (s.title.empty() ? "" : "<title>" + html_escape(s.title) + "</title>") + "</path>" +
               (s.href.empty() ? "" : "</a>");
    }
    for (const auto &l : labels) {
        const XY q = f.px(l.xy);
        out += "<text class=\"label\" x=\"" + num(q.x) + "\" y=\"" + num(q.y) +
               "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#222\" stroke=\"#fff\" "
               "stroke-width=\"2.5\" paint-order=\"stroke\">" +
               html_escape(l.text) + "</text>";
    }
    for (const auto &p : points) {
        if (!extent.contains(p.xy)) {
            continue;
        }
        const XY q = f.px(p.xy);
        const std::string t = p.title.empty() ? "" : "<title>" + html_escape(p.title) + "</title>";
        const std::string opacity = p.faint ? " opacity=\"0.4\"" : "";
        if (p.star) {
            std::string d;
            for (int k = 0; k < 10; ++k) {
                const double a = -M_PI / 2 + k * M_PI / 5, r = k % 2 ? 3.2 : 8.0;
                d +=
                    (k ? "L" : "M") + num(q.x + r * std::cos(a)) + " " + num(q.y + r * std::sin(a));
            }
            out += "<path class=\"proposed\" d=\"" + d +
                   "Z\" fill=\"#ffd400\" stroke=\"#222\" stroke-width=\"1\">" + t + "</path>";
        } else if (p.ring) {
            out += "<circle class=\"stop\" cx=\"" + num(q.x) + "\" cy=\"" + num(q.y) +
                   "\" r=\"3.5\" fill=\"#fff\" stroke=\"" + p.fill + "\" stroke-width=\"2\"" +
                   opacity + ">" + t + "</circle>";
        } else {
            out += "<circle class=\"place\" cx=\"" + num(q.x) + "\" cy=\"" + num(q.y) +
                   "\" r=\"4.5\" fill=\"" + p.fill + "\" stroke=\"#fff\" stroke-width=\"1\"" +
                   opacity + ">" + t + "</circle>";
        }
    }
    // A scale bar of a round number of kilometres, about a fifth of the width.
    const double target = w / 5 / 1000;
    double km = 1;
    for (const double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
        if (step <= target) {
            km = step;
        }
    }
    const double bar = km * 1000 * f.scale;
    out += "<g class=\"scale\"><rect x=\"10\" y=\"" + num(f.height - 22) + "\" width=\"" +
           num(bar) + "\" height=\"5\" fill=\"#333\"/><text x=\"10\" y=\"" + num(f.height - 27) +
           "\" font-size=\"11\">" + fr_number(km, 0) + " km</text></g>";
    out += "</svg>";
    return out;
}

std::string svg_columns(const std::string &title, const std::vector<SvgBar> &bars,
                        const std::string &unit) {
    const double bw = 56, gap = 10, top = 22, plot = 150, bottom = 34;
    const double width = bars.size() * (bw + gap) + gap;
    double max = 0;
    for (const auto &b : bars) {
        max = std::max(max, b.value);
    }
    std::string out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      num(width) + " " + num(top + plot + bottom) +
                      "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
    for (std::size_t k = 0; k < bars.size(); ++k) {
        const auto &b = bars[k];
        const double hgt = max > 0 ? b.value / max * plot : 0;
        const double x = gap + k * (bw + gap);
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(top + plot - hgt) + "\" width=\"" + num(bw) +
               "\" height=\"" + num(hgt) + "\" fill=\"" + b.color + "\"><title>" +
               html_escape(b.label) + " : " + fr_number(b.value, 0) + html_escape(unit) +
               "</title></rect>";
        out += "<text x=\"" + num(x + bw / 2) + "\" y=\"" + num(top + plot - hgt - 5) +
               "\" text-anchor=\"middle\" font-size=\"11\">" + fr_number(b.value, 0) + "</text>";
        out += "<text x=\"" + num(x + bw / 2) + "\" y=\"" + num(top + plot + 16) +
               "\" text-anchor=\"middle\" font-size=\"11\">" + html_escape(b.label) + "</text>";
    }
    out += "</svg>";
    return out;
}

std::string svg_grouped_bars(const std::string &title, const std::vector<std::string> &series,
                             const std::vector<std::string> &colors,
                             const std::vector<SvgGroup> &groups) {
    const double label_w = 250, plot = 330, bar_h = 12, group_gap = 14, legend_h = 24;
    const double group_h = series.size() * bar_h + group_gap;
    double max = 0;
    for (const auto &g : groups) {
        for (const double v : g.values) {
            if (std::isfinite(v)) {
                max = std::max(max, v);
            }
        }
    }
    max = max > 0 ? max : 1;
    const double height = legend_h + groups.size() * group_h;
    std::string out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      num(label_w + plot + 60) + " " + num(height) +
                      "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
    for (std::size_t s = 0; s < series.size(); ++s) {
        const double x = label_w + s * 120;
        out += "<rect x=\"" + num(x) + "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" + colors[s] +
               "\"/><text x=\"" + num(x + 16) + "\" y=\"14\" font-size=\"11\">" +
               html_escape(series[s]) + "</text>";
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double y0 = legend_h + g * group_h;
        out +=
            "<text x=\"" + num(label_w - 8) + "\" y=\"" + num(y0 + series.size() * bar_h / 2 + 4) +
            "\" text-anchor=\"end\" font-size=\"11\">" + html_escape(groups[g].label) + "</text>";
        for (std::size_t s = 0; s < series.size() && s < groups[g].values.size(); ++s) {
            const double v = groups[g].values[s];
            if (!std::isfinite(v)) {
                continue;
            }
            const double y = y0 + s * bar_h;
            out += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y) + "\" width=\"" +
                   num(v / max * plot) + "\" height=\"" + num(bar_h - 2) + "\" fill=\"" +
                   colors[s] + "\"><title>" + html_escape(series[s]) + " : " +
                   fr_number(100 * v, 1) + " %</title></rect><text x=\"" +
                   num(label_w + v / max * plot + 4) + "\" y=\"" + num(y + bar_h - 3) +
                   "\" font-size=\"10\">" + fr_number(100 * v, 1) + " %</text>";
        }
    }
    out += "</svg>";
    return out;
}

} // namespace hublo::outputs
