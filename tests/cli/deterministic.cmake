# Runs the default study again, on one thread, into ${OUT} and compares every file with
# ${REFERENCE}, byte for byte (the GeoPackage included); summary.json is compared without its
# timings_s member (wall-clock times) and the overrides line that records --set.
file(REMOVE_RECURSE ${OUT})
# One thread here, the machine's cores for the reference run: the outputs must not change.
execute_process(COMMAND ${HUBLO} run -q --set access.threads=1 -o ${OUT} RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "hublo run failed with ${code}")
endif()
file(GLOB_RECURSE files RELATIVE ${REFERENCE} ${REFERENCE}/*) # monographs/ too
list(LENGTH files n)
if(n LESS 17)
    message(FATAL_ERROR "expected 17 files in ${REFERENCE}, found ${n}")
endif()
foreach(f IN LISTS files)
    if(f STREQUAL "summary.json")
        file(READ ${REFERENCE}/${f} a)
        file(READ ${OUT}/${f} b)
        string(REGEX REPLACE "\"timings_[a-z_]*\"[^}]*}" "" a "${a}")
        string(REGEX REPLACE "\"timings_[a-z_]*\"[^}]*}" "" b "${b}")
        string(REGEX REPLACE ",[ \n]*\"overrides\": \\[[^]]*\\]" "" b "${b}")
        if(NOT a STREQUAL b)
            message(FATAL_ERROR "summary.json differs beyond timings_s")
        endif()
    else()
        execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${REFERENCE}/${f} ${OUT}/${f}
                        RESULT_VARIABLE diff)
        if(NOT diff EQUAL 0)
            message(FATAL_ERROR "${f} differs between two runs of the same study")
        endif()
    endif()
endforeach()
message(STATUS "${n} files identical")
