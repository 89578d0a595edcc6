"""A folder of cached derivatives (photo renditions, share images), keyed by content.

Each entry is a folder named by a 64-hex key, holding the files a key produced and a
``manifest.json`` that lists them with their sizes. The key says everything that decided
the bytes (see ``photos.cache_key`` and ``share_cards.share_key``), so an entry is never
out of date: it is used as it is, or not at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from .errors import PipelineError

_MANIFEST = "manifest.json"
_FILE_NAME = re.compile(r"[0-9a-f]{16}\.(?:webp|jpg)")
_KEY_LENGTH = 64
_STALE_TEMP_S = 600  # a temporary folder older than this belongs to a crashed build


class DerivativeCache:
    """A folder of entries ``<key>/`` holding a ``manifest.json`` and the files it lists.

    Entries are written to a temporary folder and renamed into place, so a crashed or
    concurrent build never sees half an entry. Only folders whose names look like our
    keys are ever deleted, so a mistaken ``folder`` cannot lose anyone's files.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entry(self, key: str) -> Path:
        """The folder of entry ``key``."""
        return self.folder / key

    def load(self, key: str) -> dict[str, Any] | None:
        """The manifest of ``key`` when the entry is complete (every listed file has its
        recorded size), else None. Reads no file but the manifest."""
        entry = self.entry(key)
        try:
            manifest = json.loads((entry / _MANIFEST).read_text(encoding="utf-8"))
            files = manifest["files"]
            for name, size in files.items():
                # Only our own content-hashed names: a doctored manifest must not make
                # the build publish a file from elsewhere ("../../x").
                if not _FILE_NAME.fullmatch(name) or (entry / name).stat().st_size != size:
                    return None
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # An unreadable or foreign manifest is a miss: the entry is rebuilt.
            return None
        return manifest if isinstance(manifest, dict) else None

    def store(self, key: str, files: Mapping[str, bytes], manifest: Mapping[str, Any]) -> dict[str, Any]:
        """Write entry ``key`` with ``files`` and ``manifest`` (plus the files' sizes)."""
        complete = {**manifest, "files": {name: len(data) for name, data in sorted(files.items())}}
        temporary = self.folder / f".tmp-{key}-{os.getpid()}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(temporary, ignore_errors=True)
            temporary.mkdir()
            for name, data in files.items():
                (temporary / name).write_bytes(data)
            (temporary / _MANIFEST).write_text(json.dumps(complete, sort_keys=True, indent=1), encoding="utf-8")
            final = self.entry(key)
            if final.exists():
                shutil.rmtree(final)  # incomplete or unreadable, or load() would have used it
            try:
                temporary.rename(final)
            except OSError:
                # Another build stored the same entry first; theirs is as good as ours.
                if self.load(key) is None:
                    raise
        except OSError as error:
            raise PipelineError(f"cannot write the cache folder {self.folder}: {error}") from error
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return complete

    def prune(self, keep: Collection[str]) -> int:
        """Delete every entry not in ``keep`` (and stale temporary folders); how many went."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        now = time.time()
        for path in sorted(self.folder.iterdir()):
            name = path.name
            is_entry = len(name) == _KEY_LENGTH and all(char in "0123456789abcdef" for char in name)
            is_stale_temp = name.startswith(".tmp-") and now - path.stat().st_mtime > _STALE_TEMP_S
            if path.is_dir() and not path.is_symlink() and ((is_entry and name not in keep) or is_stale_temp):
                shutil.rmtree(path)
                removed += 1
        return removed
