"""The build's memory of its article work: a task's result and the files it wrote, kept under the hash of all it
depends on -> build/<issue>/.cache/ (design principle 14).

A key is the hash of the pipeline's version (pipeline/fingerprint.py: code, stylesheets, templates,
configuration files, installed packages), the values the task is given (manifest entry, issue, journal
config, pages ...) and the content of every file it reads. A task whose key is known, and whose files are
still what it wrote (by their hashes), is not run again: its recorded result stands and nothing is
rewritten. Only results of work that succeeded are kept (a stage stopped by a limit may pass on a quieter
machine).

File hashes are remembered by path, size and modification time (.cache/hashes.json), so that a build with
nothing changed reads no file twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import xmlio
from pipeline.fingerprint import file_sha256

FOLDER = ".cache"
HASHES = "hashes.json"
KEPT = 4  # results kept per task name: the last few inputs (a manuscript changed and changed back)


@dataclass
class Cache:
    folder: Path  # build/<issue>/.cache
    version: str  # fingerprint.code_version()
    enabled: bool = True  # False: --force, everything runs (and is remembered for the next build)
    _hashes: dict[str, list] = field(default_factory=dict)
    _records: dict[str, dict[str, tuple[Any, dict[str, str]]]] = field(default_factory=dict)
    _changed: bool = False

    @classmethod
    def open(cls, out: Path, version: str, enabled: bool = True) -> Cache:
        cache = cls(out / FOLDER, version, enabled)
        try:
            cache._hashes = json.loads((cache.folder / HASHES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache._hashes = {}
        return cache

    # --- hashing ---------------------------------------------------------------------------------------------

    def file_hash(self, path: Path) -> str:
        """sha256 of the file's content ("" when there is no such file), remembered by size and mtime."""
        try:
            stat = path.stat()
        except OSError:
            return ""
        seen = self._hashes.get(str(path))
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        if seen and seen[:3] == signature:
            return seen[3]
        digest = file_sha256(path)
        self._hashes[str(path)] = [*signature, digest]
        self._changed = True
        return digest

    def key(self, *values: object, files: Iterable[Path] = ()) -> str:
        """The hash of the pipeline's version, `values` (by their repr: dataclasses and plain data) and the
        named files' content."""
        digest = hashlib.sha256(self.version.encode())
        for value in values:
            digest.update(repr(value).encode())
            digest.update(b"\0")
        for path in files:
            digest.update(f"{path}\0{self.file_hash(path)}\0".encode())
        return digest.hexdigest()

    # --- results ---------------------------------------------------------------------------------------------

    def get(self, name: str, key: str) -> Any | None:
        """The result recorded for `key` under `name` ("02-pope/ingest"), if the files it wrote are unchanged."""
        if not self.enabled:
            return None
        entry = self._record(name).get(key)
        if entry is None:
            return None
        result, written = entry
        if any(self.file_hash(Path(path)) != digest for path, digest in written.items()):
            return None
        return result

    def put(self, name: str, key: str, result: Any, written: Iterable[Path]) -> None:
        record = self._record(name)
        record.pop(key, None)
        record[key] = (result, {str(path): self.file_hash(path) for path in written if path.is_file()})
        for old in list(record)[:-KEPT]:
            del record[old]
        xmlio.write_bytes_atomic(self._path(name), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        """Remember the file hashes for the next build (written only when they changed)."""
        if self._changed:
            live = {path: value for path, value in self._hashes.items() if os.path.exists(path)}
            xmlio.write_bytes_atomic(self.folder / HASHES, (json.dumps(live, indent=0, sort_keys=True) + "\n").encode())
            self._changed = False

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def _record(self, name: str) -> dict[str, tuple[Any, dict[str, str]]]:
        if name not in self._records:
            try:
                self._records[name] = pickle.loads(self._path(name).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                self._records[name] = {}
        return self._records[name]
