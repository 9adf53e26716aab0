# Runs ${HUBLO} with ${ARGS}; passes when it exits with exactly ${EXPECT_CODE} (a crash or
# another documented code fails, where WILL_FAIL would accept any) and, when given, its
# standard output matches ${EXPECT_OUTPUT}.
if(DEFINED ARGS_BAR)
    string(REPLACE "|" ";" ARGS "${ARGS_BAR}")
endif()
execute_process(COMMAND ${HUBLO} ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXPECT_CODE)
    message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_CODE}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT out MATCHES "${EXPECT_OUTPUT}")
    message(FATAL_ERROR "stdout does not match '${EXPECT_OUTPUT}':\n${out}")
endif()
message("exit code ${code} as expected")
