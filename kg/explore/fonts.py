"""Chinese in every figure: a CJK font from a PyPI package, registered with matplotlib.

The font is Noto Sans CJK from the ``noto-cjk-sans-otc`` package (an OpenType collection of
the JP, KR, SC, TC and HK faces; no system font, no root). matplotlib draws the first face of
a collection only, so the Simplified Chinese face is written once, with fontTools, to a cache
folder (``$KG_FONT_CACHE``, else ``$XDG_CACHE_HOME/kg/fonts``, else ``~/.cache/kg/fonts``)
and registered from there. :func:`use_cjk_font` is idempotent and cheap after the first call.
"""

from __future__ import annotations

import os
import pathlib
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

FACE_NAME = "Noto Sans CJK SC"
FILE_NAME = "NotoSansCJKsc-Regular.otf"
# matplotlib's warning when a character has no glyph in any font of the family list.
MISSING_GLYPH = "missing from font"


class FontError(RuntimeError):
    """No CJK font could be set up (the ``explore`` extra is not installed)."""


def cache_dir() -> pathlib.Path:
    if os.environ.get("KG_FONT_CACHE"):
        return pathlib.Path(os.environ["KG_FONT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(base) / "kg" / "fonts"


def _collection() -> pathlib.Path:
    try:
        import noto_cjk_sans_otc
    except ImportError as err:
        raise FontError("no CJK font: pip install -e '.[explore]' (noto-cjk-sans-otc)") from err
    return pathlib.Path(str(noto_cjk_sans_otc.FONT_PATH))


def font_path(face: str = FACE_NAME) -> pathlib.Path:
    """The OpenType file of ``face``, extracted from the collection on first use."""
    target = cache_dir() / FILE_NAME if face == FACE_NAME else cache_dir() / f"{face}.otf"
    if target.is_file() and target.stat().st_size > 0:
        return target
    from fontTools.ttLib import TTCollection, TTFont

    source = _collection()
    names = [font["name"].getDebugName(1) for font in TTCollection(str(source), lazy=True).fonts]
    if face not in names:
        raise FontError(f"{source} has no face {face!r} (faces: {', '.join(map(str, names))})")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    TTFont(str(source), fontNumber=names.index(face), lazy=True).save(str(partial))
    partial.replace(target)  # atomic: a concurrent kernel sees a whole file or none
    return target


def use_cjk_font(face: str = FACE_NAME) -> str:
    """Register the CJK face with matplotlib and make it the default; returns its name."""
    import matplotlib as mpl
    from matplotlib import font_manager

    path = font_path(face)
    if not any(entry.fname == str(path) for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, *[f for f in mpl.rcParams["font.sans-serif"]
                                               if f != name]]
    mpl.rcParams["axes.unicode_minus"] = False  # the CJK face has no U+2212
    return name


@contextmanager
def glyphs_required() -> Iterator[None]:
    """Inside: a character drawn without a glyph raises instead of warning (for tests)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=f".*{MISSING_GLYPH}.*")
        yield


def font_face_css(text: str, family: str = "kg-cjk") -> str:
    """An ``@font-face`` rule holding the CJK face cut down to the characters of ``text``
    (fontTools' subsetter; ~0.5 KB a character), inline as a data URL: a page that uses it
    shows its Chinese on a machine without any CJK font, and fetches nothing."""
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []  # shapes only: no ligatures or vertical forms needed
    options.name_IDs = [1, 2]
    font = TTFont(str(font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}')
