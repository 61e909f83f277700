"""Meetings and what they produce.

- ``schedule``: a committee's meeting schedule (one-off and recurring, read from ``/meeting next|every``);
- ``scheduling``: ``/meeting next|every|cancel|list|clear``, the next and last meeting, "before the next meeting";
- ``agenda``: ``/agenda`` (show, post, export, topics) and the job that posts it before each meeting;
- ``documents``: the agenda and the minutes as documents;
- ``capture``: live capture between ``/meeting start`` and ``/meeting end``, and the minutes;
- ``commands``: ``/meeting``'s commands routed to the schedule or to capture;
- ``decisions``, ``updates``: ``/decision`` and ``/update``;
- ``*_grammar``: each command's words -> one typed command.
"""
