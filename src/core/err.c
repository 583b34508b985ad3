/*
 * err.c -- where OE_ERR records the birthplace of the last error (debug).
 */
#include "err.h"

#ifndef NDEBUG
_Thread_local const char *oe_err_file;
_Thread_local int oe_err_line;
#endif
