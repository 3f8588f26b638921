"""Every public entry point of the module (its functions, the Engine's and Net's methods and the
results' methods: to_pandas, to_gpkg, ...) is called in at least one test of this folder: adding
one without a test fails here. (Read-only result fields are data, checked with their results.)"""
import glob
import inspect
import os
import re

import corridor
from corridor import _corridor

HERE = os.path.dirname(os.path.abspath(__file__))


def public_names():
    names = {f"corridor.{n}" for n in corridor.__all__}
    for cls_name in dir(_corridor):
        cls = getattr(_corridor, cls_name)
        if not inspect.isclass(cls) or issubclass(cls, BaseException):
            continue
        for n in dir(cls):
            if not n.startswith("_") and callable(getattr(cls, n)):
                names.add(f"{cls_name}.{n}")
    return names


def test_every_entry_point_is_used_in_a_test():
    text = ""
    for p in glob.glob(os.path.join(HERE, "*.py")):
        if os.path.basename(p) != os.path.basename(__file__):
            with open(p, encoding="utf-8") as f:
                text += f.read()
    missing = []
    for full in sorted(public_names()):
        name = full.split(".", 1)[1]
        pattern = (r"\bcorridor\." + re.escape(name) + r"\b" if full.startswith("corridor.")
                   else r"\b" + re.escape(name) + r"\(")
        if not re.search(pattern, text):
            missing.append(full)
    assert not missing, "entry points no test uses: " + ", ".join(missing)
