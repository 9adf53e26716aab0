# The catalogue of broken inputs (issue 10): each case runs `hublo check` on the fixture study
# with one input replaced, and asserts either the exact error (exit code and a one-line
# message naming the file and the fix) or the counted warning in the mismatch report.
# The files are described in tests/broken/README.md.
set(B ${CMAKE_CURRENT_SOURCE_DIR}/broken)
set(S ${HUBLO_TEST_DATA_DIR}/study.toml)

# hublo_broken_error(NAME CODE MESSAGE ARG...)
function(hublo_broken_error name code message)
    string(REPLACE ";" "|" args "${ARGN}")
    add_test(NAME broken.${name}
        COMMAND ${CMAKE_COMMAND} -DHUBLO=$<TARGET_FILE:hublo_cli> -DEXPECT_CODE=${code}
                "-DEXPECT_MESSAGE=${message}" "-DARGS_BAR=${args}"
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_exit.cmake)
endfunction()
# hublo_broken_warning(NAME OUTPUT ARG...)
function(hublo_broken_warning name output)
    string(REPLACE ";" "|" args "${ARGN}")
    add_test(NAME broken.${name}
        COMMAND ${CMAKE_COMMAND} -DHUBLO=$<TARGET_FILE:hublo_cli> "-DEXPECT_OUTPUT=${output}"
                "-DARGS_BAR=${args}" -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_issue.cmake)
endfunction()
function(table file columns)
    set(table_set "tables=[{id=\"rp\",path=\"${B}/${file}\",code=\"CODGEO\",columns=[${columns}]}]"
        PARENT_SCOPE)
endfunction()

# ---- layers
hublo_broken_error(empty_layer 4 "empty.geojson: the file is empty \\(0 bytes"
    check ${S} --set "communes.path=\"${B}/empty.geojson\"")
hublo_broken_error(truncated_geojson 4 "truncated.geojson: cannot be read, truncated or corrupt"
    check ${S} --set "communes.path=\"${B}/truncated.geojson\"")
hublo_broken_error(shapefile_without_dbf 4 "nodbf.shp: the Shapefile has no nodbf.dbf beside it"
    check ${S} --set "communes.path=\"${B}/nodbf.shp\"")
hublo_broken_error(shapefile_without_prj 4 "noprj.shp: the layer has no CRS; add crs = "
    check ${S} --set "communes.path=\"${B}/noprj.shp\"")
hublo_broken_error(null_geometry 4 "feature 2 \\(37003\\) has no geometry; every commune needs"
    check ${S} --set "communes.path=\"${B}/null_geometry_communes.geojson\"")
hublo_broken_warning(self_intersecting_polygon "1  commune polygons made valid \\(GEOS MakeValid\\)"
    check ${S} --set "communes.path=\"${B}/bowtie_communes.geojson\"")
hublo_broken_error(self_intersecting_polygon_rejected 4
    "feature 0 \\(37001\\) is not a valid polygon \\(Self-intersection"
    check ${S} --set "communes.path=\"${B}/bowtie_communes.geojson\""
    --set "communes.invalid=\"error\"")

# The vertex bound (10 million vertices by tests/broken/make_huge_polygon.py, by hand; here
# the fixture's 5-vertex squares against a bound of 4).
hublo_broken_error(too_many_vertices 4
    "feature 0 has 5 vertices, more than the 4 of \\[communes\\] max_vertices; simplify"
    check ${S} --set communes.max_vertices=4)

# ---- tables
table(population_utf16.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_warning(utf16_table "communes +3 +population 3 500" check ${S} --set ${table_set})
table(population_utf16_nobom.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_warning(utf16_table_without_bom "communes +3 +population 3 500"
    check ${S} --set ${table_set})
table(population_utf16_truncated.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_error(utf16_truncated 4 "UTF-16 text with an odd number of bytes \\(truncated\\?\\)"
    check ${S} --set ${table_set})
# hublo_broken_output(NAME FILE CONTENT ARG...): a run whose output FILE matches CONTENT.
function(hublo_broken_output name file content)
    string(REPLACE ";" "|" args "${ARGN}")
    add_test(NAME broken.${name}
        COMMAND ${CMAKE_COMMAND} -DHUBLO=$<TARGET_FILE:hublo_cli> -DOUT=${HUBLO_CLI_OUT}/broken-${name}
                -DFILE=${file} "-DEXPECT_CONTENT=${content}" "-DARGS_BAR=${args}"
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_file.cmake)
endfunction()
# The fixture's own table is Latin-1: its names come out as UTF-8 ("Bêta", not "BÃªta"),
# read here through a zoning table whose zone names are the table's LIBGEO.
hublo_broken_warning(latin1_table "communes +3 +population 3 500" check ${S})
hublo_broken_output(latin1_names z.geojson "\"name\":\"Alpha\".*\"name\":\"Bêta\".*\"name\":\"Gamma\""
    run ${S} --set "levels=[{id=\"z\",label=\"Z\",mapping={path=\"${HUBLO_TEST_DATA_DIR}/population_latin1.csv\",from=\"communes\",from_code=\"CODGEO\",code=\"CODGEO\",name=\"LIBGEO\"}}]")
# Decimal commas, a decimal point and a thousands space in one column (TX_POV): each value
# read as written (12,5 -> 12.5; 8.5; 1 234,5 -> 1234.5).
table(population_mixed_decimals.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_warning(mixed_decimal_separators "communes +3 +population 3 500"
    check ${S} --set ${table_set})
hublo_broken_output(mixed_decimal_values communes.geojson
    "\"code\":\"37001\"[^}]*\"TX_POV\":12\\.5[,}].*\"code\":\"37002\"[^}]*\"TX_POV\":8\\.5[,}].*\"code\":\"37003\"[^}]*\"TX_POV\":1234\\.5[,}]"
    run ${S} --set ${table_set})
table(population_duplicates.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_error(duplicate_codes 4
    "population_duplicates.csv:3: code 37001 appears again \\(first at line 2\\)"
    check ${S} --set ${table_set})
# A joined column named like one of hublo's own (`population`): refused before any writing.
table(population_named_population.csv "\"population\"")
hublo_broken_error(table_column_named_like_hublos 3
    "layer communes: \\[\\[tables\\]\\] 'rp' column 'population' would be written as 'population', a column hublo writes itself; give that table a prefix"
    run ${S} -o ${CMAKE_CURRENT_BINARY_DIR}/broken-column-clash --set ${table_set}
    --set population.column=\"population\")
table(population_absurd.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_warning(absurd_populations
    "2  communes whose population is negative or absurd.*37001 \\(-5\\); 37002 \\(9e\\+09\\)"
    check ${S} --set ${table_set})
table(ain_population.csv "\"P21_POP\"")
hublo_broken_warning(codes_lost_leading_zero
    "2  codes of \\[\\[tables\\]\\] rp that lost their leading zero.*1001 -> 01001"
    check ${S} --set "communes.path=\"${B}/ain_communes.geojson\"" --set ${table_set})

# A row of 70 MB (generated): refused with its line, within about 4 times the file's size.
if(HUBLO_PYTHON3)
    set(long_csv ${CMAKE_CURRENT_BINARY_DIR}/broken-long-row.csv)
    add_test(NAME broken.long_row_file
        COMMAND ${HUBLO_PYTHON3} -c
        "open('${long_csv}','w').write('CODGEO;P21_POP\\n37001;' + 'x' * (70 << 20) + '\\n')")
    set_tests_properties(broken.long_row_file PROPERTIES FIXTURES_SETUP long_row)
    table(ignored "\"P21_POP\"")
    hublo_broken_error(long_row 4 "broken-long-row.csv:2: a row longer than 64 MB"
        check ${S} --set "tables=[{id=\"rp\",path=\"${long_csv}\",code=\"CODGEO\",columns=[\"P21_POP\"]}]")
    set_tests_properties(broken.long_row PROPERTIES FIXTURES_REQUIRED long_row)
endif()

# Former commune codes, through a table of changes (chained: 37997 -> 37998 -> 37003).
set(changes "communes.changes={path=\"${B}/communes_changes.csv\",from=\"COM_AV\",to=\"COM_AP\"}")
table(population_former_codes.csv "\"P21_POP\",\"TX_POV\"")
hublo_broken_warning(former_codes_mapped
    "population 3 500.*1  rows of \\[\\[tables\\]\\] rp under a former commune code.*37997 -> 37003"
    check ${S} --set ${changes} --set ${table_set})
hublo_broken_warning(former_code_with_current_row
    "under a former code whose current commune has a row already.*37999 -> 37003"
    check ${S} --set ${changes})

# ---- places
set(places "places=[{id=\"p\",format=\"csv\",path=\"${B}/places_swapped.csv\",columns={id=\"id\",name=\"nom\",lon=\"lon\",lat=\"lat\",commune_code=\"insee\",labels=\"labels\"}}]")
hublo_broken_warning(places_lonlat_swapped
    "1  places whose latitude and longitude were swapped.*places_swapped.csv:2 Swapped"
    check ${S} --set ${places})
hublo_broken_warning(places_outside_france
    "places outside every commune of the study.*Saint-Denis" check ${S} --set ${places})
hublo_broken_warning(places_null_island "places with unusable coordinates" check ${S} --set ${places})

# ---- study files and networks
hublo_broken_error(study_typo 3 "did you mean" check ${HUBLO_TEST_DATA_DIR}/bad_key.toml)
hublo_broken_error(study_wrong_type 3 "\\[outputs\\] decimals must be an integer"
    check ${S} --set "outputs.decimals=\"six\"")
hublo_broken_error(network_without_roads 4 "no_roads.osm.pbf: no road for the car profile"
    check ${S} --set "network.path=\"${HUBLO_TEST_DATA_DIR}/no_roads.osm.pbf\""
    --set "network.format=\"osm\"")

# ---- public transport feeds (GTFS), read by `hublo transit` as a study reads them
set(G ${B}/gtfs)
set(D --date 2026-03-10)
hublo_broken_error(gtfs_missing_stop_times 4
    "missing_stop_times: stop_times.txt is missing; a GTFS feed needs stops, routes, trips"
    transit ${G}/missing_stop_times ${D})
hublo_broken_error(gtfs_no_calendar 4
    "no_calendar: neither calendar.txt nor calendar_dates.txt; a feed needs one"
    transit ${G}/no_calendar ${D})
hublo_broken_error(gtfs_bad_time 4
    "bad_time: stop_times.txt line 5: '12h05' is not a time H:MM:SS"
    transit ${G}/bad_time ${D})
hublo_broken_error(gtfs_duplicate_stop 4
    "duplicate_stop: stops.txt line 5: stop_id 'GAR' is used twice; each stop needs its own id"
    transit ${G}/duplicate_stop ${D})
hublo_broken_error(gtfs_missing_column 4
    "missing_column: stops.txt: the required column stop_id is missing"
    transit ${G}/missing_column ${D})
hublo_broken_error(gtfs_truncated_zip 4
    "truncated.zip: not a readable zip archive \\(truncated or not a zip\\)"
    transit ${G}/truncated.zip ${D})
hublo_broken_error(gtfs_no_service_on_date 4
    "no trip runs on 2027-03-10: .*small covers 2026-01-01 to 2026-12-31; set the date"
    transit ${HUBLO_TEST_DATA_DIR}/gtfs/small --date 2027-03-10)
hublo_broken_error(gtfs_missing_feed 3 "nowhere.zip: GTFS feed not found"
    transit ${G}/nowhere.zip ${D})
hublo_broken_warning(gtfs_times_backwards
    "1  GTFS: trips whose times go backwards \\(left out\\)\n +e.g. trip T2"
    transit ${G}/times_backwards ${D})
hublo_broken_warning(gtfs_stop_without_coordinates
    "1  GTFS: stops without usable coordinates.*stops.txt line 3 \\(CHB\\)"
    transit ${G}/stop_without_coordinates ${D})
hublo_broken_warning(gtfs_trip_without_times
    "1  GTFS: trips with fewer than two stop times \\(left out\\)\n +e.g. trip T9"
    transit ${G}/trip_without_times ${D})
hublo_broken_warning(gtfs_unknown_stop
    "1  GTFS: trips calling at a stop_id not in stops.txt.*stop_times.txt line 9 \\(GARE\\)"
    transit ${G}/unknown_stop ${D})
hublo_broken_warning(gtfs_unknown_service
    "1  GTFS: trips whose service_id is in neither calendar.txt nor calendar_dates.txt.*\\(T3\\)"
    transit ${G}/unknown_service ${D})
hublo_broken_warning(gtfs_zip_with_a_folder
    "5 stops \\(5 located\\).*149 trips in 5 routes"
    transit ${G}/in_folder.zip ${D})
# In a study: [transit] with a feed that stops short, refused before any output.
hublo_broken_error(gtfs_in_a_study 4 "bad_time: stop_times.txt line 5"
    check ${HUBLO_TEST_DATA_DIR}/monaco_study.toml
    --set "transit={feeds=[\"${G}/bad_time\"],date=\"2026-03-10\"}"
    --set "modes=[{id=\"transit\",transit=true}]")
# A stop without coordinates in a study: counted, and no walk reaches it.
hublo_broken_warning(gtfs_stop_without_coordinates_in_a_study
    "1  GTFS: stops without usable coordinates.*stops.txt line 3 \\(CHB\\)"
    check ${HUBLO_TEST_DATA_DIR}/monaco_study.toml
    --set "transit={feeds=[\"${G}/stop_without_coordinates\"],date=\"2026-03-10\"}"
    --set "modes=[{id=\"transit\",transit=true}]")
