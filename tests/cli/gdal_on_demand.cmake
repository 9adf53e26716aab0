# GDAL is loaded only when a study needs it (engine/src/io/gdal_module.hpp): the dynamic
# linker's own log (LD_DEBUG=files) shows which libraries a run loads.
#  1. `hublo check` on the bundled study (GeoJSON inputs) loads neither GDAL nor the module;
#  2. `hublo risk` writes a GeoPackage: it loads the module, which loads GDAL, and the
#     GeoPackage is there.
set(ENV{LD_DEBUG} files)
execute_process(COMMAND ${HUBLO} check -q RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "hublo check failed (${code}):\n${out}")
endif()
if(NOT err MATCHES "file=libproj")
    message(FATAL_ERROR "LD_DEBUG=files gave no log of the libraries loaded:\n${err}")
endif()
if(err MATCHES "libgdal|libhublo_gdal")
    string(REGEX MATCH "[^\n]*libgdal[^\n]*" line "${err}")
    message(FATAL_ERROR "a study on GeoJSON inputs loaded GDAL: ${line}")
endif()
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${HUBLO} risk -q -o ${OUT} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "hublo risk failed (${code}):\n${out}")
endif()
if(NOT err MATCHES "file=[^\n]*libhublo_gdal\\.so[^\n]*dynamically loaded")
    message(FATAL_ERROR "writing a GeoPackage did not load libhublo_gdal.so")
endif()
if(NOT err MATCHES "file=libgdal")
    message(FATAL_ERROR "writing a GeoPackage did not load GDAL")
endif()
file(GLOB gpkg ${OUT}/*.gpkg)
if(NOT gpkg)
    message(FATAL_ERROR "no GeoPackage in ${OUT}")
endif()
message(STATUS "check: no GDAL; risk: the module and GDAL loaded, wrote ${gpkg}")
