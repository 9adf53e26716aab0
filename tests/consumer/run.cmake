# Installs hublo from BUILD into a fresh PREFIX, builds tests/consumer against it with
# find_package(hublo), and runs it.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configure failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build failed:\n${out}\n${err}")
endif()
foreach(program consumer consumer_c)
    execute_process(COMMAND ${WORK}/build/${program} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    message(STATUS "${program}: ${out}${err}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${program} failed (${rc})")
    endif()
endforeach()
# The installed command writes a GeoPackage: libhublo_gdal.so, installed beside the engine's
# libraries, is found and loaded from there.
execute_process(COMMAND ${WORK}/prefix/bin/hublo risk -q -o ${WORK}/risk
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB gpkg ${WORK}/risk/*.gpkg)
if(NOT rc EQUAL 0 OR NOT gpkg)
    message(FATAL_ERROR "the installed hublo wrote no GeoPackage (${rc}):\n${out}${err}")
endif()
message(STATUS "installed hublo wrote ${gpkg}")
# The installed Python package imports from the prefix and finds the installed library.
if(EXISTS ${WORK}/prefix/lib/python3/dist-packages/hublo)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env
                            PYTHONPATH=${WORK}/prefix/lib/python3/dist-packages
                            /usr/bin/python3 -c
                            "import hublo; print('python', hublo.version(), hublo.__file__)"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0 OR NOT out MATCHES "${WORK}/prefix")
        message(FATAL_ERROR "the installed Python package does not import (${rc}):\n${out}${err}")
    endif()
    message(STATUS "installed ${out}")
endif()
# The C library exports the C API and nothing else.
execute_process(COMMAND nm -D --defined-only ${WORK}/prefix/lib/libhublo.so.0
                OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm -D failed on libhublo.so.0")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
set(count 0)
foreach(line IN LISTS lines)
    string(REGEX REPLACE "^.* " "" name "${line}")
    if(NOT name MATCHES "^hublo_")
        message(FATAL_ERROR "libhublo.so.0 exports ${name}, which is not hublo_*")
    endif()
    math(EXPR count "${count} + 1")
endforeach()
message(STATUS "libhublo.so.0 exports ${count} symbols, all hublo_*")
