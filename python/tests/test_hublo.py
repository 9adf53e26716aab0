"""The Python module, from the build tree (PYTHONPATH=build/python): the default study run
once, its layers against the files it wrote (GeoPandas reading them), settings, errors,
Ctrl-C, the GIL released, isochrones and nearest times on the road network."""
import math
import os
import signal
import threading
import time

import geopandas
import pytest

import hublo

STUDY = os.path.join(os.path.dirname(__file__), "..", "..", "datasets", "centre-val-de-loire",
                     "study.toml")
CHINON = (0.2424, 47.1665)  # Chinon's town centre, WGS84


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    study = hublo.Study.open(STUDY, access__threads=2, **{"outputs.monographs": ""})
    return study, study.run(output_dir=out), out


def test_layers_equal_the_files_written(run):
    _, result, out = run
    for name in ("deserts", "communes", "places", "tour", "tour_stops"):
        got = result.layer(name).to_geopandas()
        want = geopandas.read_file(out / f"{name}.geojson")
        assert list(got.columns) == list(want.columns), name
        assert len(got) == len(want), name
        assert got.crs.to_epsg() == 4326
        for column in got.columns:
            if column == "geometry":
                # The same coordinates, to the file's 6 decimals (GeoPandas parses the text).
                same = got.geometry.geom_equals_exact(want.geometry, tolerance=1e-9)
                assert same.all(), f"{name}: {(~same).sum()} geometries differ"
            else:
                a, b = got[column].tolist(), want[column].tolist()
                for x, y in zip(a, b):
                    if isinstance(x, float) or isinstance(y, float):
                        assert (x is None or math.isnan(x)) == (y is None or math.isnan(y)) \
                            or x == pytest.approx(y, rel=1e-12), (name, column, x, y)
                    else:
                        if hasattr(y, "strftime"):  # the reader takes "09:00" for a time
                            y = y.strftime("%H:%M")
                        elif isinstance(y, str) and len(y) == 8 and y[:5] == x:
                            y = y[:5]  # ... and gives it back as "09:00:00"
                        assert x == y or (x is None and y is None), (name, column, x, y)


def test_geojson_dict_and_summary(run):
    study, result, _ = run
    fc = result.layer("deserts").to_geojson()
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 34  # the default study's 34 desert zones
    assert result.summary["study"]["id"] == "centre-val-de-loire"
    assert result.summary["study"]["crs"] == "EPSG:2154" == study.crs
    assert "deserts.geojson" in result.files
    assert "communes" in result.layer_names


def test_study_crs(run):
    _, result, _ = run
    communes = result.layer("communes").to_geopandas(crs="study")
    assert communes.crs.to_epsg() == 2154
    # Areas in Lambert-93 against the layer's own area_km2 (computed by hublo in the study CRS
    # before rounding to 6 decimals of a degree: within 0.5 %).
    ratio = (communes.geometry.area / 1e6 / communes["area_km2"]).median()
    assert ratio == pytest.approx(1.0, abs=0.005)


def test_settings_as_keywords_and_dotted_names():
    study = hublo.Study.open(STUDY, deserts__time_min=15, **{"access.threads": 1})
    assert study.id == "centre-val-de-loire"
    with pytest.raises(hublo.InputError, match="did you mean"):
        hublo.Study.open(STUDY, **{"deserts.time_mn": 15})
    with pytest.raises(hublo.InputError, match="section.key"):
        hublo.Study.open(STUDY, threads=2)


def test_errors_are_classes_carrying_the_message(tmp_path):
    with pytest.raises(hublo.InputError, match="nowhere.toml"):
        hublo.Study.open(tmp_path / "nowhere.toml")
    assert issubclass(hublo.InputError, hublo.Error)
    assert issubclass(hublo.Interrupted, KeyboardInterrupt)
    with pytest.raises(hublo.InputError, match="communes, "):
        study = hublo.Study.open(STUDY)
        study.check().layer("no such layer")


def test_progress_and_its_exception(tmp_path):
    calls = []

    def progress(stage, done, total):
        calls.append((stage, done, total))
        if len(calls) == 3:
            raise ValueError("stop here")

    study = hublo.Study.open(STUDY, **{"outputs.monographs": ""})
    with pytest.raises(ValueError, match="stop here"):
        study.run(output_dir=tmp_path / "out", progress=progress)
    assert len(calls) == 3
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_ctrl_c_interrupts_a_run(tmp_path):
    def progress(stage, done, total):
        os.kill(os.getpid(), signal.SIGINT)  # as a user pressing Ctrl-C

    study = hublo.Study.open(STUDY, **{"outputs.monographs": ""})
    with pytest.raises(hublo.Interrupted):
        study.run(output_dir=tmp_path / "out", progress=progress)
    assert not (tmp_path / "out").exists()
    # Python's own handler is back: a SIGINT now raises KeyboardInterrupt in Python.
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)


def test_the_gil_is_released_while_hublo_works(tmp_path):
    ticks = [0]
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    study = hublo.Study.open(STUDY, **{"outputs.monographs": ""})
    start = time.monotonic()
    study.run(output_dir=tmp_path / "out", threads=1)
    seconds = time.monotonic() - start
    done.set()
    t.join()
    # The ticking thread ran during the run: about one tick a millisecond, at least a
    # quarter of that (with the GIL held by the run it would not tick at all).
    assert ticks[0] > seconds * 1000 / 4, (ticks[0], seconds)


def test_isochrones_and_nearest_times(run):
    study, result, _ = run
    layer = study.isochrones([CHINON + ("chinon",)], minutes=[10, 20])
    gdf = layer.to_geopandas(crs="study")
    assert len(gdf) == 2
    small, large = gdf.geometry.iloc[0], gdf.geometry.iloc[1]
    assert small.area < large.area
    assert large.buffer(1).contains(small)  # cumulative bands
    # Nearest times: from a place, the nearest place is itself, reached through the road
    # (the two legs between the point and the road, each at most [network] max_snap_m =
    # 2 km at offroad_speed_kmh = 30: 4 minutes).
    places = result.layer("places").to_geopandas()
    some = [(p.x, p.y) for p in places.geometry.iloc[:20]]
    times = study.nearest_times(some)
    assert len(times) == 20
    assert all(0 <= t <= 8.0 for t in times), times
    # Chinon's centre: its nearest places (Aidants Connect in Chinon) are minutes away.
    here = study.nearest_times([CHINON])[0]
    assert 0 < here < 10, here


def test_compare_returns_the_totals(tmp_path):
    scenarios = os.path.join(os.path.dirname(STUDY), "scenarios.toml")
    doc = hublo.Study.open(scenarios).compare(["bus-chinonais"], output_dir=tmp_path)
    assert doc["output_dir"] == str(tmp_path)
    assert [s["id"] for s in doc["scenarios"]] == ["bus-chinonais"]
    bus = doc["scenarios"][0]
    assert bus["places"] == doc["base"]["places"] + 2  # the bus's two stops
    assert bus["settings"][-1] == 'edits.open="scenario_bus_chinonais.csv"'
    assert (tmp_path / "compare" / "bus-chinonais" / "changes.geojson").exists()
    with pytest.raises(hublo.InputError, match="no scenario 'nope'"):
        hublo.Study.open(scenarios).compare(["nope"], output_dir=tmp_path)
