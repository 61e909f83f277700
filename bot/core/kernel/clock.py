"""The one clock: everything reads the time through it, so a test, `steerbot tick --now` or the console's
`/clock` can say what time it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """The system's time in UTC; or, once set, a time that stands still until it is set or moved again."""

    def __init__(self, at: datetime | None = None) -> None:
        self._at: datetime | None = None
        if at is not None:
            self.set(at)

    def now(self) -> datetime:
        return datetime.now(UTC) if self._at is None else self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("the clock keeps aware times (UTC)")
        self._at = at.astimezone(UTC)

    def move(self, by: timedelta) -> None:
        self.set(self.now() + by)
