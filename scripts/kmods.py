#!/usr/bin/env python3
"""Pick kernel modules and their dependencies out of an extracted kernel
package, in load order, without modinfo/depmod (the package has no
modules.dep; each module's .modinfo section says "depends=a,b").

    kmods.py [--builtin] <lib/modules/VERSION dir> <out dir> name...

Copies <name>.ko and what it depends on (recursively) to <out dir> and
writes <out dir>/order: one file name per line, dependencies first.
Compressed modules (.ko.xz, as trixie ships them) are stored
uncompressed (busybox's insmod reads plain ELF). With --builtin, a name
that the package's modules.builtin lists (built into the kernel, =y) is
skipped instead of refused; without it every name must be a module.
"""
import lzma
import os
import re
import sys

SUFFIXES = (".ko", ".ko.xz")


def modname(filename):
    for s in SUFFIXES:
        if filename.endswith(s):
            return filename[:-len(s)].replace("-", "_")
    return None


def index(moddir):
    found = {}
    for root, _, files in os.walk(moddir):
        for f in files:
            name = modname(f)
            if name:
                found[name] = os.path.join(root, f)
    return found


def builtins(moddir):
    path = os.path.join(moddir, "modules.builtin")
    if not os.path.exists(path):
        sys.exit("kmods: --builtin, but %s does not exist" % path)
    with open(path) as f:
        return {modname(os.path.basename(line.strip()))
                for line in f if line.strip()}


def contents(path):
    with open(path, "rb") as f:
        data = f.read()
    return lzma.decompress(data) if path.endswith(".xz") else data


def depends(data):
    m = re.search(rb"depends=([^\0]*)\0", data)
    if not m or not m.group(1):
        return []
    return [d.decode().replace("-", "_") for d in m.group(1).split(b",")]


def main():
    args = sys.argv[1:]
    allow_builtin = bool(args) and args[0] == "--builtin"
    if allow_builtin:
        args = args[1:]
    if len(args) < 3:
        sys.exit(__doc__.strip())
    moddir, out, names = args[0], args[1], args[2:]
    found = index(moddir)
    builtin = builtins(moddir) if allow_builtin else set()
    order, seen, data = [], set(), {}

    def visit(name, chain):
        name = name.replace("-", "_")
        if name in seen:
            return
        if name not in found:
            if name in builtin:
                return
            sys.exit("kmods: module %s (wanted by %s) is not in %s"
                     % (name, " <- ".join(chain) or "the command line",
                        moddir))
        seen.add(name)
        data[name] = contents(found[name])
        for dep in depends(data[name]):
            visit(dep, [name] + chain)
        order.append(name)

    for n in names:
        visit(n, [])
    os.makedirs(out, exist_ok=True)
    for n in order:
        with open(os.path.join(out, n + ".ko"), "wb") as f:
            f.write(data[n])
    with open(os.path.join(out, "order"), "w") as f:
        f.write("".join(n + ".ko\n" for n in order))


if __name__ == "__main__":
    main()
