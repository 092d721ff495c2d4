"""Prints the licences of every crate linked into zipingbiao.exe, from `cargo metadata`
(read on stdin): each crate's name, version, licence expression and the licence files its
package ships. Build scripts, proc macros' own deps and dev-dependencies are left out."""
import json
import os
import sys

meta = json.load(sys.stdin)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
seen, todo = set(), [meta["resolve"]["root"]]
while todo:
    for dep in nodes[todo.pop()]["deps"]:
        normal = any(kind["kind"] is None for kind in dep["dep_kinds"])
        if normal and dep["pkg"] not in seen:
            seen.add(dep["pkg"])
            todo.append(dep["pkg"])

print("zipingbiao.exe 中编译进的第三方程序库及其许可证")
print("Third-party crates compiled into zipingbiao.exe, with their licences")
print()
for p in sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"])):
    print("=" * 78)
    print(f"{p['name']} {p['version']} — {p.get('license') or 'see below'}")
    if p.get("repository"):
        print(p["repository"])
    folder = os.path.dirname(p["manifest_path"])
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        prefixes = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "COPYRIGHT", "UNLICENSE")
        if name.upper().startswith(prefixes) and os.path.isfile(path):
            print(f"\n--- {name} ---\n")
            with open(path, encoding="utf-8", errors="replace") as f:
                print(f.read().strip())
    print()
