# WritePkgConfig.cmake -- install-time step that writes openese.pc.
#
# Runs inside `cmake --install`, where CMAKE_INSTALL_PREFIX is the prefix
# actually being installed to (a --prefix override included), so the .pc file
# always names the directory it was installed under. Inputs (set by the
# install(CODE) in the top-level CMakeLists.txt): OE_PC_IN, OE_PC_OUT,
# OE_LIBDIR, OE_INCLUDEDIR (relative to the prefix, or absolute), OE_VERSION.
set(PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
foreach(d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${OE_${d}}")
    set(PC_${d} "${OE_${d}}")
  else()
    set(PC_${d} "\${prefix}/${OE_${d}}")
  endif()
endforeach()
set(PC_VERSION "${OE_VERSION}")
configure_file("${OE_PC_IN}" "${OE_PC_OUT}" @ONLY)
