#ifndef VIGIL_CREADLINE_SHIM_H
#define VIGIL_CREADLINE_SHIM_H
/* GNU readline for the REPL and `confirm`; installed by `apt-get install libreadline-dev`. */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
