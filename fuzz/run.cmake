# Configures and builds the libFuzzer targets with clang in WORK, then fuzzes each for
# SECONDS from its seed corpus (the bundled data and the test fixtures). A crash, a leak or
# a sanitizer report fails the test and leaves the input in WORK/findings.
# SOURCE, WORK, SECONDS.
set(build ${WORK}/build)
# Configured every time (cheap once cached), so that targets added since are known.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${build}
                        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
                        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUBLO_FUZZ=ON
                        -DHUBLO_BUILD_TESTS=OFF -DHUBLO_BUILD_BENCH=OFF -DHUBLO_BUILD_CLI=OFF
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the fuzz build failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${build} -j2 --target hublo_fuzz_csv
                        hublo_fuzz_study hublo_fuzz_places hublo_fuzz_geojson
                        hublo_fuzz_geojson_reader hublo_fuzz_hours hublo_fuzz_gtfs
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the fuzzers failed:\n${out}\n${err}")
endif()

set(data ${SOURCE}/datasets/centre-val-de-loire)
set(fixtures ${SOURCE}/tests/data)
set(seeds_csv ${fixtures}/population_latin1.csv ${fixtures}/places.csv ${fixtures}/zoning.csv
    ${fixtures}/mednum_example.csv ${fixtures}/aidants_connect_sample.csv
    ${SOURCE}/tests/broken/population_utf16.csv ${SOURCE}/tests/broken/population_duplicates.csv
    ${data}/departements_noms.csv)
set(seeds_study ${data}/study.toml ${fixtures}/study.toml ${fixtures}/bad_key.toml
    ${fixtures}/monaco_study.toml ${fixtures}/report_study.toml)
set(seeds_places ${seeds_csv} ${fixtures}/mednum_example.csv ${fixtures}/report_places.csv)
set(seeds_geojson ${fixtures}/places.csv)
set(seeds_geojson_reader ${fixtures}/three_communes.geojson ${fixtures}/two_zones.geojson
    ${fixtures}/monaco_commune.geojson)
set(seeds_hours ${SOURCE}/fuzz/seeds/hours.txt ${SOURCE}/fuzz/seeds/france_services_days.txt)
set(seeds_gtfs ${SOURCE}/fuzz/seeds/gtfs_small.txt)
file(MAKE_DIRECTORY ${WORK}/findings)
set(summary "")
foreach(target csv study places geojson geojson_reader hours gtfs)
    set(corpus ${WORK}/corpus/${target})
    file(MAKE_DIRECTORY ${corpus})
    foreach(seed IN LISTS seeds_${target})
        get_filename_component(name ${seed} NAME)
        file(COPY_FILE ${seed} ${corpus}/seed-${name} ONLY_IF_DIFFERENT)
    endforeach()
    execute_process(COMMAND ${build}/bin/hublo_fuzz_${target} ${corpus}
                            -max_total_time=${SECONDS} -max_len=8192 -timeout=10 -rss_limit_mb=2048
                            -artifact_prefix=${WORK}/findings/${target}-
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(REGEX MATCH "Done [0-9]+ runs in [0-9]+ second" done "${err}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "hublo_fuzz_${target} found a problem (${rc}); the input is in "
                            "${WORK}/findings:\n${err}")
    endif()
    string(APPEND summary "  ${target}: ${done}s, no finding\n")
endforeach()
message("fuzzing, ${SECONDS} s per target:\n${summary}")
