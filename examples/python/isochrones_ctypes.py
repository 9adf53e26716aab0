#!/usr/bin/python3
"""The isochrones of three points, as GeoJSON, through libhublo's C API with ctypes only.

Usage: isochrones_ctypes.py [LIBRARY] > isochrones.geojson
LIBRARY defaults to $HUBLO_LIBRARY, then "libhublo.so.0" (found by the dynamic loader:
install hublo, or set LD_LIBRARY_PATH). The study is the bundled default one.
"""
import ctypes
import json
import os
import sys

lib = ctypes.CDLL(sys.argv[1] if len(sys.argv) > 1 else
                  os.environ.get("HUBLO_LIBRARY", "libhublo.so.0"))
P = ctypes.c_void_p
lib.hublo_version.restype = ctypes.c_char_p
lib.hublo_status_string.restype = ctypes.c_char_p
lib.hublo_status_string.argtypes = [ctypes.c_int]
lib.hublo_last_error.restype = ctypes.c_char_p
lib.hublo_last_error.argtypes = [P]
lib.hublo_context_create.argtypes = [ctypes.POINTER(P)]
lib.hublo_context_destroy.argtypes = [P]
lib.hublo_study_open_file.argtypes = [P, ctypes.c_char_p, ctypes.POINTER(P)]
lib.hublo_study_destroy.argtypes = [P]
lib.hublo_network_from_study.argtypes = [P, P, ctypes.POINTER(P)]
lib.hublo_network_destroy.argtypes = [P]
lib.hublo_isochrones.argtypes = [P, P, ctypes.POINTER(ctypes.c_double), ctypes.c_size_t,
                                 ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.c_int,
                                 ctypes.POINTER(ctypes.c_void_p)]
lib.hublo_free.argtypes = [P]


def check(ctx, status):
    if status != 0:
        raise RuntimeError(f"{lib.hublo_status_string(status).decode()}: "
                           f"{lib.hublo_last_error(ctx).decode()}")


ctx, study, network = P(), P(), P()
check(None, lib.hublo_context_create(ctypes.byref(ctx)))
try:
    check(ctx, lib.hublo_study_open_file(ctx, None, ctypes.byref(study)))
    check(ctx, lib.hublo_network_from_study(ctx, study, ctypes.byref(network)))
    # Chinon, Orléans and Bourges: 10 and 20 minutes from each.
    points = [0.2423, 47.1667, 1.9093, 47.9030, 2.3995, 47.0822]
    minutes = [10.0, 20.0]
    out = ctypes.c_void_p()
    check(ctx, lib.hublo_isochrones(ctx, network, (ctypes.c_double * 6)(*points), 3,
                                    (ctypes.c_double * 2)(*minutes), 2, 0, ctypes.byref(out)))
    text = ctypes.string_at(out).decode()
    lib.hublo_free(out)
    collection = json.loads(text)
    for f in collection["features"]:
        p = f["properties"]
        print(f"origin {p['origin']}: {p['minutes_to']:g} min, {p['area_km2']} km2",
              file=sys.stderr)
    print(text)
finally:
    lib.hublo_network_destroy(network)
    lib.hublo_study_destroy(study)
    lib.hublo_context_destroy(ctx)
