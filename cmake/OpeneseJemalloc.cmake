# OpeneseJemalloc.cmake -- how the engine gets jemalloc without imposing it.
#
# The engine allocates with jemalloc's non-standard API (mallocx/sdallocx on
# its own arena, src/sync/alloc.c). Debian's libjemalloc is built without a
# symbol prefix, so linking libjemalloc.so into libopenese.so would make
# jemalloc's malloc/free the malloc of every process that loads the engine.
#
# Instead, on Debian we embed libjemalloc_pic.a (position-independent objects
# shipped by libjemalloc-dev) into libopenese.so:
#   1. a private copy of the archive is made at configure time with objcopy,
#      turning the C standard allocator names (malloc, free, ...) into local
#      symbols, so that even the engine's own objects, and anything else linked
#      into the library, resolve plain malloc/free to glibc (no
#      glibc-pointer-freed-by-jemalloc mix-ups, e.g. around strdup/realpath);
#   2. libopenese.so is linked with -Wl,--exclude-libs,<that archive>, so every
#      remaining jemalloc symbol (mallocx, mallctl, je_*, malloc_conf, ...)
#      becomes local to the library: nothing of jemalloc is exported and
#      libjemalloc.so.2 is not a DT_NEEDED dependency.
# The exports test (tests/CMakeLists.txt) checks both facts on the built
# library, and tests/install/malloc_origin.c checks at run time that a host
# program linked with libopenese.so still gets glibc's malloc.
#
# TLS caveat (the same as with Debian's libjemalloc.so.2 itself): jemalloc
# keeps its per-thread state (~2.6 KiB) in an initial-exec TLS variable, and
# the prebuilt archive cannot be relinked to another TLS model. Programs
# linked with -lopenese (the normal case) are unaffected; dlopen() of
# libopenese.so into a running process (Python ctypes, plugins) fails with
# "cannot allocate memory in static TLS block" unless glibc reserves more
# static TLS: GLIBC_TUNABLES=glibc.rtld.optional_static_tls=4096 (checked).
# Fallback (non-Debian layouts without libjemalloc_pic.a, or
# -DOPENESE_JEMALLOC=shared): link libjemalloc.so. That works, but jemalloc
# then replaces the host application's malloc, so the package then declares
# jemalloc as a dependency of the shared library too.
#
# Sanitizer builds do not use jemalloc at all (OE_ALLOC_SYSTEM): ASan/LSan/
# TSan must see every allocation through their own malloc.
#
# Result: the INTERFACE target `openese_jemalloc` (what openese_obj links),
# and OPENESE_JEMALLOC_MODE = embedded | shared | none.

set(OPENESE_JEMALLOC "auto" CACHE STRING "jemalloc linkage: auto | embedded | shared")
set_property(CACHE OPENESE_JEMALLOC PROPERTY STRINGS auto embedded shared)

add_library(openese_jemalloc INTERFACE)

if(OPENESE_SANITIZE)
  set(OPENESE_JEMALLOC_MODE none)
  return()
endif()

pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)

# The C allocator entry points that must stay glibc's everywhere but in jemalloc.
set(_oe_je_localize malloc calloc realloc free aligned_alloc memalign
    posix_memalign valloc pvalloc malloc_usable_size)

find_file(OPENESE_JEMALLOC_PIC libjemalloc_pic.a
  HINTS ${JEMALLOC_LIBRARY_DIRS} /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}
  NO_DEFAULT_PATH)

set(OPENESE_JEMALLOC_MODE shared)
if(NOT OPENESE_JEMALLOC STREQUAL "shared" AND OPENESE_JEMALLOC_PIC AND CMAKE_OBJCOPY)
  set(_oe_je_dir ${CMAKE_BINARY_DIR}/jemalloc)
  set(_oe_je_out ${_oe_je_dir}/libopenese_jemalloc.a)
  file(MAKE_DIRECTORY ${_oe_je_dir})
  # malloc is renamed, not localized: the engine calls it as
  # openese_je_malloc for jemalloc's malloc fast path (thread cache, ~25
  # instructions), which mallocx does not take (~200, callgrind); plain
  # malloc in any object still resolves to glibc's, as before.
  set(_oe_je_args --redefine-sym=malloc=openese_je_malloc)
  foreach(sym ${_oe_je_localize})
    if(NOT sym STREQUAL "malloc")
      list(APPEND _oe_je_args --localize-symbol=${sym})
    endif()
  endforeach()
  execute_process(
    COMMAND ${CMAKE_OBJCOPY} ${_oe_je_args} ${OPENESE_JEMALLOC_PIC} ${_oe_je_out}
    RESULT_VARIABLE _oe_je_rc ERROR_VARIABLE _oe_je_err)
  # Re-run this step when the system archive changes (package upgrade).
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${OPENESE_JEMALLOC_PIC})
  if(_oe_je_rc EQUAL 0)
    set(OPENESE_JEMALLOC_MODE embedded)
    target_include_directories(openese_jemalloc INTERFACE ${JEMALLOC_INCLUDE_DIRS})
    # jemalloc's own needs from libc/libm/libpthread (glibc 2.34+ merges most).
    target_link_libraries(openese_jemalloc INTERFACE ${_oe_je_out} m Threads::Threads ${CMAKE_DL_LIBS})
    target_compile_definitions(openese_jemalloc INTERFACE OE_JE_MALLOC=openese_je_malloc)
    set(OPENESE_JEMALLOC_ARCHIVE_NAME libopenese_jemalloc.a)
  else()
    message(WARNING "objcopy of ${OPENESE_JEMALLOC_PIC} failed (${_oe_je_err}); linking libjemalloc.so")
  endif()
elseif(OPENESE_JEMALLOC STREQUAL "embedded")
  message(FATAL_ERROR "OPENESE_JEMALLOC=embedded needs libjemalloc_pic.a and objcopy")
endif()

if(OPENESE_JEMALLOC_MODE STREQUAL "shared")
  target_link_libraries(openese_jemalloc INTERFACE PkgConfig::JEMALLOC)
endif()
message(STATUS "openese: jemalloc linkage = ${OPENESE_JEMALLOC_MODE}")
