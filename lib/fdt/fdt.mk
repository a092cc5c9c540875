# lib/fdt/fdt.mk - libfdt for the freestanding hypervisor build.
#
# Included by the top-level Makefile with LIBFDT_DIR already set
# (normally $(CACHE)/libfdt-1.7.2, filled by scripts/fetch-libfdt).
# libfdt itself is never vendored; only our libfdt_env.h lives here.
#
# Provides:
#   LIBFDT_SRCS      += the libfdt .c files to build (full paths)
#   LIBFDT_INCLUDES  += -I flags for any file that includes <libfdt.h>
#   LIBFDT_CFLAGS    += flags for compiling the libfdt .c files only
#   LIBFDT_STAMP      = $(LIBFDT_DIR)/.ok, with a rule that runs
#                       scripts/fetch-libfdt; make libfdt objects (and
#                       anything including <libfdt.h>) depend on it order-only:
#                         $(LIBFDT_OBJS): | $(LIBFDT_STAMP)
#
# The sources below compile warning-free with -std=c11 -ffreestanding
# -fno-builtin -O2 -Wall -Wextra -Werror on aarch64 (clang-19 and gcc),
# riscv64, x86_64 and loongarch64 (clang-19), so no -Wno-* flags are needed.
# If stricter warnings are ever enabled globally, libfdt 1.7.2 would trip
# -Wpedantic (extra ';' in libfdt.h, also seen by our own includers),
# -Wcast-align, -Wconversion and -Wsign-conversion; add the matching -Wno-*
# to LIBFDT_CFLAGS only.
#
# Not built: fdt_overlay.c (needs strtoul(); overlays are not used).
# Needs from lib/string.c: memcpy memmove memset memcmp memchr strlen
# strnlen strrchr.

ifndef LIBFDT_DIR
$(error lib/fdt/fdt.mk: LIBFDT_DIR must be set before including it)
endif

# Directory of this fragment (lib/fdt when included from the repo root).
LIBFDT_ENV_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

LIBFDT_FILES := fdt.c fdt_ro.c fdt_wip.c fdt_sw.c fdt_rw.c fdt_strerror.c \
		fdt_addresses.c fdt_check.c fdt_empty_tree.c

LIBFDT_SRCS += $(addprefix $(LIBFDT_DIR)/,$(LIBFDT_FILES))
LIBFDT_INCLUDES += -I$(LIBFDT_DIR) -I$(LIBFDT_ENV_DIR)
LIBFDT_CFLAGS += -I$(LIBFDT_DIR) -I$(LIBFDT_ENV_DIR)

LIBFDT_STAMP := $(LIBFDT_DIR)/.ok

# libfdt's .c files include "libfdt_env.h" with quotes, which would find an
# upstream (hosted) copy next to them before ours; fetch-libfdt never
# extracts it, so refuse a LIBFDT_DIR that has one.
ifneq ($(wildcard $(LIBFDT_DIR)/libfdt_env.h),)
$(error $(LIBFDT_DIR)/libfdt_env.h exists; it would shadow $(LIBFDT_ENV_DIR)/libfdt_env.h - remove it or re-run scripts/fetch-libfdt on a clean cache)
endif

# Rules below must not become the including Makefile's default goal.
libfdt_saved_goal := $(.DEFAULT_GOAL)

$(LIBFDT_STAMP):
	CVISOR_CACHE=$(patsubst %/,%,$(dir $(LIBFDT_DIR))) \
		$(LIBFDT_ENV_DIR)/../../scripts/fetch-libfdt >/dev/null
	@test -f $@ || { echo "fetch-libfdt did not create $@ (LIBFDT_DIR must end in libfdt-1.7.2)" >&2; exit 1; }

# The sources appear once the stamp exists.
$(LIBFDT_SRCS): | $(LIBFDT_STAMP)

.DEFAULT_GOAL := $(libfdt_saved_goal)
