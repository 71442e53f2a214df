# touchpoint_test(<module> <source>...): one GoogleTest executable per module
# (tests_<module>), discovered by CTest. Call it once per module with every
# test source of that module (like leveldb_test()).
function(touchpoint_test module)
  if(NOT TOUCHPOINT_TESTS)
    return()
  endif()
  set(target tests_${module})
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE touchpoint::${module} touchpoint_testutil GTest::gtest GTest::gtest_main
                                          touchpoint_warnings)
  # Tests that run the CLI need the binary and the locale data; paths come from testutil's compile-time
  # defaults (one ENVIRONMENT value only: a ';' list would be split by gtest_discover_tests).
  add_dependencies(${target} touchpoint)
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "TOUCHPOINT_SHARE_DIR=${TOUCHPOINT_SHARE_DIR}")
endfunction()
