#!/usr/bin/env python3
"""Pick kernel modules and their dependencies out of an extracted kernel
package, in load order, without modinfo/depmod (the package has no
modules.dep; each module's .modinfo section says "depends=a,b").

    kmods.py <lib/modules/VERSION dir> <out dir> name...

Copies <name>.ko and what it depends on (recursively) to <out dir> and
writes <out dir>/order: one file name per line, dependencies first.
"""
import os
import re
import shutil
import sys


def index(moddir):
    found = {}
    for root, _, files in os.walk(moddir):
        for f in files:
            if f.endswith(".ko"):
                found[f[:-3].replace("-", "_")] = os.path.join(root, f)
    return found


def depends(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"depends=([^\0]*)\0", data)
    if not m or not m.group(1):
        return []
    return [d.decode().replace("-", "_") for d in m.group(1).split(b",")]


def main():
    moddir, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    found = index(moddir)
    order, seen = [], set()

    def visit(name, chain):
        name = name.replace("-", "_")
        if name in seen:
            return
        if name not in found:
            sys.exit("kmods: module %s (wanted by %s) is not in %s"
                     % (name, " <- ".join(chain) or "the command line",
                        moddir))
        seen.add(name)
        for dep in depends(found[name]):
            visit(dep, [name] + chain)
        order.append(name)

    for n in names:
        visit(n, [])
    os.makedirs(out, exist_ok=True)
    for n in order:
        shutil.copy(found[n], os.path.join(out, n + ".ko"))
    with open(os.path.join(out, "order"), "w") as f:
        f.write("".join(n + ".ko\n" for n in order))


if __name__ == "__main__":
    main()
