// hublo's offline map report. Every text from the data reaches the page through
// textContent or createTextNode, never as HTML: a place named "<img src=x onerror=...>" shows
// as those characters.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hublo-data").textContent);
  var layers = data.layers;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v, digits) {
    if (v === null || v === undefined || v === "") return "–";
    if (typeof v !== "number") return String(v);
    return v.toLocaleString("fr-FR", { maximumFractionDigits: digits === undefined ? 1 : digits });
  }
  // A popup: a title and a table of label, value rows (all as text).
  function popup(title, rows) {
    var box = el("div");
    box.appendChild(el("div", "popup-title", title));
    var table = el("table", "popup-table");
    rows.forEach(function (r) {
      if (r[1] === undefined) return;
      var tr = el("tr");
      tr.appendChild(el("td", null, r[0]));
      tr.appendChild(el("td", null, typeof r[1] === "number" ? fmt(r[1], r[2]) : r[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  // ---- side panel
  document.title = data.study.name + " - hublo";
  document.getElementById("title").textContent = data.study.name;
  document.getElementById("subtitle").textContent =
    "hublo " + data.hublo_version + " · " + data.study.id;
  var figures = document.getElementById("figures");
  function figure(value, label) {
    var f = el("div", "figure");
    f.appendChild(el("div", "value", value));
    f.appendChild(el("div", "label", label));
    figures.appendChild(f);
  }
  var fig = data.figures;
  figure(fmt(fig.population, 0), "people");
  figure(fmt(fig.demand_at_risk, 0), fig.demand_kind === "people_at_risk"
    ? "people at risk of illectronism" : "demand at risk (" + fig.demand_kind.replace(/_/g, " ") + ")");
  figure(fig.share_beyond_20min === null ? "–" : fmt(100 * fig.share_beyond_20min, 2) + " %",
    "people more than 20 min from a place");
  figure(fmt(fig.deserts, 0), "digital-desert zones");
  figure(fmt(fig.places, 0), fig.places_outside
    ? "places of mediation, and " + fmt(fig.places_outside, 0) + " outside the study (for travel times)"
    : "places of mediation");
  figure(fmt(fig.communes, 0), "communes");
  if (fig.tour) {
    figure(fmt(fig.tour.reached, 0) + " / " + fmt(fig.tour.within, 0),
      "far people at risk without a car around the travelling service that its stops reach " +
      "(the best fixed place open its hours: " + fmt(fig.tour.fixed, 0) + ")");
  }
  document.getElementById("note").textContent = data.note;

  // ---- map
  var map = L.map("map", { preferCanvas: true, zoomSnap: 0.25 });
  var renderer = L.canvas({ padding: 0.5, tolerance: 4 });
  var counts = {};
  var anyOutside = false; // a place outside the study (a subset) is drawn
  var overlays = {};

  // Risk index 1-10: ColorBrewer YlOrRd, colour-blind safe, five classes.
  var riskClasses = [
    { max: 3, color: "#ffffb2", label: "1 – 3" },
    { max: 5, color: "#fecc5c", label: "3 – 5" },
    { max: 6.5, color: "#fd8d3c", label: "5 – 6.5" },
    { max: 8, color: "#f03b20", label: "6.5 – 8" },
    { max: 99, color: "#bd0026", label: "8 – 10" }
  ];
  function riskColor(v) {
    if (v === null || v === undefined) return "#cccccc";
    for (var i = 0; i < riskClasses.length; ++i) if (v <= riskClasses[i].max) return riskClasses[i].color;
    return "#bd0026";
  }
  // Places by type: Okabe-Ito colours, distinct for colour-blind readers.
  var placeTypes = [
    { key: "France Services", color: "#0072B2" },
    { key: "Conseiller numérique", color: "#E69F00" },
    { key: "Aidants Connect", color: "#009E73" },
    { key: "other", color: "#CC79A7" }
  ];
  function placeType(labels) {
    var l = labels || "";
    for (var i = 0; i < placeTypes.length - 1; ++i) if (l.indexOf(placeTypes[i].key) >= 0) return placeTypes[i];
    return placeTypes[placeTypes.length - 1];
  }

  function add(name, label, layer, visible) {
    overlays[label] = layer;
    if (visible) layer.addTo(map);
  }

  if (layers.communes) {
    counts.communes = layers.communes.features.length;
    add("communes", "Communes by risk index", L.geoJSON(layers.communes, {
      renderer: renderer,
      style: function (f) {
        var p = f.properties;
        return { fillColor: riskColor(p.risk_index), fillOpacity: 0.7, color: "#777", weight: 0.4 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          var range = p.illectronism_low === undefined || p.illectronism_low === null ? "" :
            " (" + fmt(p.illectronism_low, 0) + "–" + fmt(p.illectronism_high, 0) + ")";
          var why = p.desert_reason ? ", " + p.desert_reason + (p.desert_robust === 1 ? ", robust" : ", not robust") : "";
          return popup(p.name + " (" + p.code + ")", [
            ["population", p.population, 0],
            ["demand at risk", p.demand_at_risk === undefined ? undefined : fmt(p.demand_at_risk, 0) + range],
            ["risk index", p.risk_index, 2],
            ["time to a place (min)", p.nearest_place_min, 1], ["nearest place", p.nearest_place_name],
            ["to a place open 20 h+ (min)", p.open_place_min, 1],
            ["households without a car", p.no_car_share === undefined || p.no_car_share === null ? undefined : fmt(100 * p.no_car_share, 1) + " %"],
            ["at risk without a car", p.at_risk_no_car, 0],
            ["on foot (min)", p.walk_min, 1], ["by bike (min)", p.bike_min, 1],
            ["help-hours a week per 1,000 at risk", p.supply_per_at_risk, 0],
            ["accessibility (E2SFCA)", p.accessibility, 2],
            ["digital desert", p.desert === 1 ? "yes (zone " + p.desert_rank + why + ")" : p.desert === 0 ? "no" : undefined]
          ]);
        });
      }
    }), true);
  }
  // Minutes to a place open enough hours: by car, by each of the study's [[modes]] and the
  // best without a car, one colouring each (the mode switch). Greys, so that the coloured
  // places stay readable on them.
  var noCarClasses = [
    { max: 10, color: "#f7f7f7", label: "up to 10 min" },
    { max: 20, color: "#cccccc", label: "10 – 20 min" },
    { max: 30, color: "#969696", label: "20 – 30 min" },
    { max: 1e9, color: "#525252", label: "more than 30 min" }
  ];
  // A mode of longer times (public transport) scales the classes: 30 / 60 / 90 minutes.
  function minuteClasses(m) {
    var k = m.scale || 1;
    return noCarClasses.map(function (c, i) {
      var lo = i ? 10 * i * k : 0, hi = 10 * (i + 1) * k;
      return { max: c.max < 1e9 ? c.max * k : c.max, color: c.color,
               label: i === 0 ? "up to " + hi + " min" : c.max < 1e9 ? lo + " – " + hi + " min" : "more than " + lo + " min" };
    });
  }
  var minutesLayers = {}; // switch label -> { title, approximated }
  var hasMinutes = layers.communes && layers.communes.features.length;
  (data.minutes || []).forEach(function (m) {
    if (!hasMinutes || layers.communes.features[0].properties[m.field] === undefined) return;
    var label = "Communes: minutes " + m.label;
    minutesLayers[label] = m;
    var classes = minuteClasses(m);
    add("minutes-" + m.field, label, L.geoJSON(layers.communes, {
      renderer: renderer,
      style: function (f) {
        var v = f.properties[m.field], c = "#cccccc";
        if (v !== null && v !== undefined) {
          for (var i = 0; i < classes.length; ++i) if (v <= classes[i].max) { c = classes[i].color; break; }
        }
        return { fillColor: c, fillOpacity: 0.75, color: "#777", weight: 0.4 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          var rows = [
            ["households without a car", p.no_car_share === undefined || p.no_car_share === null ? undefined : fmt(100 * p.no_car_share, 1) + " %"],
            ["at risk without a car", p.at_risk_no_car, 0]];
          data.minutes.forEach(function (o) { rows.push([o.label + " (min)", p[o.field], 1]); });
          rows.push(["far for people without a car", p.no_car_far === 1 ? "yes" : p.no_car_far === 0 ? "no" : undefined]);
          return popup(p.name + " (" + p.code + ")", rows);
        });
      }
    }), false);
  });
  if (layers.isochrones) {
    counts.isochrones = layers.isochrones.features.length;
    var bandColors = window.hubloBandColors = ["#08519c", "#6baed6", "#c6dbef", "#eff3ff"];
    var feats = layers.isochrones.features.slice().reverse(); // largest first, underneath
    add("isochrones", "Time to the nearest place", L.geoJSON({ type: "FeatureCollection", features: feats }, {
      renderer: renderer,
      style: function (f) {
        var k = layers.isochrones.features.indexOf(f);
        return { fillColor: bandColors[Math.min(k, 3)], fillOpacity: 0.35, color: "#08519c", weight: 0.8 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popup(p.band, [["area (km²)", p.area_km2, 0], ["population", p.population, 0],
            ["demand at risk", p.demand_at_risk, 0]]);
        });
      }
    }), false);
  }
  function outlines(key, label, color, weight, visible) {
    if (!layers[key]) return;
    counts[key] = layers[key].features.length;
    add(key, label, L.geoJSON(layers[key], {
      renderer: renderer, interactive: false,
      style: { fill: false, color: color, weight: weight, opacity: 0.9 }
    }), visible);
  }
  outlines("epci", "EPCI outlines", "#555555", 1, true);
  outlines("departements", "Département outlines", "#000000", 2.2, true);
  var desertLayer = null;
  if (layers.deserts) {
    counts.deserts = layers.deserts.features.length;
    desertLayer = L.geoJSON(layers.deserts, {
      renderer: renderer,
      style: { fill: true, fillColor: "#6a3d9a", fillOpacity: 0.12, color: "#6a3d9a", weight: 3, dashArray: "6 4" },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popup("Desert " + p.id + ": " + p.name, [
            ["rank", p.rank, 0], ["communes", p.communes, 0], ["population", p.population, 0],
            ["demand at risk", p.demand, 0], ["mean time (min)", p.nearest_place_mean_min, 1],
            ["worst time (min)", p.nearest_place_max_min, 1], ["accessibility", p.accessibility, 2],
            ["why (communes)", p.reasons], ["robust communes", p.robust_communes, 0],
            ["people at risk far", p.at_risk_far, 0],
            ["of them without a car", p.at_risk_far_no_car, 0],
            ["nearest places", p.nearest_places]
          ]);
        });
      }
    });
    add("deserts", "Digital deserts", desertLayer, true);
  }
  if (layers.places) {
    counts.places = layers.places.features.length;
    add("places", "Places of mediation", L.geoJSON(layers.places, {
      pointToLayer: function (f, latlng) {
        var c = placeType(f.properties.labels).color;
        // Outside the study (a subset): drawn faint, it counts in no figure of the page.
        var faint = f.properties.in_study === 0;
        if (faint) anyOutside = true;
        // A stop of a mobile service: a ring, so that a bus is not read as an office.
        if (f.properties.mobile_service)
          return L.circleMarker(latlng, { renderer: renderer, radius: 3.5, weight: 2, color: c,
            fillColor: "#fff", fillOpacity: 1, opacity: faint ? 0.35 : 1 });
        return L.circleMarker(latlng, { renderer: renderer, radius: 4.5, weight: 1, color: "#fff",
          fillColor: c, fillOpacity: faint ? 0.35 : 1 });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popup(p.name, [["type", p.labels || "other"],
            ["in the study", p.in_study === 0 ? "no: outside it, for travel times only" : undefined],
            ["address", p.address],
            ["postcode", p.postcode], ["commune", p.commune],
            ["mobile service", p.mobile_service], ["when it stops", p.stop_schedule],
            ["opening hours", p.hours],
            ["hours a week", p.hours_per_week === undefined ? undefined : fmt(p.hours_per_week, 1) +
              (p.hours_source && p.hours_source !== "read" ? " (stand-in: " + p.hours_source + ")" : "")],
            ["staff", p.staff, 0], ["capacity", p.capacity, 0],
            ["people within 30 min", p.population_within_30min, 0]]);
        });
      }
    }), true);
  }
  if (layers.recommendations) {
    counts.recommendations = layers.recommendations.features.length;
    add("recommendations", "Proposed new places", L.geoJSON(layers.recommendations, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { renderer: renderer, radius: 8, weight: 3, color: "#000",
          fillColor: "#ffd700", fillOpacity: 1 });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popup("Proposed place #" + p.rank + ": " + p.name, [["commune", p.commune],
            ["demand newly covered", p.gain, 0], ["people newly covered", p.gain_population, 0],
            ["coverage after it", p.covered_share === undefined ? undefined : fmt(100 * p.covered_share, 1) + " %"]]);
        });
      }
    }), true);
  }
  if (layers.tour) {
    // The travelling service: each day's drive along the roads, and its stops numbered.
    counts.tour = layers.tour.features.length;
    var dayColors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
    var tourGroup = L.featureGroup();
    L.geoJSON(layers.tour, {
      renderer: renderer,
      style: function (f) {
        return { color: dayColors[(f.properties.day - 1) % dayColors.length], weight: 3, opacity: 0.9 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popup("Day " + p.day + " (week " + p.week + ", " + p.weekday + ")",
            [["leaves the depot", p.leaves], ["back", p.back], ["stops", p.stops, 0],
             ["driving, minutes", p.drive_min, 0], ["km", p.km, 0],
             ["people first reached", p.people_new, 0]]);
        });
      }
    }).addTo(tourGroup);
    if (layers.tour_stops) {
      counts.tour_stops = layers.tour_stops.features.length;
      L.geoJSON(layers.tour_stops, {
        pointToLayer: function (f, latlng) {
          // A square with the day's number, in the day's colour (places are round).
          var icon = L.divIcon({ className: "", iconSize: [18, 18], html: "" });
          var marker = L.marker(latlng, { icon: icon, keyboard: false });
          marker.on("add", function () {
            var box = marker.getElement();
            box.className += " tour-stop";
            box.style.background = dayColors[(f.properties.day - 1) % dayColors.length];
            box.textContent = String(f.properties.day);
          });
          return marker;
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(function () {
            return popup("Stop: " + p.name, [["day", p.day + " (week " + p.week + ", " + p.weekday + ")"],
              ["arrives", p.arrives], ["leaves", p.leaves], ["hours a week", p.hours_per_week, 1],
              ["far people without a car within reach", p.people, 0],
              ["of them first reached here", p.people_new, 0]]);
          });
        }
      }).addTo(tourGroup);
    }
    add("tour", "Travelling service: route and stops", tourGroup, true);
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  // ---- legend
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "legend");
    box.id = "legend";
    // A choropleth's classes, under its title.
    function section(id, title, classes) {
      var div = el("div");
      div.id = id;
      div.appendChild(el("h3", null, title));
      classes.forEach(function (c) {
        var row = el("div");
        var sw = el("span", "swatch");
        sw.style.background = c.color;
        row.appendChild(sw);
        row.appendChild(document.createTextNode(c.label));
        div.appendChild(row);
      });
      box.appendChild(div);
      return div;
    }
    section("legend-risk", "Risk index (IFN-style, 1–10)", riskClasses);
    if (overlays["Time to the nearest place"]) {
      // The coverage bands, under the choropleths' legend: shown while the layer is on.
      var bands = section("legend-bands", "Time to the nearest place, by car",
        layers.isochrones.features.map(function (f, k) {
          return { color: window.hubloBandColors[Math.min(k, 3)], label: f.properties.band };
        }));
      bands.style.display = "none";
      bands.appendChild(el("div", "legend-note", "beyond the roads, the last leg at the off-road pace (see the note)"));
    }
    if (Object.keys(minutesLayers).length) {
      var nc = section("legend-minutes", "Minutes", noCarClasses);
      nc.style.display = "none";
      nc.appendChild(el("div", "legend-note", "to the nearest place open " + fmt(data.open_hours, 0) + " h a week or more"));
      var approx = el("div", "legend-note", "approximated: no streets for this mode (see the note)");
      approx.id = "legend-minutes-approximated";
      nc.appendChild(approx);
    }
    box.appendChild(el("h3", null, "Places"));
    placeTypes.forEach(function (t) {
      var row = el("div");
      var sw = el("span", "swatch dot");
      sw.style.background = t.color;
      row.appendChild(sw);
      row.appendChild(document.createTextNode(t.key));
      box.appendChild(row);
    });
    var ms = el("div");
    var msw = el("span", "swatch dot");
    msw.style.background = "#fff";
    msw.style.border = "2px solid #0072B2";
    ms.appendChild(msw);
    ms.appendChild(document.createTextNode("stop of a mobile service"));
    box.appendChild(ms);
    if (anyOutside) {
      var os = el("div");
      var osw = el("span", "swatch dot");
      osw.style.background = "#0072B2";
      osw.style.opacity = "0.35";
      os.appendChild(osw);
      os.appendChild(document.createTextNode("outside the study (travel times only)"));
      box.appendChild(os);
    }
    var d = el("div");
    var dsw = el("span", "swatch");
    dsw.style.border = "2px dashed #6a3d9a";
    d.appendChild(dsw);
    d.appendChild(document.createTextNode("digital desert"));
    box.appendChild(d);
    var r = el("div");
    var rsw = el("span", "swatch dot");
    rsw.style.background = "#ffd700";
    rsw.style.border = "2px solid #000";
    r.appendChild(rsw);
    r.appendChild(document.createTextNode("proposed new place"));
    box.appendChild(r);
    if (layers.tour) {
      var t = el("div");
      var tsw = el("span", "swatch tour-stop", "1");
      tsw.style.background = "#1b9e77";
      t.appendChild(tsw);
      t.appendChild(document.createTextNode("travelling service: stop on day 1, its route"));
      box.appendChild(t);
    }
    return box;
  };
  legend.addTo(map);
  map.on("overlayadd overlayremove", function (e) {
    if (e.name === "Time to the nearest place") {
      var bandsLegend = document.getElementById("legend-bands");
      if (bandsLegend) bandsLegend.style.display = e.type === "overlayadd" ? "" : "none";
      return;
    }
    // The legend shows the classes of the choropleths on the map only.
    var ids = { "Communes by risk index": "legend-risk" };
    Object.keys(minutesLayers).forEach(function (label) { ids[label] = "legend-minutes"; });
    var section = ids[e.name] && document.getElementById(ids[e.name]);
    if (section) section.style.display = e.type === "overlayadd" ? "" : "none";
    var m = minutesLayers[e.name];
    if (m && e.type === "overlayadd") {
      section.querySelector("h3").textContent = "Minutes " + m.label;
      var labels = minuteClasses(m), rows = section.querySelectorAll("div > span.swatch");
      for (var r = 0; r < rows.length && r < labels.length; ++r) rows[r].nextSibling.textContent = labels[r].label;
      document.getElementById("legend-minutes-approximated").style.display = m.approximated ? "" : "none";
    }
    // A choropleth turned on replaces the other (one colouring of the communes at a time)
    // and goes under the outlines, places and deserts already drawn.
    if (section && e.type === "overlayadd") {
      var added = e.layer;
      // After the layers control has finished its click, so that it ticks the box off.
      setTimeout(function () {
        Object.keys(ids).forEach(function (name) {
          var other = overlays[name]; // absent when the study has no [[modes]]
          if (other && other !== added && map.hasLayer(other)) map.removeLayer(other);
        });
        if (added.bringToBack) added.bringToBack();
      }, 0);
    }
  });

  // ---- ranked deserts: clicking one zooms to it and opens its popup
  var list = document.getElementById("deserts");
  if (desertLayer) {
    desertLayer.eachLayer(function (layer) {
      var p = layer.feature.properties;
      var li = el("li");
      li.tabIndex = 0;
      li.appendChild(el("span", "rank", p.rank));
      li.appendChild(document.createTextNode(p.name));
      li.appendChild(el("div", "detail", fmt(p.communes, 0) + (p.communes > 1 ? " communes · " : " commune · ") + fmt(p.population, 0) +
        " people · demand " + fmt(p.demand, 0) + " · " + (p.reasons ? p.reasons : fmt(p.nearest_place_mean_min, 1) + " min") +
        (p.at_risk_far_no_car > 0 ? " · without a car, far: " + fmt(p.at_risk_far_no_car, 0) + " at risk" : "")));
      function go() {
        map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
        layer.openPopup(layer.getBounds().getCenter());
      }
      li.addEventListener("click", go);
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
      list.appendChild(li);
    });
  }
  if (!list.children.length) list.appendChild(el("li", null, "No digital desert with this study's rule."));

  var bounds = layers.communes ? L.geoJSON(layers.communes).getBounds() : null;
  if (bounds && bounds.isValid()) map.fitBounds(bounds); else map.setView([46.6, 2.4], 6);
  window.hubloReport = { ready: true, counts: counts, map: map, data: data };
})();
