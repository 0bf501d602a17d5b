"""``python -m pmcourse.reference``: write the printable formula sheet; link lessons.

``--link-lessons`` links every lesson's bolded terms to the glossary (first
use of each term; running it again changes nothing).

Used in: notebooks/formula_sheet.html (rebuilt after a library change).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmcourse.reference.formulas import formula_sheet_html


def main(argv: list[str] | None = None) -> int:
    """Write the formula sheet's HTML page; return the exit status.

    Parameters
    ----------
    argv : list of str, optional

    Returns
    -------
    int

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "sheet.html"
    >>> main(["--out", str(out)])
    wrote ...sheet.html
    0
    """
    parser = argparse.ArgumentParser(prog="python -m pmcourse.reference")
    parser.add_argument(
        "--out", type=Path, default=Path("notebooks") / "formula_sheet.html"
    )
    parser.add_argument(
        "--link-lessons",
        action="store_true",
        help="link the bolded terms of notebooks/NN_*.ipynb to the glossary",
    )
    args = parser.parse_args(argv)
    if args.link_lessons:
        from pmcourse.reference.linking import link_lesson

        for path in sorted(args.out.parent.glob("[0-9][0-9]_*.ipynb")):
            if link_lesson(path):
                print(f"linked {path}")
        return 0
    args.out.write_text(formula_sheet_html(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
