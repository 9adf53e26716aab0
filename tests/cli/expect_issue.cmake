# Runs ${HUBLO} with ${ARGS}; passes when it exits with 0 and its standard output (the
# counts and the mismatch report) matches ${EXPECT_OUTPUT}.
# ARGS_BAR: the arguments separated by | (for arguments that hold TOML with commas and
# brackets, which a ;-list mangles).
if(DEFINED ARGS_BAR)
    string(REPLACE "|" ";" ARGS "${ARGS_BAR}")
endif()
execute_process(COMMAND ${HUBLO} ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "exit code ${code}, expected 0\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT out MATCHES "${EXPECT_OUTPUT}")
    message(FATAL_ERROR "stdout does not match '${EXPECT_OUTPUT}':\n${out}")
endif()
