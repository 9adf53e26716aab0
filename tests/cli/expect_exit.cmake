# Runs ${HUBLO} with ${ARGS}; passes when it exits with ${EXPECT_CODE} and its stderr matches
# ${EXPECT_MESSAGE} on one line.
# ARGS_BAR: the arguments separated by | (for arguments that hold TOML with commas and
# brackets, which a ;-list mangles).
if(DEFINED ARGS_BAR)
    string(REPLACE "|" ";" ARGS "${ARGS_BAR}")
endif()
execute_process(COMMAND ${HUBLO} ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXPECT_CODE)
    message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_CODE}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT err MATCHES "${EXPECT_MESSAGE}")
    message(FATAL_ERROR "stderr does not match '${EXPECT_MESSAGE}':\n${err}")
endif()
string(REGEX MATCHALL "\n" lines "${err}")
list(LENGTH lines n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "the error should be one line, got ${n}:\n${err}")
endif()
