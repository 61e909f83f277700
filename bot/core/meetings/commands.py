"""`/meeting`: each command goes to the schedule (next, every, cancel, list, clear) or to live capture (start,
end, minutes)."""

from __future__ import annotations

from typing import assert_never

from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.documents import Doc, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.meetings.capture import CaptureService
from bot.core.meetings.meeting_grammar import (
    USAGE,
    Cancel,
    Minutes,
    Plain,
    ScheduleEvery,
    ScheduleOnce,
    parse_meeting_command,
)
from bot.core.meetings.scheduling import ScheduleService


class MeetingCommands:
    def __init__(self, schedule: ScheduleService, capture: CaptureService) -> None:
        self.schedule = schedule
        self.capture = capture

    def handle(self, caller: Caller, said: Said) -> Doc:
        match parse_meeting_command(said.text):
            case Help():
                return say(USAGE)
            case Invalid(message=why):
                return say(why)
            case ScheduleOnce(text=text):
                return self.schedule.plan(caller, text, recurring=False)
            case ScheduleEvery(text=text):
                return self.schedule.plan(caller, text, recurring=True)
            case Cancel(text=text):
                return self.schedule.cancel(caller, text)
            case Minutes(text=text):
                return self.capture.minutes(caller, text)
            case Plain(verb=verb):
                plain = {
                    "list": self.schedule.list,
                    "clear": self.schedule.clear,
                    "start": self.capture.start,
                    "end": self.capture.end,
                }
                return plain[verb](caller)
            case unreachable:
                assert_never(unreachable)
