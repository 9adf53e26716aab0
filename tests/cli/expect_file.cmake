# Runs ${HUBLO} with ${ARGS} (a run writing into ${OUT}); passes when it exits with 0 and the
# file ${OUT}/${FILE} matches ${EXPECT_CONTENT}: for what only the outputs show (a decoded
# name, a parsed decimal), not the console.
# ARGS_BAR: the arguments separated by | (TOML with commas and brackets).
if(DEFINED ARGS_BAR)
    string(REPLACE "|" ";" ARGS "${ARGS_BAR}")
endif()
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${HUBLO} ${ARGS} -q -o ${OUT} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "exit code ${code}, expected 0\nstdout: ${out}\nstderr: ${err}")
endif()
file(READ ${OUT}/${FILE} content)
if(NOT content MATCHES "${EXPECT_CONTENT}")
    message(FATAL_ERROR "${FILE} does not match '${EXPECT_CONTENT}':\n${content}")
endif()
message("${FILE} matches '${EXPECT_CONTENT}'")
