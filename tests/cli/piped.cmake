# `hublo run` with its output piped: no progress line, nothing at all on stderr, the summary
# table on stdout.
execute_process(COMMAND ${HUBLO} run -o ${OUT} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "exit code ${code}: ${err}")
endif()
if(NOT err STREQUAL "")
    message(FATAL_ERROR "stderr should be empty when piped, got: ${err}")
endif()
if(NOT out MATCHES "communes +1754")
    message(FATAL_ERROR "no summary table on stdout: ${out}")
endif()
