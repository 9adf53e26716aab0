# GDAL is loaded only when a study needs it (engine/src/io/gdal_module.hpp): the dynamic
# linker's own log (LD_DEBUG=files) shows which libraries a run loads.
#  1. `hublo check` on the bundled study (GeoJSON inputs) loads neither GDAL nor the module;
#  2. `hublo risk` writes a GeoPackage: it loads the module, which loads GDAL, and the
#     GeoPackage is there.
set(ENV{LD_DEBUG} files)

# Runs hublo with the arguments, which must succeed; `log` gets the linker's log (stderr).
function(run_logged)
    execute_process(COMMAND ${HUBLO} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    if(NOT code EQUAL 0)
        message(FATAL_ERROR "hublo ${ARGN} failed (${code}):\n${out}")
    endif()
    set(log "${err}" PARENT_SCOPE)
endfunction()

run_logged(check -q)
if(NOT log MATCHES "file=libproj")
    message(FATAL_ERROR "LD_DEBUG=files gave no log of the libraries loaded:\n${log}")
endif()
if(log MATCHES "libgdal|libhublo_gdal")
    string(REGEX MATCH "[^\n]*libgdal[^\n]*" line "${log}")
    message(FATAL_ERROR "a study on GeoJSON inputs loaded GDAL: ${line}")
endif()

file(REMOVE_RECURSE ${OUT})
run_logged(risk -q -o ${OUT})
if(NOT log MATCHES "file=[^\n]*libhublo_gdal\\.so[^\n]*dynamically loaded")
    message(FATAL_ERROR "writing a GeoPackage did not load libhublo_gdal.so")
endif()
if(NOT log MATCHES "file=libgdal")
    message(FATAL_ERROR "writing a GeoPackage did not load GDAL")
endif()
file(GLOB gpkg ${OUT}/*.gpkg)
if(NOT gpkg)
    message(FATAL_ERROR "no GeoPackage in ${OUT}")
endif()
message(STATUS "check: no GDAL; risk: the module and GDAL loaded, wrote ${gpkg}")
