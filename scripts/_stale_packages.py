"""Print the installed distributions that constraints.txt does not list (for _setup.sh).

pip, setuptools and the project itself are never reported: pip and setuptools come
with the virtual environment, and the project is installed from the working tree.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

KEEP = {"pip", "setuptools", "polite-decline"}


def canonical(name: str) -> str:
    # PEP 503 normalisation: "Jinja2", "typing_extensions" -> "jinja2", "typing-extensions".
    return re.sub(r"[-_.]+", "-", name).lower()


def main(constraints: str) -> int:
    pinned = set()
    with open(constraints, encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line:
                pinned.add(canonical(re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0]))
    installed = {canonical(d.metadata["Name"]) for d in metadata.distributions()}
    stale = sorted(installed - pinned - KEEP)
    print(" ".join(stale))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
