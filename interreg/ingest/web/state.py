"""What a poll remembers between runs, in `web-state.json` beside the store (INTERREG_HOME).

- `feeds`: per feed or sitemap URL, the validators of its last answer (ETag,
  Last-Modified) for a conditional GET, and when it was polled and with what status;
- `pages`: every page URL already dealt with (read, or gone for good), and when, so a
  feed's old items are not fetched again;
- `retry`: pages that failed in a way that may pass (5xx, timeout), fetched again next time;
- `last_poll`: when the last poll ended.

Written atomically (a temporary file renamed over the old one), and only after the
documents were loaded: a poll that dies part-way leaves the state of the poll before.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from interreg import config
from interreg.errors import UserError

STATE_FILE = "web-state.json"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class PollState:
    path: Path | None                                   # None: kept in memory only
    feeds: dict[str, dict] = field(default_factory=dict)
    pages: dict[str, dict] = field(default_factory=dict)
    retry: dict[str, dict] = field(default_factory=dict)
    last_poll: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> PollState:
        path = path or config.home() / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as error:
            raise UserError(f"cannot read the poll state {path}: {error} (move it away to start afresh)") from None
        return cls(path, feeds=data.get("feeds", {}), pages=data.get("pages", {}),
                   retry=data.get("retry", {}), last_poll=data.get("last_poll"))

    @classmethod
    def in_memory(cls) -> PollState:
        return cls(None)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"feeds": self.feeds, "pages": self.pages, "retry": self.retry, "last_poll": self.last_poll}
        handle, temporary = tempfile.mkstemp(prefix=".web-state-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
