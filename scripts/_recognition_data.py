"""Labelled mail for measuring and fitting the recogniser (used by the scripts only).

Three kinds of sets, each read where it lies (never copied into the project):

* folders of ``.eml`` files whose parent folder names the label (our fixtures,
  ``tests/fixtures/recognition/``), or with a ``labels.tsv`` beside them;
* ``../shared/corpus-real``: real job mail labelled in ``labels.tsv``. A fixed,
  seeded third of it, stratified by label, is the *holdout*: it is never used to fit
  weights or to develop rules, and is reported apart. The rest is *dev*;
* ``../shared/corpus``: ordinary mail, every file ``not_invitation``.

Each message is judged as the running service judges it: with its recipient (the
first To address, else the first Cc) configured as the user.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mailer.core.message import Mail
from mailer.core.model import Category, Identity

__all__ = [
    "HOLDOUT_SEED",
    "LABELS",
    "Item",
    "collect",
    "identity_for",
    "split_of",
]

LABELS = tuple(c.value for c in Category)
#: The seed that fixes which third of corpus-real is held out. Never change it: the
#: holdout is only worth something while no rule or weight has seen it.
HOLDOUT_SEED = "polite-decline holdout 2026-12"
DEFAULT_USER = "alex@example.org"
#: The folder whose labels.tsv is split into dev and holdout.
SPLIT_SET = "corpus-real"


@dataclass(frozen=True, slots=True)
class Item:
    path: Path
    label: str
    split: str  # "dev", "holdout" or "" (not a split set)
    source: str  # the folder given on the command line


def _labels_tsv(folder: Path) -> dict[Path, str]:
    table = folder / "labels.tsv"
    if not table.is_file():
        return {}
    out: dict[Path, str] = {}
    with table.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name, label = (row.get("file") or "").strip(), (row.get("label") or "").strip()
            if name and label in LABELS:
                out[(folder / name).resolve()] = label
    return out


def holdout_files(table: dict[Path, str]) -> frozenset[Path]:
    """A seeded third of each label's files (rounded up), chosen by file name only."""
    chosen: set[Path] = set()
    for label in LABELS:
        files = sorted((p for p, lab in table.items() if lab == label), key=lambda p: p.name)
        random.Random(f"{HOLDOUT_SEED}/{label}").shuffle(files)
        chosen.update(files[: (len(files) + 2) // 3])
    return frozenset(chosen)


def split_of(path: Path, holdout: frozenset[Path]) -> str:
    return "holdout" if path.resolve() in holdout else "dev"


def collect(folders: Iterable[Path], *, everything: str | None = None) -> list[Item]:
    """Every labelled ``.eml`` under ``folders``.

    ``everything`` labels files that have no label of their own (``../shared/corpus``
    is all ``not_invitation``). Files of ``corpus-real`` (the folder's name) get a
    split, dev or holdout; other folders get none.
    """
    items: list[Item] = []
    for folder in folders:
        top = _labels_tsv(folder)
        # Only the development set of real job mail has a holdout; the ordinary corpus
        # (no invitations) is measured whole.
        split = top if folder.resolve().name == SPLIT_SET else {}
        holdout = holdout_files(split) if split else frozenset()
        tables = dict(top)
        for tsv_dir in {p.parent for p in folder.rglob("labels.tsv")} - {folder}:
            tables.update(_labels_tsv(tsv_dir))
        for path in sorted(folder.rglob("*.eml")):
            resolved = path.resolve()
            label = tables.get(resolved)
            if label is None and path.parent.name in LABELS:
                label = path.parent.name
            if label is None:
                label = everything
            if label is None:
                print(f"warning: no label for {path}", file=sys.stderr)
                continue
            part = split_of(path, holdout) if resolved in split else ""
            items.append(Item(path, label, part, str(folder)))
    return items


def identity_for(mail: Mail, default: str = DEFAULT_USER) -> Identity:
    """The user the service would be configured with: the message's recipient."""
    for addr in (*mail.to, *mail.cc):
        if addr:
            return Identity(name="", email=addr.lower())
    return Identity(name="", email=default)
