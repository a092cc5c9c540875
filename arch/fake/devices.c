/* The fake arch has no emulated console model: zones use "none". */
#include "cvisor/vconsole.h"

const struct vconsole_model *const vconsole_models[] = {NULL};
